import CSQLite

/// Sets `PRAGMA user_version` directly, to simulate a database from another build.
func setUserVersion(path: String, to version: Int) throws {
    var handle: OpaquePointer?
    guard sqlite3_open(path, &handle) == SQLITE_OK else { throw CancellationError() }
    defer { sqlite3_close(handle) }
    guard sqlite3_exec(handle, "PRAGMA user_version = \(version)", nil, nil, nil) == SQLITE_OK else {
        throw CancellationError()
    }
}

/// Runs `sql` directly on the file, outside the store, to shape a database as another build left it.
func executeRaw(path: String, _ sql: String) throws {
    var handle: OpaquePointer?
    guard sqlite3_open(path, &handle) == SQLITE_OK else { throw CancellationError() }
    defer { sqlite3_close(handle) }
    guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw CancellationError() }
}
