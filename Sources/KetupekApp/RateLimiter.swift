import Foundation
import Synchronization

/// A token bucket per client key (an address, a username): `burst` requests at once, refilled at `perSecond`.
/// Keys idle long enough to be full again are forgotten, so memory stays bounded by the active clients.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    private let burst: Double
    private let perSecond: Double
    private let maxKeys: Int

    init(burst: Int, perSecond: Double, maxKeys: Int = 100_000) {
        self.burst = Double(burst)
        self.perSecond = perSecond
        self.maxKeys = maxKeys
    }

    /// Takes one token for `key`; `false` when the bucket is empty.
    func allow(_ key: String, now: ContinuousClock.Instant = .now) -> Bool {
        buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + seconds * perSecond)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return false
            }
            bucket.tokens -= 1
            buckets[key] = bucket
            if buckets.count > maxKeys {
                let refill = burst / perSecond
                buckets = buckets.filter { now - $0.value.updated < .seconds(refill) }
            }
            return true
        }
    }
}
