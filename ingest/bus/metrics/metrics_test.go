package metrics_test

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
)

func TestStageSeries(t *testing.T) {
	r := metrics.New()
	s := r.Stage("extract")
	s.Consumed(3)
	s.Produced(5)
	s.DeadLettered(1)
	s.Lag(7)
	s.Batch(4)
	s.Insert(2 * time.Millisecond)
	s.Error("commit")
	var nilStage *metrics.Stage
	nilStage.Consumed(1) // must not panic
	var nilReg *metrics.Registry
	nilReg.Stage("x").Produced(1)

	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`dealwatch_consumed_total{stage="extract"} 3`,
		`dealwatch_produced_total{stage="extract"} 5`,
		`dealwatch_dead_lettered_total{stage="extract"} 1`,
		`dealwatch_consumer_lag{stage="extract"} 7`,
		`dealwatch_batch_size_count{stage="extract"} 1`,
		`dealwatch_insert_latency_seconds_count{stage="extract"} 1`,
		`dealwatch_errors_total{kind="commit",stage="extract"} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("missing %q", want)
		}
	}
}
