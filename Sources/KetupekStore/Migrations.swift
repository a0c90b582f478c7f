/// The database schema as an ordered list of migrations. Migration *n* (1-based) moves `user_version` from
/// n−1 to n. Append new migrations; never edit a shipped one.
enum Migrations {
    static let all: [String] = [
        // 1: the event log, sessions and questions, accounts.
        """
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id INTEGER NOT NULL,
            question_id INTEGER,
            type TEXT NOT NULL,
            actor TEXT NOT NULL,
            at REAL NOT NULL,
            payload TEXT NOT NULL
        );
        CREATE INDEX events_by_session ON events (session_id, seq);
        CREATE INDEX events_by_question ON events (question_id, seq) WHERE question_id IS NOT NULL;

        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL,
            created_at REAL NOT NULL,
            snapshot TEXT NOT NULL
        );

        CREATE TABLE questions (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            source TEXT NOT NULL,
            external_id TEXT NOT NULL,
            author TEXT NOT NULL,
            contact TEXT,
            original_text TEXT NOT NULL,
            text TEXT NOT NULL,
            received_at REAL NOT NULL,
            posted_at REAL,
            video_offset REAL,
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            reject_reason TEXT,
            held_reason TEXT,
            version INTEGER NOT NULL,
            votes INTEGER NOT NULL DEFAULT 0,
            updated_at REAL NOT NULL,
            UNIQUE (session_id, source, external_id)
        );
        CREATE INDEX questions_by_state ON questions (session_id, state, id);

        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            display_name TEXT NOT NULL,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            language TEXT,
            created_at REAL NOT NULL
        );

        CREATE TABLE logins (
            token_hash TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            csrf_token TEXT NOT NULL,
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL
        );

        CREATE TABLE api_tokens (
            id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            created_at REAL NOT NULL,
            revoked_at REAL
        );
        """,
        // 2: moderation: tags, star, classification, merges, private notes, duplicate hints, ingest rules;
        // keyword lists (scope 0 = every session, else a session id).
        """
        ALTER TABLE questions ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE questions ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE questions ADD COLUMN classification TEXT;
        ALTER TABLE questions ADD COLUMN merged_into INTEGER;
        ALTER TABLE questions ADD COLUMN notes TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE questions ADD COLUMN duplicates TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE questions ADD COLUMN rule TEXT;

        CREATE TABLE keyword_lists (
            scope INTEGER NOT NULL,
            list TEXT NOT NULL,
            words TEXT NOT NULL,
            updated_at REAL NOT NULL,
            updated_by TEXT NOT NULL,
            PRIMARY KEY (scope, list)
        );
        """,
        // The panel: stakeholders, who sits on which session's panel, stakeholder users, and what the panel
        // decides about a question (who answers, its priority, the answer, a deferral).
        """
        CREATE TABLE stakeholders (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            short_name TEXT NOT NULL,
            description TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE TABLE session_stakeholders (
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            stakeholder_id INTEGER NOT NULL REFERENCES stakeholders (id),
            position INTEGER NOT NULL,
            PRIMARY KEY (session_id, stakeholder_id)
        );
        ALTER TABLE users ADD COLUMN stakeholder_id INTEGER REFERENCES stakeholders (id);
        ALTER TABLE questions ADD COLUMN stakeholder_id INTEGER;
        ALTER TABLE questions ADD COLUMN priority INTEGER;
        ALTER TABLE questions ADD COLUMN answer TEXT;
        ALTER TABLE questions ADD COLUMN deferral TEXT;
        CREATE INDEX questions_by_stakeholder ON questions (session_id, stakeholder_id, state);
        CREATE TABLE overlay_keys (
            session_id INTEGER PRIMARY KEY REFERENCES sessions (id),
            key_hash TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE TABLE votes (
            question_id INTEGER NOT NULL REFERENCES questions (id),
            voter_hash TEXT NOT NULL,
            at REAL NOT NULL,
            PRIMARY KEY (question_id, voter_hash)
        );
        """,
        // Comment sources: configuration, status, counters and the checkpoint saved with each batch; receipts
        // of the public form; push deliveries already seen (dedupe on the delivery id).
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            settings TEXT NOT NULL,
            secret_hash TEXT UNIQUE,
            enabled INTEGER NOT NULL,
            state TEXT NOT NULL,
            last_error TEXT,
            checkpoint TEXT,
            ingested INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE INDEX sources_by_session ON sources (session_id, id);

        CREATE TABLE receipts (
            code_hash TEXT PRIMARY KEY,
            question_id INTEGER NOT NULL REFERENCES questions (id),
            created_at REAL NOT NULL
        );

        CREATE TABLE deliveries (
            source_id INTEGER NOT NULL,
            delivery_id TEXT NOT NULL,
            at REAL NOT NULL,
            PRIMARY KEY (source_id, delivery_id)
        );
        CREATE INDEX deliveries_by_time ON deliveries (at);
        """,
        // The published archive, a projection rewritten whole per session: which sessions are published and from
        // what (events, renderer, base URL); the rendered documents, gzip-compressed (session_id NULL: shared by the whole archive, such as
        // its index and feed); the answered questions for full-text search, one row per question (rowid = the
        // question id), text columns first (bm25 weights follow this order), filters unindexed.
        """
        CREATE TABLE archive_publications (
            session_id INTEGER PRIMARY KEY REFERENCES sessions (id),
            published_at REAL NOT NULL,
            rendered_at REAL NOT NULL,
            renderer_version INTEGER NOT NULL,
            source_sequence INTEGER NOT NULL,
            base_url TEXT NOT NULL
        );

        CREATE TABLE archive_documents (
            path TEXT PRIMARY KEY,
            session_id INTEGER REFERENCES sessions (id),
            content_type TEXT NOT NULL,
            body_gzip BLOB NOT NULL,
            identity_size INTEGER NOT NULL,
            etag TEXT NOT NULL,
            modified_at REAL NOT NULL
        );
        CREATE INDEX archive_documents_by_session ON archive_documents (session_id);

        CREATE VIRTUAL TABLE archive_search USING fts5 (
            question, answer, asker, stakeholder, session_title,
            session_id UNINDEXED, slug UNINDEXED, stakeholder_id UNINDEXED, answered_at UNINDEXED,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        """,
    ]

    /// The schema version this build writes.
    static var latest: Int { all.count }

    /// Brings the database up to `latest` in one transaction each; refuses a database from a newer build.
    static func migrate(_ connection: SQLiteConnection) throws {
        let current = try connection.first("PRAGMA user_version") { $0.int(0) } ?? 0
        if current > latest {
            throw StoreError(
                code: .newerSchema,
                message: "the database has schema version \(current), but this build of ketupek knows only up to "
                    + "\(latest); run a newer ketupek or restore a backup"
            )
        }
        for version in (current + 1)..<(latest + 1) where current < latest {
            try connection.execute("BEGIN IMMEDIATE")
            do {
                try connection.execute(all[version - 1])
                try connection.execute("PRAGMA user_version = \(version)")
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }
}
