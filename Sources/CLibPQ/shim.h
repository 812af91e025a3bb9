// libpq, PostgreSQL's C client library (Debian libpq-dev), for the PostgreSQL workspace.
#include <libpq-fe.h>
