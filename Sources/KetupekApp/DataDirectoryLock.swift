import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive lock on the data folder (`flock` on `ketupek.lock`), held while a server runs: one server
/// process owns a database, since it numbers new questions itself. Released when the process ends, however
/// it ends, so a `kill -9` leaves no stale lock behind.
final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock or throws, naming the folder, when another server holds it.
    init(directory: String) throws {
        let path = URL(fileURLWithPath: directory).appendingPathComponent("ketupek.lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw DataDirectoryInUse(directory: directory)
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// Another server already runs on this data folder.
public struct DataDirectoryInUse: Error, CustomStringConvertible {
    public let directory: String
    public var description: String {
        "another ketupek server is running on the data folder \(directory); stop it or choose another --data-dir"
    }
}
