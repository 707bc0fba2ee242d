package alert

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
)

// The webhook sink retries with the shared bus.Policy: while the receiver
// fails, the policy's Health has the receiver down (what /healthz shows);
// once it accepts, up; a refusal is not retried; cancelling ends the
// retries with the context's error.
func TestWebhookRetriesWithSharedPolicy(t *testing.T) {
	reg := metrics.New()
	var mu sync.Mutex
	var calls int
	var seenDown []string // Unhealthy() as each attempt after the first saw it
	status := http.StatusServiceUnavailable
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls > 1 {
			seenDown = append(seenDown, strings.Join(reg.Unhealthy(), "|"))
		}
		if calls <= 3 {
			w.WriteHeader(status)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	retry := fastRetry
	retry.Health = reg.Stage(Stage)
	sink := NewWebhookSink(Webhook{URL: srv.URL + "/hook", Name: "ops"}, testSecret, nil, retry)
	if sink.Dependency() != "webhook:ops" {
		t.Errorf("dependency %q", sink.Dependency())
	}
	al := newAlert(KindNewDeal, fixtureEvents(t)[0], "fp", nil, time.Now())
	if err := sink.Deliver(context.Background(), al, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if calls != 4 || len(seenDown) != 3 {
		t.Fatalf("%d calls, health seen %d times; want 4 and 3", calls, len(seenDown))
	}
	for i, d := range seenDown {
		if !strings.HasPrefix(d, "alert/webhook:ops: webhook ops: HTTP 503") {
			t.Errorf("attempt %d: unhealthy %q, want alert/webhook:ops down", i+2, d)
		}
	}
	mu.Unlock()
	if down := reg.Unhealthy(); len(down) != 0 {
		t.Errorf("after delivery still unhealthy: %v", down)
	}

	// A refusal (4xx) is permanent: one call, ErrPermanent.
	mu.Lock()
	calls, status = 0, http.StatusBadRequest
	mu.Unlock()
	err := sink.Deliver(context.Background(), al, []byte(`{}`))
	mu.Lock()
	if !errors.Is(err, ErrPermanent) || !errors.Is(err, bus.ErrPermanent) || calls != 1 {
		t.Errorf("refusal: %v after %d calls, want ErrPermanent after 1", err, calls)
	}
	mu.Unlock()

	// A receiver down for good: retries until ctx ends, with ctx's error.
	mu.Lock()
	calls, status = -1_000_000, http.StatusBadGateway
	mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	retry.Health = healthFunc(func(string, error) { cancel() }) // cancel at the first failure
	sink = NewWebhookSink(Webhook{URL: srv.URL + "/hook", Name: "ops"}, testSecret, nil, retry)
	if err := sink.Deliver(ctx, al, []byte(`{}`)); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "HTTP 502") {
		t.Errorf("cancelled: %v, want context.Canceled wrapping the last failure", err)
	}
}

// healthFunc is a bus.Health that calls f on each failure.
type healthFunc func(dep string, err error)

func (f healthFunc) Up(string)                {}
func (f healthFunc) Down(dep string, e error) { f(dep, e) }
