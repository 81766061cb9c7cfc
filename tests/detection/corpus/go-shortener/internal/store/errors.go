package store

import "errors"

// ErrNotFound is returned by Lookup for unknown codes.
var ErrNotFound = errors.New("store: code not found")

// IsNotFound reports whether err (or anything it wraps) is ErrNotFound.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
