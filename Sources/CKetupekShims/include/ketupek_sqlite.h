#ifndef KETUPEK_SQLITE_H
#define KETUPEK_SQLITE_H
#include <sqlite3.h>

/// sqlite3_bind_text with SQLITE_TRANSIENT (a macro Swift cannot import): SQLite copies the bytes.
int ketupek_sqlite3_bind_text(sqlite3_stmt *statement, int index, const char *text, int length);
/// sqlite3_bind_blob with SQLITE_TRANSIENT.
int ketupek_sqlite3_bind_blob(sqlite3_stmt *statement, int index, const void *bytes, int length);

#endif
