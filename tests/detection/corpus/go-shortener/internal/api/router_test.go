package api

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type memStore map[string]string

func (m memStore) Save(_ context.Context, url string) (string, error) {
	m["abc"] = url
	return "abc", nil
}

func (m memStore) Lookup(_ context.Context, code string) (string, error) {
	if url, ok := m[code]; ok {
		return url, nil
	}
	return "", errors.New("not found")
}

func TestCreateThenFollow(t *testing.T) {
	router := NewRouter(memStore{}, slog.New(slog.NewTextHandler(io.Discard, nil)))

	rec := httptest.NewRecorder()
	router.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/links", strings.NewReader(`{"url":"https://go.dev"}`)))
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: got %d", rec.Code)
	}

	rec = httptest.NewRecorder()
	router.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/abc", nil))
	if got := rec.Header().Get("Location"); got != "https://go.dev" {
		t.Errorf("Location = %q", got)
	}
}
