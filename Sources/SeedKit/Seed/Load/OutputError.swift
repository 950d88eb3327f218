import Foundation

/// A file or folder seedctl could not create or write: the path, the system's reason (`No
/// space left on device`, `… is a file, not a folder`) and what to do. `seedctl` exits 7.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String {
        "cannot write \(path): \(reason); free space or choose another --out (nothing was written)"
    }

    init(_ path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// From an `errno` value.
    init(_ path: String, errno code: Int32) {
        self.path = path
        reason = String(cString: strerror(code))
    }

    /// From a Foundation error, preferring its POSIX cause.
    init(_ path: String, _ error: any Error) {
        self.path = path
        let error = error as NSError
        let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError
        if let posix = [error, underlying].compactMap({ $0 }).first(where: { $0.domain == NSPOSIXErrorDomain }
        ) {
            reason = String(cString: strerror(Int32(posix.code)))
        } else if let blocker = Self.fileInTheWay(of: path) {
            reason = "\(blocker) is a file, not a folder"
        } else if error.domain == NSCocoaErrorDomain, error.code == CocoaError.fileWriteOutOfSpace.rawValue {
            reason = String(cString: strerror(ENOSPC))
        } else {
            reason = error.localizedDescription
        }
    }

    /// The nearest existing ancestor of `path` (or `path` itself) when it is a file.
    static func fileInTheWay(of path: String) -> String? {
        var ancestor = URL(fileURLWithPath: path)
        while ancestor.path != "/" {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isFolder) {
                return isFolder.boolValue ? nil : ancestor.path
            }
            ancestor.deleteLastPathComponent()
        }
        return nil
    }
}

/// Files written into a temporary folder next to the target and moved into place only when
/// all are complete, so a failure or a kill never leaves a partial file in the target.
struct StagedFolder {
    /// The folder the files end up in.
    let target: URL
    /// Where they are written first, on the same file system.
    let staging: URL
    /// Whether `target` existed: then each file is renamed into it, else the folder is.
    private let targetExisted: Bool

    init(target: URL) throws {
        self.target = target
        if let blocker = OutputError.fileInTheWay(of: target.path) {
            throw OutputError(target.path, reason: "\(blocker) is a file, not a folder")
        }
        var isFolder: ObjCBool = false
        targetExisted = FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder)
        let tag = ".seedctl-partial-\(UUID().uuidString.prefix(8))"
        if targetExisted {
            staging = target.appendingPathComponent(tag)
        } else {
            let parent = target.deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            } catch {
                throw OutputError(parent.path, error)
            }
            staging = parent.appendingPathComponent("\(target.lastPathComponent)\(tag)")
        }
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw OutputError(staging.path, error)
        }
    }

    /// Writes one file of the staging folder, `header` then `body`'s chunks, with plain
    /// `write(2)`, so a failure carries its `errno`.
    func write(_ name: String, header: [UInt8], _ body: (WriteChunk) throws -> Void) throws {
        let shown = target.appendingPathComponent(name).path
        let descriptor = open(
            staging.appendingPathComponent(name).path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError(shown, errno: errno) }
        var closed = false
        defer { if !closed { close(descriptor) } }
        func write(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw OutputError(shown, errno: errno)
                    }
                    offset += written
                }
            }
        }
        try write(header)
        try body { try write($0) }
        closed = true
        if close(descriptor) != 0 { throw OutputError(shown, errno: errno) }
    }

    /// Moves the written files into the target.
    func commit(_ names: [String]) throws {
        if targetExisted {
            for name in names {
                let from = staging.appendingPathComponent(name).path
                let to = target.appendingPathComponent(name).path
                guard rename(from, to) == 0 else { throw OutputError(to, errno: errno) }
            }
            discard()
        } else {
            guard rename(staging.path, target.path) == 0 else { throw OutputError(target.path, errno: errno) }
        }
    }

    /// Removes the staging folder and what is in it.
    func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
