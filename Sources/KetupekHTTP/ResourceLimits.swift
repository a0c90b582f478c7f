#if canImport(Glibc)
    import Glibc
#endif

/// Process resource limits a server wants raised before it accepts many connections.
public enum ResourceLimits {
    /// Raises the soft limit on open files to the hard limit (each SSE client holds a descriptor).
    ///
    /// - Returns: the limits in force afterwards; if raising fails, the unchanged ones.
    @discardableResult
    public static func raiseOpenFileLimit() -> (soft: Int, hard: Int) {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0 else { return (0, 0) }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return (clamp(limit.rlim_cur), clamp(limit.rlim_max))
    }

    private static func clamp(_ value: rlim_t) -> Int {
        value >= rlim_t(Int.max) ? Int.max : Int(value)
    }
}
