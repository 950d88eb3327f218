import Foundation
import Yams

/// How many rows of each table to generate (`Seeds/profiles.yml`).
public struct Profile: Sendable, Equatable {
    public let name: String
    public let description: String
    /// Rows per logical table name.
    public var counts: [String: Int]
    /// The product of every `--scale` applied, for the row counts of the dataset specs' tables.
    var scale = 1.0

    /// The most rows seedctl generates for one table.
    static let maximumRows = 2_000_000_000

    /// Rows of `table`.
    func count(_ table: SeededTable) -> Int { counts[table.name] ?? 0 }

    /// Multiplies every count by `factor`, rounding to the nearest row.
    public func scaled(by factor: Double) throws -> Profile {
        guard factor > 0, factor.isFinite else {
            throw ConfigurationError("'--scale' must be a positive number")
        }
        var copy = self
        for (table, rows) in counts {
            let scaled = (rows == 0 ? 0 : max(1, Double(rows) * factor)).rounded()
            guard scaled <= Double(Self.maximumRows) else {
                throw ConfigurationError(
                    "'--scale \(factor)' gives \(table) more than \(Self.maximumRows) rows, more than seedctl generates; lower --scale"
                )
            }
            copy.counts[table] = Int(scaled)
        }
        copy.scale *= factor
        return copy
    }

    /// Sets `table=rows` overrides such as `tech_conversations=500000`; `specTables` (the
    /// dataset specs' new tables) may be named too.
    public func overriding(_ overrides: [String], specTables: [String] = []) throws -> Profile {
        var copy = self
        for override in overrides {
            let parts = override.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let rows = Int(parts[1].replacingOccurrences(of: "_", with: "")),
                rows >= 0
            else {
                throw ConfigurationError(
                    "'--count \(override)' must look like TABLE=ROWS, e.g. tech_conversations=500000")
            }
            if specTables.contains(parts[0]) {
                copy.counts[parts[0]] = rows
                continue
            }
            guard let table = SeedSchema.table(named: parts[0]) else {
                let names = (SeedSchema.tables.map(\.name) + specTables).joined(separator: ", ")
                throw ConfigurationError("'--count': unknown table '\(parts[0])'; seeded tables: \(names)")
            }
            copy.counts[table.name] = rows
        }
        return copy
    }

    /// Checks that the counts can be generated: children need parents, and sizes are sane.
    public func validate() throws {
        let limit = Self.maximumRows
        for table in SeedSchema.tables where count(table) > limit {
            throw ConfigurationError(
                "\(table.name): \(count(table)) rows is more than seedctl generates (\(limit)); lower the count or --scale"
            )
        }
        for table in SeedSchema.tables {
            guard let parent = table.parent, count(table) > 0 else { continue }
            let parentCount = counts[parent.table] ?? 0
            if parentCount == 0 {
                throw ConfigurationError(
                    "\(table.name) has \(count(table)) rows but its parent \(parent.table) has none; give \(parent.table) a count"
                )
            }
        }
    }
}

/// The profiles in a `profiles.yml`.
public struct ProfileCatalog: Sendable {
    public let profiles: [Profile]

    /// Reads a profiles file: `profiles: { NAME: { description: …, counts: { table: rows } } }`.
    public init(contentsOf url: URL) throws {
        let yaml = try YAMLFile.text(
            of: url,
            missing: "cannot read profiles from \(url.path); pass --seeds DIR or run from the project folder")
        struct Entry: Decodable {
            var description: String?
            var counts: [String: Int]
        }
        struct File: Decodable { var profiles: [String: Entry] }
        let file = try YAMLFile.decode(
            File.self, from: yaml, url: url, expected: "'profiles:' mapping names to 'counts:'")
        profiles = try file.profiles.map { name, entry in
            var counts: [String: Int] = [:]
            for (tableName, rows) in entry.counts {
                let line = YAMLFile.line(at: ["profiles", name, "counts", tableName], in: yaml).map {
                    ":\($0)"
                }
                let place = "\(url.path)\(line ?? "")"
                guard let table = SeedSchema.table(named: tableName) else {
                    let names = SeedSchema.tables.map(\.name).joined(separator: ", ")
                    throw ConfigurationError(
                        "\(place): profile '\(name)' names unknown table '\(tableName)'; seeded tables: \(names)"
                    )
                }
                guard (0...Profile.maximumRows).contains(rows) else {
                    throw ConfigurationError(
                        "\(place): profile '\(name)' gives \(tableName) \(rows) rows; "
                            + "a count must be from 0 to \(Profile.maximumRows)")
                }
                counts[table.name] = rows
            }
            return Profile(name: name, description: entry.description ?? "", counts: counts)
        }.sorted { $0.name < $1.name }
    }

    /// The profile called `name`.
    public func profile(named name: String) throws -> Profile {
        guard let profile = profiles.first(where: { $0.name == name }) else {
            throw ConfigurationError(
                "unknown profile '\(name)'; available: \(profiles.map(\.name).joined(separator: ", "))")
        }
        return profile
    }
}
