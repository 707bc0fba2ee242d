package main

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
)

// TestHealthzFollowsDependencies: /healthz is 503 naming the stage and
// dependency while one is down, 200 again once it answers.
func TestHealthzFollowsDependencies(t *testing.T) {
	reg := metrics.New()
	srv := httptest.NewServer(metricsMux(reg))
	defer srv.Close()
	get := func() (int, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get(); code != http.StatusOK || body != "ok\n" {
		t.Fatalf("healthy: %d %q", code, body)
	}
	sink := reg.Stage("sink")
	sink.Down(bus.DepClickHouse, errors.New("dial tcp: connection refused"))
	code, body := get()
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "sink/clickhouse: dial tcp: connection refused") {
		t.Fatalf("ClickHouse down: %d %q", code, body)
	}
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(m), `dealwatch_dependency_up{dependency="clickhouse",stage="sink"} 0`) {
		t.Errorf("/metrics lacks the dependency gauge at 0")
	}
	sink.Up(bus.DepClickHouse)
	if code, body := get(); code != http.StatusOK {
		t.Fatalf("recovered: %d %q", code, body)
	}
}
