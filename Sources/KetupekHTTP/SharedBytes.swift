/// A body allocated once and never changed, sent by any number of responses at the same time without a copy
/// each: libmicrohttpd reads it in place and releases its reference when the response is destroyed. For
/// large pre-rendered pages served from memory.
public final class SharedBytes: Sendable {
    // nonisolated(unsafe): the memory is written once, in `init`, before the object is shared, then only read;
    // it is freed in `deinit`, after the last reader (a response holds a reference) has let go.
    nonisolated(unsafe) private let storage: UnsafeMutableRawBufferPointer

    public init(_ bytes: [UInt8]) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { storage.copyMemory(from: $0) }
        self.storage = storage
        count = bytes.count
    }

    deinit { storage.deallocate() }

    public let count: Int

    /// The bytes as an array (a copy).
    public var bytes: [UInt8] { Array(UnsafeRawBufferPointer(rebasing: storage[..<count])) }

    /// The start of the bytes, valid while this object lives.
    var baseAddress: UnsafeMutableRawPointer? { storage.baseAddress }
}
