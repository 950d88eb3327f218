#ifndef SEEDCTL_CLIBPQ_SHIM_H
#define SEEDCTL_CLIBPQ_SHIM_H
#include <libpq-fe.h>

// PG_DIAG_* are character-literal macros, which Swift does not import.
static const int SEEDCTL_PG_DIAG_SQLSTATE = 'C';
static const int SEEDCTL_PG_DIAG_MESSAGE_PRIMARY = 'M';
static const int SEEDCTL_PG_DIAG_MESSAGE_DETAIL = 'D';
static const int SEEDCTL_PG_DIAG_MESSAGE_HINT = 'H';
static const int SEEDCTL_PG_DIAG_STATEMENT_POSITION = 'P';
static const int SEEDCTL_PG_DIAG_SEVERITY_NONLOCALIZED = 'V';
#endif
