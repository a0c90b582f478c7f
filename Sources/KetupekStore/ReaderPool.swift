import Synchronization

/// Read-only connections lent out one caller at a time (WAL lets them read while the writer writes).
final class ReaderPool: Sendable {
    /// `@unchecked Sendable`: a connection in the pool is used by nobody; one lent out is used only by the
    /// borrower until it is returned.
    private struct Lent: @unchecked Sendable {
        let connection: SQLiteConnection
    }

    private let idle = Mutex<[Lent]>([])
    private let open: @Sendable () throws -> SQLiteConnection

    init(open: @escaping @Sendable () throws -> SQLiteConnection) {
        self.open = open
    }

    /// Runs `body` with a connection, opening a new one when all are busy; at most `keep` stay open idle.
    func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        let lent = try idle.withLock { $0.popLast() } ?? Lent(connection: open())
        defer {
            idle.withLock { connections in
                if connections.count < 8 { connections.append(lent) }
            }
        }
        return try body(lent.connection)
    }

    func closeAll() {
        idle.withLock { $0.removeAll() }
    }
}
