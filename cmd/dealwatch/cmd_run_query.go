package main

import (
	"log/slog"
	"net/http"

	"github.com/dealwatch/dealwatch/store"
)

// mountStoreQuery serves the store's read-only query endpoint (POST /query)
// on run's HTTP server. libchdb allows one session per data directory, held
// by `run`; `dealwatch sql` and `timeline` find the endpoint through the
// query_url in <data>/run.json (store.EndpointClient) and query through it.
// The server listens on --metrics-addr, loopback by default.
func mountStoreQuery(mux *http.ServeMux, e store.Engine, log *slog.Logger) string {
	return store.MountQuery(mux, e, log.With("component", "query"))
}
