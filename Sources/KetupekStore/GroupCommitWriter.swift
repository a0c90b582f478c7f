import Dispatch
import Foundation
import KetupekCore
import KetupekTelemetry
import Synchronization

/// The one writer of the database. Callers hand it work; it drains its queue, runs every pending piece of
/// work in one transaction (each in its own savepoint, so one failure does not undo the others), commits
/// durably, then publishes the events appended and acknowledges each caller with its own result.
///
/// It runs on its own thread, because SQLite blocks (an fsync per commit) and must not hold a Swift
/// concurrency thread or an HTTP worker while it does.
final class GroupCommitWriter: Sendable {
    /// One piece of work: run inside the transaction, it returns the completion to call after the commit.
    private struct Job: Sendable {
        let run: @Sendable (WriteTransaction) -> Completion
        /// Tells the caller the batch failed before this job ran.
        let fail: @Sendable (any Error) -> Void
    }

    /// What to tell a caller once the batch's outcome is known.
    private struct Completion: Sendable {
        let succeeded: Bool
        let acknowledge: @Sendable (_ commitError: (any Error)?) -> Void
    }

    private struct State {
        var queue: [Job] = []
        var closed = false
    }

    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    /// Owned by the writer thread only; handed across once at start-up.
    private let connection: UncheckedConnection
    private let onCommit: @Sendable ([LoggedEvent]) -> Void
    private let maxBatch: Int
    private let batchSizes: Histogram
    private let commitSeconds: Histogram
    private let logger: Logger

    /// Wraps the connection so it can be moved to the writer thread.
    /// `@unchecked Sendable`: after `init` only the writer thread touches the connection.
    private struct UncheckedConnection: @unchecked Sendable {
        let connection: SQLiteConnection
    }

    init(
        connection: SQLiteConnection, maxBatch: Int = 1_000, metrics: MetricsRegistry, logger: Logger,
        onCommit: @escaping @Sendable ([LoggedEvent]) -> Void
    ) {
        self.connection = UncheckedConnection(connection: connection)
        self.maxBatch = maxBatch
        self.onCommit = onCommit
        self.logger = logger
        self.batchSizes = metrics.histogram(
            "ketupek_store_commit_batch_size", help: "Commands applied per committed transaction.",
            bounds: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        )
        self.commitSeconds = metrics.histogram(
            "ketupek_store_commit_seconds", help: "Time to apply and durably commit one batch.",
            bounds: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]
        )
        let thread = Thread { [self] in self.loop() }
        thread.name = "ketupek-writer"
        thread.start()
    }

    /// Runs `work` in the next transaction and returns its result once that transaction is durable.
    /// A thrown error rolls back only this work and is rethrown to this caller.
    func perform<T: Sendable>(_ work: @escaping @Sendable (WriteTransaction) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { transaction in
                    do {
                        let value = try work(transaction)
                        return Completion(succeeded: true) { commitError in
                            if let commitError {
                                continuation.resume(throwing: commitError)
                            } else {
                                continuation.resume(returning: value)
                            }
                        }
                    } catch {
                        return Completion(succeeded: false) { _ in continuation.resume(throwing: error) }
                    }
                },
                fail: { error in continuation.resume(throwing: error) }
            )
            let accepted = state.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.queue.append(job)
                return true
            }
            if accepted {
                wakeUp.signal()
            } else {
                continuation.resume(throwing: StoreError(code: .closed, message: "the store is shutting down"))
            }
        }
    }

    /// Finishes the queued work, then stops the thread. Work handed in afterwards fails with `.closed`.
    func close() {
        let first = state.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
        wakeUp.signal()
        stopped.wait()
    }

    private func loop() {
        while true {
            wakeUp.wait()
            while true {
                let (batch, closed) = state.withLock { state in
                    let count = min(state.queue.count, maxBatch)
                    let batch = Array(state.queue.prefix(count))
                    state.queue.removeFirst(count)
                    return (batch, state.closed)
                }
                if batch.isEmpty {
                    if closed {
                        stopped.signal()
                        return
                    }
                    break
                }
                commit(batch)
            }
        }
    }

    private func commit(_ batch: [Job]) {
        let started = ContinuousClock.now
        let database = connection.connection
        var completions: [Completion] = []
        completions.reserveCapacity(batch.count)
        let transaction = WriteTransaction(connection: database)
        var commitError: (any Error)?
        do {
            try database.execute("BEGIN IMMEDIATE")
            for (index, job) in batch.enumerated() {
                try database.execute("SAVEPOINT job\(index)")
                let eventCount = transaction.pendingEvents.count
                let completion = job.run(transaction)
                if completion.succeeded {
                    try database.execute("RELEASE job\(index)")
                } else {
                    try database.execute("ROLLBACK TO job\(index); RELEASE job\(index)")
                    transaction.pendingEvents.removeSubrange(eventCount...)
                }
                completions.append(completion)
            }
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            commitError = error
            logger.error("commit failed", ["error": String(describing: error), "batch.size": String(batch.count)])
        }
        let elapsed = ContinuousClock.now - started
        commitSeconds.observe(Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
        batchSizes.observe(Double(batch.count))

        if commitError == nil, !transaction.pendingEvents.isEmpty { onCommit(transaction.pendingEvents) }
        for completion in completions { completion.acknowledge(commitError) }
        // Jobs after the point where the transaction itself failed never ran.
        let failure = commitError ?? StoreError(code: .closed, message: "the transaction failed")
        for job in batch.dropFirst(completions.count) { job.fail(failure) }
    }
}
