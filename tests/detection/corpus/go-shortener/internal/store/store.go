// Package store keeps short codes and their target URLs.
package store

import "context"

// Store saves URLs under generated codes and resolves codes back.
type Store interface {
	Save(ctx context.Context, url string) (code string, err error)
	Lookup(ctx context.Context, code string) (url string, err error)
}
