/// Exponential backoff with full jitter: the n-th consecutive failure waits a random time in
/// [base·2ⁿ⁻¹/2, base·2ⁿ⁻¹], capped at `cap`. Pure: the random draw is passed in, so tests are exact.
public struct Backoff: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(60)) {
        self.base = base
        self.cap = cap
    }

    /// The wait before retrying after `failures` consecutive failures (1 = the first), with `unit` in 0...1.
    public func delay(afterFailures failures: Int, unit: Double) -> Duration {
        let exponent = max(0, min(failures - 1, 30))
        let ceiling = min(cap, base * (1 << exponent))
        let fraction = 0.5 + 0.5 * max(0, min(unit, 1))
        return ceiling * fraction
    }
}
