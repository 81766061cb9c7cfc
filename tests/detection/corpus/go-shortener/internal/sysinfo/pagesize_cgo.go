//go:build linux && cgo

package sysinfo

/*
#include <unistd.h>

static long page_size(void) { return sysconf(_SC_PAGESIZE); }
*/
import "C"

// PageSize reports the memory page size from libc.
func PageSize() int { return int(C.page_size()) }
