//go:build windows

package store

// On Windows the service runs under the SCM; nothing Redis-specific changes.
const platformNote = "windows"
