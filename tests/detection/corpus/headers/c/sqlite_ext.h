#ifndef SQLITE_EXT_H
#define SQLITE_EXT_H

#include <sqlite3.h>

#if !defined(__cplusplus)
#  include <stdbool.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

int ext_register_functions(sqlite3 *db);
bool ext_has_json1(sqlite3 *db);

#ifdef __cplusplus
}
#endif

#endif
