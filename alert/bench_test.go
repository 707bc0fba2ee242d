package alert

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store/storetest"
)

// BenchmarkPublishToAlert measures the time from publishing a deal event
// for a new deal on the embedded Kafka broker to its alert arriving at a
// webhook receiver (consume, validate, decide, bbolt state, signed POST),
// one event at a time. Reports p50-ms and p99-ms.
//
//	go test -run '^$' -bench PublishToAlert -benchtime 200x ./alert
func BenchmarkPublishToAlert(b *testing.B) {
	cfg := storetest.EventBus(b)
	w := bus.NewWriter(cfg, schemas.TopicEvents)
	defer w.Close()

	var mu sync.Mutex
	arrived := map[string]chan time.Time{}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		now := time.Now()
		var a Alert
		if err := json.Unmarshal(body, &a); err != nil || !(VerifySignature(testSecret, body, req.Header.Get(HeaderSignature), time.Now(), DefaultSignatureTolerance) == nil) {
			http.Error(rw, "bad", http.StatusBadRequest)
			return
		}
		mu.Lock()
		ch := arrived[a.DealID]
		mu.Unlock()
		if ch != nil {
			ch <- now
		}
	}))
	defer srv.Close()

	rules, _ := Rules{}.withDefaults()
	a := newTestAlerter(b, b.TempDir(), rules, NewWebhookSink(Webhook{URL: srv.URL}, testSecret, nil, fastRetry))
	stop := runAlerter(b, cfg, a)
	defer stop()

	base := fixtureEvents(b)[0]
	event := func(i int) schemas.DealEvent {
		e := base
		e.Parties = []schemas.Party{{ID: fmt.Sprintf("buyer%d", i), Name: "Buyer", Role: "from"}, {ID: "amazon", Name: "Amazon", Role: "to"}}
		e.DealID = schemas.DealID(e)
		e.EventID = schemas.HashID("bench", e.DealID)
		return e
	}
	send := func(e schemas.DealEvent) time.Duration {
		ch := make(chan time.Time, 1)
		mu.Lock()
		arrived[e.DealID] = ch
		mu.Unlock()
		raw, _ := json.Marshal(e)
		start := time.Now()
		if err := w.WriteMessages(context.Background(), kafka.Message{Key: []byte(e.DealID), Value: raw}); err != nil {
			b.Fatal(err)
		}
		select {
		case at := <-ch:
			return at.Sub(start)
		case <-time.After(60 * time.Second):
			b.Fatal("alert never arrived")
			return 0
		}
	}
	send(event(1 << 30)) // warm up: group join, first fetch
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		lat = append(lat, send(event(i)))
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
