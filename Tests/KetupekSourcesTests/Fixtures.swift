import Foundation

/// The reference fixtures, byte for byte.
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try requireURL(name)
        return [UInt8](try Data(contentsOf: url))
    }

    private static func requireURL(_ name: String) throws -> URL {
        let parts = name.split(separator: ".", maxSplits: 1)
        guard
            let url = Bundle.module.url(
                forResource: String(parts[0]), withExtension: String(parts[1]),
                subdirectory: "Fixtures")
        else { throw CocoaError(.fileNoSuchFile) }
        return url
    }
}
