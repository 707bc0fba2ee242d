package main

import (
	"log/slog"
	"net/http"

	"github.com/dealwatch/dealwatch/store"
)

// mountStoreQuery serves the store's read-only query endpoint (POST /query)
// on run's HTTP server. libchdb allows one session per data directory, held
// by `run`; `dealwatch sql`, `timeline` and `graph` find the endpoint
// through the query_url and query_token in <data>/run.json (mode 0600,
// store.EndpointClient) and query through it. The server listens on
// --metrics-addr, loopback by default; the engine keeps every query
// read-only (store.ReadOnlyQuerier) and the endpoint refuses requests
// without the bearer token and anything a browser sends.
func mountStoreQuery(mux *http.ServeMux, e store.Engine, token string, log *slog.Logger) (string, error) {
	return store.MountQuery(mux, e, token, log.With("component", "query"))
}
