import CKetupekShims
import CZlib

/// gzip (RFC 1952) compression on zlib, for static files and pre-rendered pages.
public enum Gzip {
    /// Why decompression failed.
    public enum Failure: Error, Sendable, Equatable {
        /// The input is not a complete, valid gzip stream.
        case corrupt
        /// The output would exceed `maxSize`.
        case tooLarge(maxSize: Int)
    }

    /// Compresses `bytes` into one gzip member; `level` 1 (fast) … 9 (small), 6 is zlib's default.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        guard ketupek_deflate_init_gzip(&stream, level) == Z_OK else { return [] }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 32)
        let status = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        // deflateBound guarantees one Z_FINISH call is enough; anything else is a zlib bug.
        guard status == Z_STREAM_END else { return [] }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Decompresses a gzip stream, refusing to produce more than `maxSize` bytes (a zip bomb guard).
    public static func decompress(_ bytes: [UInt8], maxSize: Int = 64 << 20) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard ketupek_inflate_init_gzip(&stream) == Z_OK else { throw .corrupt }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status = Z_OK
        try bytes.withUnsafeBufferPointer { (input) throws(Failure) in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            while status == Z_OK {
                let produced = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return out.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END else { throw .corrupt }
                guard output.count + produced <= maxSize else { throw .tooLarge(maxSize: maxSize) }
                output.append(contentsOf: chunk[..<produced])
                if status == Z_OK && produced == 0 && stream.avail_in == 0 { throw .corrupt }
            }
        }
        return output
    }
}
