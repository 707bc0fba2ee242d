package store_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/storetest"
)

func TestQueryEndpoint(t *testing.T) {
	e := storetest.Embedded(t)
	ctx := storetest.Ctx(t)
	fx := storetest.Fixture(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	storetest.Seed(t, e, fx)
	dir := t.TempDir()
	sctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- store.ServeQueries(sctx, e, dir, nil) }()
	var c *store.Client
	waitFor(t, "run.addr", func() bool {
		var ok bool
		c, ok = store.EndpointClient(ctx, dir)
		return ok
	})
	if fi, err := os.Stat(filepath.Join(dir, store.AddrFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("run.addr: %v %v", fi, err)
	}

	// Same answers as the engine, values typed the same way.
	direct, err := store.Timeline(ctx, e, store.TimelineFilter{Org: "microsoft"})
	if err != nil {
		t.Fatal(err)
	}
	viaHTTP, err := store.Timeline(ctx, c, store.TimelineFilter{Org: "microsoft"})
	if err != nil {
		t.Fatal(err)
	}
	if len(direct.Rows) != 4 || fmt.Sprint(direct) != fmt.Sprint(viaHTTP) {
		t.Fatalf("timeline via HTTP differs or is wrong:\n%v\n%v", direct, viaHTTP)
	}
	if _, ok := viaHTTP.Rows[0][0].(time.Time); !ok {
		t.Fatalf("event_time via HTTP is %T", viaHTTP.Rows[0][0])
	}
	r, err := store.Timeline(ctx, c, store.TimelineFilter{Org: "x' OR 1=1 --"})
	if err != nil || len(r.Rows) != 0 {
		t.Fatalf("hostile org via HTTP: %d rows, %v", len(r.Rows), err)
	}

	// Only reads (the whole table of bypasses is in readonly_test.go).
	for _, q := range []string{"DROP TABLE events", "INSERT INTO events (event_id) SELECT 'x'", "SELECT 1; DROP TABLE events", "SELECT 1 # '\n; DROP TABLE events", "SELECT 1 INTO OUTFILE 'x'"} {
		if _, err := c.Query(ctx, q); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("%q via HTTP: %v, want ErrReadOnly", q, err)
		}
	}
	if row := queryOne(t, e, "SELECT count() FROM events"); row[0] != uint64(len(fx)) {
		t.Fatalf("events changed: %v", row)
	}
	// A query error is reported, not hidden.
	if _, err := c.Query(ctx, "SELECT no_such_column FROM events"); err == nil || !strings.Contains(err.Error(), "no_such_column") {
		t.Fatalf("bad query via HTTP: %v", err)
	}
	// The token is required.
	bad := &store.Client{URL: c.URL, Token: "wrong"}
	if _, err := bad.Query(ctx, "SELECT 1"); err == nil {
		t.Fatal("query with a wrong token succeeded")
	}

	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, store.AddrFile)); !os.IsNotExist(err) {
		t.Fatalf("run.addr left behind: %v", err)
	}
	if _, ok := store.EndpointClient(ctx, dir); ok {
		t.Fatal("endpoint still found after shutdown")
	}
}

func TestMountQueryFoundThroughRunJSON(t *testing.T) {
	e := storetest.Embedded(t)
	storetest.Migrated(t, e)
	mux := http.NewServeMux()
	token, err := store.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	path, err := store.MountQuery(mux, e, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	dir := t.TempDir()
	info := `{"pid":1,"query_url":"` + srv.URL + path + `","query_token":"` + token + `"}`
	if err := os.WriteFile(filepath.Join(dir, store.RunInfoFile), []byte(info), 0o600); err != nil {
		t.Fatal(err)
	}
	c, ok := store.EndpointClient(storetest.Ctx(t), dir)
	if !ok {
		t.Fatal("endpoint named in run.json not found")
	}
	row := queryOne(t, c, "SELECT count() FROM events")
	if row[0] != uint64(0) {
		t.Fatalf("count %v", row)
	}
	// Without the token in run.json the endpoint is not usable.
	if err := os.WriteFile(filepath.Join(dir, store.RunInfoFile), []byte(`{"pid":1,"query_url":"`+srv.URL+path+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := store.EndpointClient(storetest.Ctx(t), dir); ok {
		t.Fatal("endpoint usable without its token")
	}
}

// TestQueryEndpointRefusesBrowsers: what a web page in the analyst's
// browser could send to the loopback port is refused before any query
// runs: no token, an Origin, a Sec-Fetch-Site, a body that is not JSON.
func TestQueryEndpointRefusesBrowsers(t *testing.T) {
	e := storetest.Embedded(t)
	storetest.Migrated(t, e)
	mux := http.NewServeMux()
	token := "t0ken"
	if _, err := store.MountQuery(mux, e, "", nil); err == nil {
		t.Fatal("MountQuery without a token")
	}
	path, err := store.MountQuery(mux, e, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	const body = `{"query":"SELECT count() FROM events"}`
	post := func(ctype string, hdr map[string]string) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(body))
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	bearer := "Bearer " + token
	for _, c := range []struct {
		name  string
		ctype string
		hdr   map[string]string
		want  int
	}{
		{"analyst client", "application/json", map[string]string{"Authorization": bearer}, http.StatusOK},
		{"json with charset", "application/json; charset=utf-8", map[string]string{"Authorization": bearer}, http.StatusOK},
		{"no token", "application/json", nil, http.StatusUnauthorized},
		{"wrong token", "application/json", map[string]string{"Authorization": "Bearer nope"}, http.StatusUnauthorized},
		{"token not as bearer", "application/json", map[string]string{"Authorization": token}, http.StatusUnauthorized},
		{"text/plain form post", "text/plain", map[string]string{"Authorization": bearer}, http.StatusUnsupportedMediaType},
		{"urlencoded form", "application/x-www-form-urlencoded", map[string]string{"Authorization": bearer}, http.StatusUnsupportedMediaType},
		{"no content type", "", map[string]string{"Authorization": bearer}, http.StatusUnsupportedMediaType},
		{"page origin", "application/json", map[string]string{"Authorization": bearer, "Origin": "http://evil.example"}, http.StatusForbidden},
		{"null origin", "text/plain", map[string]string{"Origin": "null"}, http.StatusForbidden},
		{"fetch metadata", "application/json", map[string]string{"Authorization": bearer, "Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
	} {
		if got := post(c.ctype, c.hdr); got != c.want {
			t.Errorf("%s: HTTP %d, want %d", c.name, got, c.want)
		}
	}
}
