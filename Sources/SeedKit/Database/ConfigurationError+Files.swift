import Foundation

extension ConfigurationError {
    /// A file or folder at `path` that could not be created or written, with the system's
    /// reason (`No space left on device`, `… is a file, not a folder`) instead of Foundation's
    /// raw error.
    static func cannotWrite(_ path: String, _ error: any Error, advice: String) -> ConfigurationError {
        ConfigurationError("cannot write \(path): \(reason(for: error, at: path)); \(advice)")
    }

    private static func reason(for error: any Error, at path: String) -> String {
        let error = error as NSError
        let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError
        if let posix = [error, underlying].compactMap({ $0 }).first(where: { $0.domain == NSPOSIXErrorDomain }
        ) {
            return String(cString: strerror(Int32(posix.code)))
        }
        // Foundation on Linux often gives no POSIX cause: name the common one, a file in the way.
        var ancestor = URL(fileURLWithPath: path)
        while ancestor.path != "/" {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isFolder) {
                if !isFolder.boolValue { return "\(ancestor.path) is a file, not a folder" }
                break
            }
            ancestor.deleteLastPathComponent()
        }
        return error.localizedDescription
    }
}
