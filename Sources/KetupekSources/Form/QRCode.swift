import CQREncode

/// A QR code symbol (libqrencode), rendered as SVG or PNG. Error correction level M.
public struct QRCode: Sendable, Equatable {
    /// Modules per side.
    public let width: Int
    /// Row-major, `true` for a dark module.
    public let modules: [Bool]

    /// Encodes `text` (8-bit mode); nil when it does not fit in a QR code.
    public init?(_ text: String) {
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        guard width > 0, let data = code.pointee.data else { return nil }
        self.width = width
        // Bit 0 of each byte is the module's colour; the other bits describe its role.
        self.modules = (0..<(width * width)).map { data[$0] & 1 == 1 }
    }

    public func isDark(x: Int, y: Int) -> Bool { modules[y * width + x] }

    /// An SVG with one path of unit squares and a quiet zone of `margin` modules.
    public func svg(margin: Int = 4) -> String {
        let size = width + 2 * margin
        var path = ""
        for y in 0..<width {
            for x in 0..<width where isDark(x: x, y: y) { path += "M\(x + margin) \(y + margin)h1v1h-1z" }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" width="\(size * 8)" \
            height="\(size * 8)" shape-rendering="crispEdges"><rect width="\(size)" height="\(size)" fill="#fff"/>\
            <path fill="#000" d="\(path)"/></svg>

            """
    }

    /// A greyscale PNG, `scale` pixels per module, with a quiet zone of `margin` modules.
    public func png(scale: Int = 8, margin: Int = 4) -> [UInt8] {
        let side = (width + 2 * margin) * scale
        var pixels = [UInt8](repeating: 0xFF, count: side * side)
        for y in 0..<width {
            for x in 0..<width where isDark(x: x, y: y) {
                for dy in 0..<scale {
                    let row = ((y + margin) * scale + dy) * side
                    for dx in 0..<scale { pixels[row + (x + margin) * scale + dx] = 0 }
                }
            }
        }
        return PNG.greyscale(width: side, height: side, pixels: pixels)
    }
}
