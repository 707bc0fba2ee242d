package main

import (
	"net/http"

	"github.com/dealwatch/dealwatch/store"
)

// mountStoreQuery is filled in once the store's query handler lands.
func mountStoreQuery(mux *http.ServeMux, e store.Engine) string {
	_ = mux
	_ = e
	return ""
}
