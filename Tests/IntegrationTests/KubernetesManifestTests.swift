import Foundation
import Testing
import Yams

/// `deploy/kubernetes/`: the manifests parse, and the fields the README's commands rely on hold
/// (Indexed Jobs whose completions, parallelism and K/N agree, the shared results volume), and
/// every seedctl flag they pass is one the built binary accepts.
@Suite("deploy/kubernetes manifests")
struct KubernetesManifestTests {
    static let folder = Repository.root.appendingPathComponent("deploy/kubernetes")

    /// Every document of every manifest, by `metadata.name`.
    static func manifests() throws -> [String: [String: Any]] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".yaml")
        }
        #expect(files.count == 5, "\(files)")
        var byName: [String: [String: Any]] = [:]
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for document in try Yams.load_all(yaml: text) {
                let manifest = try #require(document as? [String: Any], "\(file)")
                let metadata = try #require(manifest["metadata"] as? [String: Any], "\(file)")
                byName[try #require(metadata["name"] as? String)] = manifest
            }
        }
        return byName
    }

    static func value(_ object: Any?, _ path: String) -> Any? {
        path.split(separator: ".").reduce(object) { current, key in
            if let index = Int(key) {
                return (current as? [Any]).flatMap { index < $0.count ? $0[index] : nil }
            }
            return (current as? [String: Any])?[String(key)]
        }
    }

    /// The shell line a Job's container runs (`sh -c LINE`), or its command and args joined.
    static func commandLine(_ job: [String: Any]) throws -> String {
        let container = try #require(value(job, "spec.template.spec.containers.0") as? [String: Any])
        let command = container["command"] as? [String] ?? []
        let args = container["args"] as? [String] ?? []
        return command == ["/bin/sh", "-c"]
            ? try #require(args.first) : (command + args).joined(separator: " ")
    }

    @Test func indexedJobsAgreeOnTheirNumberOfParts() throws {
        let manifests = try Self.manifests()
        for (name, flag) in [("seedctl-seed", "--part"), ("seedctl-bench", "--segment")] {
            let job = try #require(manifests[name], "\(name)")
            #expect(job["apiVersion"] as? String == "batch/v1" && job["kind"] as? String == "Job")
            #expect(Self.value(job, "spec.completionMode") as? String == "Indexed", "\(name)")
            let completions = try #require(Self.value(job, "spec.completions") as? Int)
            #expect(Self.value(job, "spec.parallelism") as? Int == completions, "\(name): all parts at once")
            #expect(completions > 1)
            let line = try Self.commandLine(job)
            #expect(line.contains("\(flag) $((JOB_COMPLETION_INDEX+1))/\(completions)"), "\(name): \(line)")
            #expect(Self.value(job, "spec.template.spec.restartPolicy") as? String == "Never")
        }
        // A retried segment would not run beside the others.
        #expect(Self.value(manifests["seedctl-bench"], "spec.backoffLimit") as? Int == 0)
    }

    @Test func segmentsWriteWhereTheMergeReads() throws {
        let manifests = try Self.manifests()
        let claim = try #require(manifests["seedctl-bench-results"])
        #expect(claim["kind"] as? String == "PersistentVolumeClaim")
        #expect((Self.value(claim, "spec.accessModes") as? [String])?.contains("ReadWriteMany") == true)
        var mounts: [String] = []
        for name in ["seedctl-bench", "seedctl-bench-merge"] {
            let job = try #require(manifests[name])
            let volume = try #require(Self.value(job, "spec.template.spec.volumes.0") as? [String: Any])
            #expect(
                Self.value(volume, "persistentVolumeClaim.claimName") as? String == "seedctl-bench-results")
            let mount = try #require(
                Self.value(job, "spec.template.spec.containers.0.volumeMounts.0") as? [String: Any])
            #expect(mount["name"] as? String == volume["name"] as? String, "\(name)")
            mounts.append(try #require(mount["mountPath"] as? String))
        }
        #expect(mounts == ["/results", "/results"])
        let bench = try Self.commandLine(try #require(manifests["seedctl-bench"]))
        let merge = try Self.commandLine(try #require(manifests["seedctl-bench-merge"]))
        #expect(bench.contains("--json /results/segment-$((JOB_COMPLETION_INDEX+1)).json"), "\(bench)")
        #expect(merge.contains("seedctl bench merge /results/segment-*.json"), "\(merge)")
    }

    @Test func everyJobRunsTheShippedImageWithItsSeedsAndMigrations() throws {
        let jobs = try Self.manifests().values.filter { $0["kind"] as? String == "Job" }
        #expect(jobs.count == 4)
        let dockerfile = try String(
            contentsOf: Repository.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        for job in jobs {
            let container = try #require(Self.value(job, "spec.template.spec.containers.0") as? [String: Any])
            #expect(container["image"] as? String == "seedctl:0.1.0")
            // The Dockerfile unpacks the tarball there: Seeds/ and Migrations/ are the defaults.
            #expect(container["workingDir"] as? String == "/opt/seedctl")
            #expect(dockerfile.contains("WORKDIR /opt/seedctl"))
        }
    }

    /// Each `seedctl SUBCOMMAND … --flag` in the manifests uses flags `seedctl SUBCOMMAND --help` lists.
    @Test func passesOnlyFlagsSeedctlHas() throws {
        for job in try Self.manifests().values where job["kind"] as? String == "Job" {
            let line = try Self.commandLine(job).replacingOccurrences(of: "exec ", with: "")
            let words = line.split(separator: " ").map(String.init)
            let start = try #require(words.firstIndex(of: "seedctl"))
            let subcommand = words[(start + 1)...].prefix { !$0.hasPrefix("-") && !$0.hasPrefix("/") }
            // `bench` alone is `bench run`, whose help lists the run's flags.
            let command = Array(subcommand) == ["bench"] ? ["bench", "run"] : Array(subcommand)
            let help = try CLI.run(command + ["--help"])
            #expect(help.status == 0, "\(subcommand)")
            for flag in words.filter({ $0.hasPrefix("--") }) {
                #expect(
                    help.stdout.contains(flag + " ") || help.stdout.contains(flag + "\n"), "\(line): \(flag)")
            }
        }
    }

    /// The migrate Job, then the seed Job's pods started at once as indexes 0…N-1 (each with its
    /// `JOB_COMPLETION_INDEX`, in the container's working directory, the built `seedctl` on the
    /// PATH), load what one `seedctl seed` loads. The profile is swapped for `fixture` to keep it
    /// short; everything else is the manifests' own command line.
    @Test func migrateAndSeedJobsLoadOneDataset() throws {
        let manifests = try Self.manifests()
        let migrate = try #require(manifests["seedctl-migrate"])
        let seed = try #require(manifests["seedctl-seed"])
        let completions = try #require(Self.value(seed, "spec.completions") as? Int)
        let directory = try #require(
            Self.value(seed, "spec.template.spec.containers.0.workingDir") as? String)
        let profile = try #require(Self.commandLine(seed).firstMatch(of: #/--profile (\w+)/#)?.1)
        let database = try TestDatabase(.postgres)
        func pod(_ job: [String: Any], index: Int) throws -> Process {
            let line = try Self.commandLine(job).replacingOccurrences(
                of: "--profile \(profile)", with: "--profile fixture")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", line]
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] =
                CLI.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            environment["DATABASE_URL"] = database.url
            environment["JOB_COMPLETION_INDEX"] = String(index)
            process.environment = environment
            process.currentDirectoryURL = URL(
                fileURLWithPath: directory.replacingOccurrences(
                    of: "/opt/seedctl", with: Repository.root.path))
            process.standardOutput = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            return process
        }
        let migration = try pod(migrate, index: 0)
        migration.waitUntilExit()
        #expect(migration.terminationStatus == 0)
        let pods = try (0..<completions).map { try pod(seed, index: $0) }
        for (index, process) in pods.enumerated() {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "pod \(index)")
        }
        let whole = try TestDatabase.migrated(.postgres)
        #expect(try whole.run(["seed", "--profile", "fixture"]).status == 0)
        #expect(try database.digest() == whole.digest())
        #expect(try database.run(["verify"]).status == 0)
    }
}
