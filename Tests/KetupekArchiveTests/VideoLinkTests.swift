import Testing

@testable import KetupekArchive

@Suite("Video links")
struct VideoLinkTests {
    @Test(
        "a link into the recording at the answer",
        arguments: [
            (
                "https://www.youtube.com/watch?v=abcDEF12345", 123.9,
                "https://www.youtube.com/watch?v=abcDEF12345&t=123s"
            ),
            (
                "https://youtube.com/watch?v=abcDEF12345&feature=share", 5,
                "https://www.youtube.com/watch?v=abcDEF12345&t=5s"
            ),
            (
                "https://m.youtube.com/watch?list=x&v=abcDEF12345", 60,
                "https://www.youtube.com/watch?v=abcDEF12345&t=60s"
            ),
            (
                "https://www.youtube.com/live/abcDEF12345?si=xyz", 3600,
                "https://www.youtube.com/watch?v=abcDEF12345&t=3600s"
            ),
            ("https://youtu.be/abcDEF12345", 0.5, "https://www.youtube.com/watch?v=abcDEF12345&t=0s"),
            ("https://youtu.be/abcDEF12345?si=share", 7, "https://www.youtube.com/watch?v=abcDEF12345&t=7s"),
            (
                "https://www.facebook.com/pemkot/videos/1234567890/", 123,
                "https://www.facebook.com/watch/?v=1234567890&t=123"
            ),
            ("https://facebook.com/pemkot/videos/1234567890", 1, "https://www.facebook.com/watch/?v=1234567890&t=1"),
            ("https://www.facebook.com/watch/?v=1234567890", 42.7, "https://www.facebook.com/watch/?v=1234567890&t=42"),
            ("https://m.facebook.com/watch?v=1234567890", 42, "https://www.facebook.com/watch/?v=1234567890&t=42"),
            ("https://video.example.org/live.mp4", 75.2, "https://video.example.org/live.mp4#t=75"),
            ("http://video.example.org/live.mp4#old", 10, "http://video.example.org/live.mp4#t=10"),
            ("https://www.youtube.com/channel/UCxyz", 10, "https://www.youtube.com/channel/UCxyz#t=10"),
            (
                "https://www.facebook.com/pemkot/videos/notanumber", 10,
                "https://www.facebook.com/pemkot/videos/notanumber#t=10"
            ),
            ("https://youtube.com/watch?v=abcDEF12345", -3, "https://www.youtube.com/watch?v=abcDEF12345&t=0s"),
        ] as [(String, Double, String)])
    func watchURL(video: String, offset: Double, expected: String) {
        #expect(VideoLink.watchURL(videoURL: video, offset: offset) == expected)
    }

    @Test("no link without a video, an offset, or an http(s) URL")
    func noLink() {
        #expect(VideoLink.watchURL(videoURL: nil, offset: 10) == nil)
        #expect(VideoLink.watchURL(videoURL: "https://youtu.be/abcDEF12345", offset: nil) == nil)
        #expect(VideoLink.watchURL(videoURL: "javascript:alert(1)", offset: 10) == nil)
        #expect(VideoLink.watchURL(videoURL: "ftp://example.org/x.mp4", offset: 10) == nil)
        #expect(VideoLink.watchURL(videoURL: "https://youtu.be/abcDEF12345", offset: .nan) == nil)
    }

    @Test(
        "offsets read as h:mm:ss",
        arguments: [(0.0, "0:00:00"), (59.9, "0:00:59"), (754, "0:12:34"), (3_723, "1:02:03")])
    func clock(offset: Double, expected: String) {
        #expect(VideoLink.clock(offset) == expected)
    }
}
