/// A value fixed when the spec is compiled, typed for its column.
enum SpecValue: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case real(Double)
    case boolean(Bool)
    case timestamp(Timestamp)
    case json(String)
    case null

    /// Writes the value as one field.
    @inline(__always)
    func write<S: RowSink>(into sink: inout S) {
        switch self {
        case .text(let value): sink.text(value)
        case .integer(let value): sink.integer(value)
        case .real(let value): sink.real(value)
        case .boolean(let value): sink.boolean(value)
        case .timestamp(let value): sink.timestamp(value)
        case .json(let value): sink.json(value)
        case .null: sink.null()
        }
    }

    /// The value as a JSON member value.
    var jsonText: String {
        switch self {
        case .text(let value): jsonString(value)
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .boolean(let value): value ? "true" : "false"
        case .timestamp(let value): jsonString(value.iso8601)
        case .json(let value): value
        case .null: "null"
        }
    }
}

/// How one column's value is computed for a row: a spec rule or a schema default, compiled
/// once (weights to cumulative thresholds, constants typed, templates parsed), so a row costs
/// a switch and a hash round per draw.
indirect enum ColumnFill: Sendable {
    case constant(SpecValue)
    case pick([SpecValue])
    /// Cumulative weights; a draw below `cumulative[i]` (mod the last) picks `values[i]`.
    case weighted([SpecValue], cumulative: [UInt64])
    case integer(lower: Int, span: UInt64)
    case real(lower: Double, width: Double)
    case time(lower: Timestamp, span: Int64)
    /// At least a second and at most `within` after the time in `slot` of the row.
    case after(slot: Int, within: Int64)
    /// At least a second and at most `within` after the parent row's time.
    case afterParent(within: Int64)
    /// A template over the vocabulary, its slots drawn on a stream of the column's own.
    case template(SpecTemplate, stream: UInt64, words: SpecWords)
    /// A JSON object: pre-encoded `"key":` prefixes and their members' fills.
    case json([(key: String, fill: ColumnFill)])
    /// A uuid unique to the row (122 hash bits).
    case uuid
    /// `row + 1`: unique across every part.
    case rowNumber
    /// `prefix` followed by the row's index: unique across every part.
    case rowText(prefix: String)
    /// The owning parent's key.
    case parentKey
    /// The `position`-th value of a finite domain, rotated per parent: unique within a parent
    /// while `position < values.count` (the generator stops a parent's rows there).
    case perParent([SpecValue])
    case boolean
    /// `fill`, or NULL for about one row in ten.
    case sometimesNull(ColumnFill)
}

/// What a compiled column reads while a row is generated: the row's random source and index,
/// its parent, its position among its siblings and the times written so far.
struct SpecRow {
    var random: RowRandom
    var row: Int
    var parentKey = SeedUUID(high: 0, low: 0)
    var parentTime = Timestamp(microseconds: 0)
    var parent = 0
    var position = 0
    /// Times by column slot (what `after:` reads); `SpecRow.null` where the row's value is NULL.
    var times: [Timestamp]

    /// The time slot of a NULL: an `after:` it is NULL too.
    static let null = Timestamp(microseconds: .min)
}

/// One column a spec or the schema fills: its name and type as written, its field key (from
/// its name: adding a column never changes another's values) and how its value is computed.
struct CompiledColumn: Sendable {
    let column: Column
    let key: UInt64
    let fill: ColumnFill
    /// The column's slot in `SpecRow.times`, when other columns read its time.
    let slot: Int

    /// The field key of a column name: FNV-1a with the high bit set, clear of the small field
    /// numbers the built-in generators use.
    static func fieldKey(_ name: String) -> UInt64 { CounterHash.stream(name) | (1 << 63) }

    /// Writes the column's value for `row` and records its time.
    @inline(__always)
    func write<S: RowSink>(_ row: inout SpecRow, into sink: inout S) {
        write(fill, key, &row, into: &sink)
    }

    private func write<S: RowSink>(
        _ fill: ColumnFill, _ key: UInt64, _ row: inout SpecRow, into sink: inout S
    ) {
        switch fill {
        case .after(let source, _) where row.times[source] == SpecRow.null:
            row.times[slot] = SpecRow.null
            sink.null()
        case .time, .after, .afterParent:
            let time = self.time(fill, key, row)
            row.times[slot] = time
            sink.timestamp(time)
        case .uuid:
            sink.uuid(SeedUUID(high: row.random.bits(key), low: row.random.bits(key &+ 1)))
        case .parentKey: sink.uuid(row.parentKey)
        case .sometimesNull(let inner):
            if row.random.bits(key ^ 0x5A5A) % 10 == 0 {
                row.times[slot] = SpecRow.null
                sink.null()
            } else {
                write(inner, key, &row, into: &sink)
            }
        default: value(fill, key, row).write(into: &sink)
        }
    }

    private func time(_ fill: ColumnFill, _ key: UInt64, _ row: SpecRow) -> Timestamp {
        switch fill {
        case .time(let lower, let span):
            return lower.adding(span <= 0 ? 0 : Int64(row.random.bits(key) % UInt64(span + 1)))
        case .after(let slot, let within):
            return row.times[slot].adding(Self.delay(row.random.unit(key), within))
        case .afterParent(let within):
            return row.parentTime.adding(Self.delay(row.random.unit(key), within))
        default: return row.parentTime
        }
    }

    /// Between one second and `within`.
    private static func delay(_ unit: Double, _ within: Int64) -> Int64 {
        Timestamp.second + Int64(unit * Double(max(0, within - Timestamp.second)))
    }

    private func value(_ fill: ColumnFill, _ key: UInt64, _ row: SpecRow) -> SpecValue {
        switch fill {
        case .constant(let value): return value
        case .pick(let values): return values[Int(row.random.bits(key) % UInt64(values.count))]
        case .weighted(let values, let cumulative):
            let draw = row.random.bits(key) % (cumulative.last ?? 1)
            var index = 0
            while index < cumulative.count - 1, draw >= cumulative[index] { index += 1 }
            return values[index]
        case .integer(let lower, let span): return .integer(lower + Int(row.random.bits(key) % span))
        case .real(let lower, let width): return .real(lower + row.random.unit(key) * width)
        case .template(let template, let stream, let words):
            let random = RowRandom(hash: row.random.hash, stream: stream, row: row.row)
            return .text(template.render(row: row.row, random: random, vocabulary: words))
        case .json(let members):
            var text = "{"
            for (index, member) in members.enumerated() {
                if index > 0 { text += ", " }
                text += member.key
                text += value(member.fill, key &+ UInt64(index + 1) &* 0x9E37, row).jsonText
            }
            return .json(text + "}")
        case .rowNumber: return .integer(row.row + 1)
        case .rowText(let prefix): return .text(prefix + String(row.row))
        case .perParent(let values):
            let rotation = Int(CounterHash.mix(row.parentKey.high ^ key) % UInt64(values.count))
            return values[(row.position + rotation) % values.count]
        case .boolean: return .boolean(row.random.bits(key) & 1 == 1)
        case .sometimesNull(let inner):
            return row.random.bits(key ^ 0x5A5A) % 10 == 0 ? .null : value(inner, key, row)
        case .time, .after, .afterParent: return .timestamp(time(fill, key, row))
        case .uuid:
            return .text(SeedUUID(high: row.random.bits(key), low: row.random.bits(key &+ 1)).description)
        case .parentKey: return .text(row.parentKey.description)
        }
    }
}
