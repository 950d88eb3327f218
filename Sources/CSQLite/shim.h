#ifndef SEEDCTL_CSQLITE_SHIM_H
#define SEEDCTL_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a function-pointer cast macro, which Swift does not import.
static inline sqlite3_destructor_type seedctl_sqlite_transient(void) { return SQLITE_TRANSIENT; }
#endif
