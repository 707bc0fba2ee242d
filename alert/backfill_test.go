package alert

// Backfill: deals that reach the alerter only through a re-extraction
// (dealwatch reextract → dealwatch.extractions.v1). The fixture holds three
// deals: the exclusivity deal is reported live; the AWS and the
// Anthropic–Google deals appear only in re-extractions.

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store/storetest"
)

// headerReceiver records every accepted alert with its backfill header.
type headerReceiver struct {
	mu       sync.Mutex
	srv      *httptest.Server
	got      []Alert
	backfill []string // X-Dealwatch-Backfill per alert
}

func newHeaderReceiver(t testing.TB) *headerReceiver {
	r := &headerReceiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		var a Alert
		if err := json.Unmarshal(body, &a); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		r.got = append(r.got, a)
		r.backfill = append(r.backfill, req.Header.Get(HeaderBackfill))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *headerReceiver) alerts() ([]Alert, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Alert(nil), r.got...), append([]string(nil), r.backfill...)
}

// splitLive returns the fixture's exclusivity events (reported live) and
// the others (found only by re-extraction).
func splitLive(t *testing.T) (live, backfill []schemas.DealEvent) {
	for _, e := range fixtureEvents(t) {
		if e.Type == schemas.TypeExclusivity {
			live = append(live, e)
		} else {
			backfill = append(backfill, e)
		}
	}
	if len(live) == 0 || len(backfill) == 0 {
		t.Fatal("fixture changed: no exclusivity or no other events")
	}
	return live, backfill
}

func handleBackfill(t *testing.T, a *Alerter, run string, evs []schemas.DealEvent) []Decision {
	t.Helper()
	var out []Decision
	for _, e := range evs {
		d, refused, err := a.HandleBackfill(context.Background(), e, run)
		if err != nil || refused != nil {
			t.Fatalf("backfill %s: %v %v", e.EventID, err, refused)
		}
		out = append(out, d)
	}
	return out
}

func dealsOf(as []Alert) map[string]int {
	out := map[string]int{}
	for _, a := range as {
		out[a.DealID]++
	}
	return out
}

func TestBackfillRule(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"", BackfillSuppress},
		{"backfill: suppress", BackfillSuppress},
		{"backfill: announce", BackfillAnnounce},
	} {
		r, err := ParseRules([]byte(c.yaml))
		if err != nil || r.Backfill != c.want {
			t.Errorf("%q: backfill %q, %v; want %q", c.yaml, r.Backfill, err, c.want)
		}
	}
	if _, err := ParseRules([]byte("backfill: sometimes")); !errors.Is(err, ErrRules) {
		t.Errorf("backfill: sometimes: %v, want ErrRules", err)
	}
}

func TestBackfillSuppressedByDefault(t *testing.T) {
	rcv := newHeaderReceiver(t)
	rules, _ := Rules{}.withDefaults()
	a := newTestAlerter(t, t.TempDir(), rules, NewWebhookSink(Webhook{URL: rcv.srv.URL}, nil, nil, fastRetry))
	live, backfill := splitLive(t)
	handleAll(t, a, live)
	for _, d := range handleBackfill(t, a, "run-1", append(append([]schemas.DealEvent(nil), live...), backfill...)) {
		if d.Alert != nil {
			t.Errorf("backfill announced with backfill: suppress: %s", d.Alert.DealID)
		}
	}
	got, _ := rcv.alerts()
	if len(got) != 1 || got[0].Backfill || got[0].DealID != live[0].DealID {
		t.Fatalf("alerts %+v, want the one live deal", dealsOf(got))
	}
	// A suppressed backfill records nothing: a live report of the deal
	// later is judged as any new report (announced, not marked).
	handleAll(t, a, backfill[:1])
	got, hdr := rcv.alerts()
	if len(got) != 2 || got[1].DealID != backfill[0].DealID || got[1].Backfill || hdr[1] != "" {
		t.Fatalf("live report after a suppressed backfill: alerts %+v (backfill headers %q)", dealsOf(got), hdr)
	}
}

func TestBackfillAnnouncedMarkedAndNeverRepeated(t *testing.T) {
	rcv := newHeaderReceiver(t)
	rules, _ := Rules{Backfill: BackfillAnnounce, AlertOnUpdates: true}.withDefaults()
	a := newTestAlerter(t, t.TempDir(), rules, NewWebhookSink(Webhook{URL: rcv.srv.URL}, nil, nil, fastRetry))
	live, backfill := splitLive(t)
	handleAll(t, a, live)

	// The re-extraction finds every deal again: the live one is not
	// announced again (although its events are new versions to nobody),
	// the two others are, once each, marked.
	handleBackfill(t, a, "run-1", append(append([]schemas.DealEvent(nil), live...), backfill...))
	got, hdr := rcv.alerts()
	if len(got) != 3 {
		t.Fatalf("%d alerts (%v), want 1 live + 2 backfill", len(got), dealsOf(got))
	}
	for i, al := range got {
		if n := dealsOf(got)[al.DealID]; n != 1 {
			t.Errorf("deal %s announced %d times", al.DealID, n)
		}
		wantBackfill := al.DealID != live[0].DealID
		if al.Backfill != wantBackfill || (hdr[i] == "true") != wantBackfill || al.Kind != KindNewDeal {
			t.Errorf("alert %d (deal %s): kind %s backfill %v header %q, want backfill %v", i, al.DealID, al.Kind, al.Backfill, hdr[i], wantBackfill)
		}
		if wantBackfill && (al.ReextractRun != "run-1" || !strings.Contains(al.Text, "backfill")) {
			t.Errorf("backfill alert %d: run %q, text %q", i, al.ReextractRun, al.Text)
		}
	}

	// (The AWS deal's increase, a new version of a deal the same run had
	// just announced, was not announced either.) A second run adds nothing.
	handleBackfill(t, a, "run-2", backfill)
	if got, _ := rcv.alerts(); len(got) != 3 {
		t.Fatalf("second re-extraction announced again: %v", dealsOf(got))
	}
}

func TestBackfillNeverAnnouncesAKnownDealsNewVersion(t *testing.T) {
	rcv := newHeaderReceiver(t)
	rules, _ := Rules{Backfill: BackfillAnnounce, AlertOnUpdates: true}.withDefaults()
	a := newTestAlerter(t, t.TempDir(), rules, NewWebhookSink(Webhook{URL: rcv.srv.URL}, nil, nil, fastRetry))
	var first, increase schemas.DealEvent
	for _, e := range fixtureEvents(t) {
		switch {
		case e.Action == schemas.ActionIncreased:
			increase = e
		case e.Type == schemas.TypeCommitment && first.EventID == "":
			first = e
		}
	}
	if first.DealID != increase.DealID {
		t.Fatal("fixture changed: the increase is not of the first commitment's deal")
	}
	handleAll(t, a, []schemas.DealEvent{first})
	d := handleBackfill(t, a, "run-1", []schemas.DealEvent{increase})[0]
	if d.Alert != nil || !strings.Contains(d.Skip, "already announced") {
		t.Fatalf("re-extracted new version of an announced deal: %+v", d)
	}
	// Live, the same increase is an update as before.
	handleAll(t, a, []schemas.DealEvent{increase})
	got, _ := rcv.alerts()
	if len(got) != 2 || got[1].Kind != KindDealUpdate || got[1].Backfill {
		t.Fatalf("alerts %+v, want the deal then its live update", got)
	}
}

// TestRunWithBackfill: the alerter consumes events and re-extractions from
// Kafka (kfake) at once; an extraction's deal is announced marked
// backfill, a deal already announced live is not announced again, and an
// invalid extraction goes to the dead-letter topic.
func TestRunWithBackfill(t *testing.T) {
	cfg := busWithExtractions(t)
	rcv := newHeaderReceiver(t)
	rules, _ := Rules{Backfill: BackfillAnnounce}.withDefaults()
	a := newTestAlerter(t, t.TempDir(), rules, NewWebhookSink(Webhook{URL: rcv.srv.URL}, nil, nil, fastRetry))
	dlq := bus.NewWriter(cfg, schemas.TopicDeadLetter)
	defer dlq.Close()
	a.DeadLetter = dlq

	live, backfill := splitLive(t)
	ew := bus.NewWriter(cfg, schemas.TopicEvents)
	defer ew.Close()
	publish(t, ew, live...)

	ctx, cancel := context.WithCancel(context.Background())
	er := bus.NewReader(cfg, schemas.TopicEvents, ConsumerGroup)
	xr := bus.NewReader(cfg, schemas.TopicExtractions, BackfillGroup)
	done := make(chan error, 1)
	go func() { done <- a.RunWithBackfill(ctx, er, xr) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("RunWithBackfill: %v", err)
		}
		er.Close()
		xr.Close()
	}()
	waitFor(t, "the live alert", func() bool { got, _ := rcv.alerts(); return len(got) == 1 })

	// One extraction per article, the live articles included.
	xw := bus.NewWriter(cfg, schemas.TopicExtractions)
	defer xw.Close()
	var msgs []kafka.Message
	for _, e := range append(append([]schemas.DealEvent(nil), live...), backfill...) {
		x := schemas.Extraction{SchemaVersion: schemas.ExtractionVersion, RunID: "run-k", ArticleID: e.Article.ID,
			ExtractorVersion: e.ExtractorVersion, ExtractedAt: e.ExtractedAt.Add(time.Hour), Events: []schemas.DealEvent{e}}
		raw, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, kafka.Message{Key: []byte(x.ArticleID), Value: raw})
	}
	msgs = append(msgs, kafka.Message{Key: []byte("bad"), Value: []byte(`{"schema_version":"extraction.v1"}`)})
	if err := xw.WriteMessages(context.Background(), msgs...); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "two backfill alerts", func() bool { got, _ := rcv.alerts(); return len(got) >= 3 })
	waitFor(t, "the invalid extraction on the dead-letter topic", func() bool {
		return deadLettered(t, cfg, "extraction") > 0
	})
	got, hdr := rcv.alerts()
	for i, al := range got {
		if dealsOf(got)[al.DealID] != 1 {
			t.Errorf("deal %s announced %d times", al.DealID, dealsOf(got)[al.DealID])
		}
		if i > 0 && (!al.Backfill || hdr[i] != "true" || al.ReextractRun != "run-k") {
			t.Errorf("alert %d: backfill %v header %q run %q", i, al.Backfill, hdr[i], al.ReextractRun)
		}
	}
	if len(got) != 3 {
		t.Errorf("%d alerts, want 3: %v", len(got), dealsOf(got))
	}
}

func busWithExtractions(t *testing.T) bus.Config {
	t.Helper()
	cfg := storetest.EventBus(t)
	if err := bus.EnsureTopics(context.Background(), cfg, schemas.TopicExtractions); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// deadLettered counts dead-letter messages whose reason mentions what.
func deadLettered(t *testing.T, cfg bus.Config, what string) int {
	t.Helper()
	n := 0
	for p := 0; p < cfg.Partitions; p++ {
		r := kafka.NewReader(kafka.ReaderConfig{Brokers: cfg.Brokers, Topic: schemas.TopicDeadLetter, Partition: p, MaxWait: 50 * time.Millisecond})
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			m, err := r.ReadMessage(ctx)
			cancel()
			if err != nil {
				break
			}
			if strings.Contains(bus.Header(m, schemas.HeaderDLQReason), what) {
				n++
			}
		}
		r.Close()
	}
	return n
}
