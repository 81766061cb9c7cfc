package api

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/example/shortener/internal/store"
)

type handler struct {
	store  store.Store
	logger *slog.Logger
}

// NewRouter wires the HTTP routes to the store.
func NewRouter(st store.Store, logger *slog.Logger) http.Handler {
	h := &handler{store: st, logger: logger}
	r := chi.NewRouter()
	r.Post("/links", h.create)
	r.Get("/{code}", h.follow)
	return r
}

func (h *handler) create(w http.ResponseWriter, r *http.Request) {
	var body struct {
		URL string `json:"url"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.URL == "" {
		http.Error(w, "url is required", http.StatusBadRequest)
		return
	}
	code, err := h.store.Save(r.Context(), body.URL)
	if err != nil {
		h.logger.Error("save failed", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": code})
}

func (h *handler) follow(w http.ResponseWriter, r *http.Request) {
	url, err := h.store.Lookup(r.Context(), chi.URLParam(r, "code"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, url, http.StatusFound)
}
