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

	// Only reads.
	for _, q := range []string{"DROP TABLE events", "INSERT INTO events (event_id) SELECT 'x'", "SELECT 1; DROP TABLE events", "SELECT 1 INTO OUTFILE 'x'"} {
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
	path := store.MountQuery(mux, e, nil)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, store.RunInfoFile), []byte(`{"pid":1,"query_url":"`+srv.URL+path+`"}`), 0o644); err != nil {
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
}
