import Foundation

/// Links into a broadcast's recording at a moment: YouTube and Facebook in their own forms, any other web video
/// with a Media Fragments `#t=` suffix.
public enum VideoLink {
    /// The link to `videoURL` at `offset` seconds (floored to whole seconds; negative counts as 0); `nil` when
    /// either is missing or the URL is not an http(s) URL.
    ///
    /// - `https://youtu.be/ID`, `…youtube.com/watch?v=ID`, `…youtube.com/live/ID` →
    ///   `https://www.youtube.com/watch?v=ID&t=123s`
    /// - `…facebook.com/<page>/videos/ID`, `…facebook.com/watch/?v=ID` →
    ///   `https://www.facebook.com/watch/?v=ID&t=123`
    /// - anything else → the URL with `#t=123` (replacing any fragment)
    public static func watchURL(videoURL: String?, offset: Double?) -> String? {
        guard let videoURL, let offset, offset.isFinite, isWebURL(videoURL) else { return nil }
        let seconds = offset <= 0 ? 0 : Int(offset.rounded(.down))
        let components = URLComponents(string: videoURL)
        let host = components?.host?.lowercased() ?? ""
        let segments = components?.path.split(separator: "/").map(String.init) ?? []
        let v = components?.queryItems?.first { $0.name == "v" }?.value

        if isHost(host, "youtube.com") {
            var id: String?
            if segments == ["watch"] { id = v }
            if segments.count >= 2, ["live", "shorts", "embed"].contains(segments[0]) { id = segments[1] }
            if let id, isVideoID(id) { return "https://www.youtube.com/watch?v=\(id)&t=\(seconds)s" }
        } else if host == "youtu.be", segments.count == 1, isVideoID(segments[0]) {
            return "https://www.youtube.com/watch?v=\(segments[0])&t=\(seconds)s"
        } else if isHost(host, "facebook.com") {
            var id: String?
            if segments == ["watch"] { id = v }
            if segments.count >= 3, segments[1] == "videos" { id = segments[2] }
            if let id, !id.isEmpty, id.allSatisfy(\.isASCIIDigit) {
                return "https://www.facebook.com/watch/?v=\(id)&t=\(seconds)"
            }
        }
        let base = videoURL.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        return "\(base)#t=\(seconds)"
    }

    /// Whether `url` is an absolute http or https URL without spaces: the only links the archive makes from
    /// stored URLs (a `javascript:` URL must never become a link).
    public static func isWebURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return false }
        return !url.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
            && URLComponents(string: url)?.host?.isEmpty == false
    }

    /// `123` → `0:02:03`: an offset into the broadcast as hours, minutes and seconds (floored).
    public static func clock(_ offset: Double) -> String {
        let total = offset.isFinite && offset > 0 ? Int(offset.rounded(.down)) : 0
        let minutes = total / 60 % 60
        let seconds = total % 60
        return "\(total / 3600):\(minutes < 10 ? "0" : "")\(minutes):\(seconds < 10 ? "0" : "")\(seconds)"
    }

    private static func isHost(_ host: String, _ domain: String) -> Bool {
        host == domain || ["www.", "m.", "web."].contains { host == $0 + domain }
    }

    /// YouTube video ids are 11 characters of `A-Z a-z 0-9 - _`; accept any such run, in case that changes.
    private static func isVideoID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64
            && id.allSatisfy {
                $0.isASCIIDigit || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "-" || $0 == "_"
            }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
