"""Baseline: raw SQLite batched inserts on the same disk, WAL mode, synchronous=FULL, one transaction per
batch of 100 rows, with a unique index like the questions table. Prints rows per second."""
import os
import sqlite3
import sys
import tempfile
import time

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
batch = int(sys.argv[2]) if len(sys.argv) > 2 else 100
folder = tempfile.mkdtemp(prefix="ketupek-bench-sqlite-")
path = os.path.join(folder, "raw.sqlite")
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE comments (id INTEGER PRIMARY KEY, session_id INTEGER, source TEXT, external_id TEXT, "
           "author TEXT, text TEXT, received_at REAL, UNIQUE (session_id, source, external_id))")
text = "Bagaimana cara mengurus KTP-el yang hilang? Nomor %d"
start = time.perf_counter()
for first in range(0, rows, batch):
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT INTO comments (session_id, source, external_id, author, text, received_at) "
                   "VALUES (1, 'bench', ?, ?, ?, ?)",
                   [(f"x{n}", f"Warga {n % 97}", text % n, time.time()) for n in range(first, min(first + batch, rows))])
    db.execute("COMMIT")
elapsed = time.perf_counter() - start
print(f"{rows / elapsed:.0f}")
db.close()
for name in os.listdir(folder):
    os.remove(os.path.join(folder, name))
os.rmdir(folder)
