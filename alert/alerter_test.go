package alert

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/alert/deal"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store/storetest"
)

var testSecret = []byte("s3cret")

func fixtureEvents(t testing.TB) []schemas.DealEvent {
	t.Helper()
	return storetest.Events(t, "testdata/outlets.jsonl")
}

// receiver is an httptest webhook receiver that verifies signatures and
// records what it accepted; failFirst makes it answer 503 that many times.
type receiver struct {
	mu        sync.Mutex
	srv       *httptest.Server
	failFirst int
	status    int // when non-zero, always answer this
	attempts  int
	got       []Alert
	keys      []string
	badSig    int
	notify    chan struct{}
}

func newReceiver(t testing.TB, failFirst int) *receiver {
	r := &receiver{failFirst: failFirst, notify: make(chan struct{}, 1000)}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.attempts++
		if !(VerifySignature(testSecret, body, req.Header.Get(HeaderSignature), time.Now(), DefaultSignatureTolerance) == nil) {
			r.badSig++
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		if r.status != 0 {
			http.Error(w, "nope", r.status)
			return
		}
		if r.failFirst > 0 {
			r.failFirst--
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		var a Alert
		if err := json.Unmarshal(body, &a); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.got = append(r.got, a)
		r.keys = append(r.keys, req.Header.Get(HeaderIdempotencyKey))
		r.notify <- struct{}{}
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) alerts() []Alert {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Alert(nil), r.got...)
}

// fastRetry is the shared retry policy at test speed.
var fastRetry = bus.Policy{Backoff: bus.Backoff{Initial: time.Millisecond, Max: 5 * time.Millisecond}}

func newTestAlerter(t testing.TB, dir string, rules Rules, sinks ...Sink) *Alerter {
	t.Helper()
	st, err := OpenStore(filepath.Join(dir, "alert.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	v, err := schemas.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	return &Alerter{Rules: rules, Store: st, Sinks: sinks, Validator: v}
}

func handleAll(t testing.TB, a *Alerter, evs []schemas.DealEvent) {
	t.Helper()
	for _, e := range evs {
		if _, refused, err := a.Handle(context.Background(), e); err != nil || refused != nil {
			t.Fatalf("handle %s: %v %v", e.EventID, err, refused)
		}
	}
}

func TestOneAlertPerDealNotPerArticle(t *testing.T) {
	rcv := newReceiver(t, 0)
	rules, _ := Rules{}.withDefaults()
	a := newTestAlerter(t, t.TempDir(), rules, NewWebhookSink(Webhook{URL: rcv.srv.URL}, testSecret, nil, fastRetry))
	handleAll(t, a, fixtureEvents(t))
	got := rcv.alerts()
	if len(got) != 3 {
		t.Fatalf("got %d alerts for 11 mentions of 3 deals, want 3", len(got))
	}
	seen := map[string]bool{}
	for i, al := range got {
		if al.Kind != KindNewDeal || seen[al.DealID] {
			t.Errorf("alert %d: kind %s deal %s (dup=%v)", i, al.Kind, al.DealID, seen[al.DealID])
		}
		seen[al.DealID] = true
		if rcv.keys[i] != al.Version || al.Version != deal.Fingerprint(al.Event) {
			t.Errorf("idempotency key %q, version %q", rcv.keys[i], al.Version)
		}
		if al.Text == "" {
			t.Error("empty Slack text")
		}
	}
	if rcv.badSig != 0 {
		t.Errorf("%d bad signatures", rcv.badSig)
	}
}

func TestUpdatesAlertWhenConfigured(t *testing.T) {
	rcv := newReceiver(t, 0)
	rules, _ := Rules{AlertOnUpdates: true}.withDefaults()
	a := newTestAlerter(t, t.TempDir(), rules, NewWebhookSink(Webhook{URL: rcv.srv.URL}, testSecret, nil, fastRetry))
	evs := fixtureEvents(t)
	handleAll(t, a, evs)
	// A late copy of the original figure, published after the follow-up, is
	// a known version: no alert.
	late := evs[1]
	late.EventID = "ffffffffffffffff"
	late.Article.ID = "late"
	later := time.Date(2025, 11, 12, 0, 0, 0, 0, time.UTC)
	late.Article.PublishedAt = &later
	handleAll(t, a, []schemas.DealEvent{late})
	got := rcv.alerts()
	if len(got) != 4 {
		t.Fatalf("got %d alerts, want 3 new + 1 update", len(got))
	}
	up := got[3]
	if up.Kind != KindDealUpdate || up.Event.Action != schemas.ActionIncreased || up.DealID != got[0].DealID {
		t.Errorf("update alert: %+v", up)
	}
	if len(up.PreviousVersions) != 1 || up.PreviousVersions[0] != got[0].Version {
		t.Errorf("previous versions %v, want [%s]", up.PreviousVersions, got[0].Version)
	}
}

func TestStaleVersionDoesNotAlert(t *testing.T) {
	rcv := newReceiver(t, 0)
	rules, _ := Rules{AlertOnUpdates: true}.withDefaults()
	a := newTestAlerter(t, t.TempDir(), rules, NewWebhookSink(Webhook{URL: rcv.srv.URL}, testSecret, nil, fastRetry))
	evs := fixtureEvents(t)
	followUp, first := evs[len(evs)-1], evs[0]
	handleAll(t, a, []schemas.DealEvent{followUp, first}) // the original arrives after the update
	if got := rcv.alerts(); len(got) != 1 || got[0].Event.Action != schemas.ActionIncreased {
		t.Fatalf("alerts %+v, want only the follow-up", got)
	}
}

func TestRestartDoesNotRedeliver(t *testing.T) {
	rcv := newReceiver(t, 0)
	dir := t.TempDir()
	rules, _ := Rules{AlertOnUpdates: true}.withDefaults()
	sink := NewWebhookSink(Webhook{URL: rcv.srv.URL}, testSecret, nil, fastRetry)
	a := newTestAlerter(t, dir, rules, sink)
	evs := fixtureEvents(t)
	handleAll(t, a, evs)
	if err := a.Store.Close(); err != nil {
		t.Fatal(err)
	}
	b := newTestAlerter(t, dir, rules, sink) // a new process on the same state
	handleAll(t, b, evs)
	if got := rcv.alerts(); len(got) != 4 {
		t.Fatalf("got %d deliveries after a restart and replay, want 4", len(got))
	}
}

func TestRetriesUntilReceiverRecovers(t *testing.T) {
	rcv := newReceiver(t, 3)
	rules, _ := Rules{}.withDefaults()
	a := newTestAlerter(t, t.TempDir(), rules, NewWebhookSink(Webhook{URL: rcv.srv.URL}, testSecret, nil, fastRetry))
	handleAll(t, a, fixtureEvents(t)[:1])
	if len(rcv.alerts()) != 1 || rcv.attempts != 4 {
		t.Fatalf("accepted %d after %d attempts, want 1 after 4", len(rcv.alerts()), rcv.attempts)
	}
}

func TestPermanentRefusalIsReportedNotRetried(t *testing.T) {
	rcv := newReceiver(t, 0)
	rcv.status = http.StatusBadRequest
	rules, _ := Rules{}.withDefaults()
	a := newTestAlerter(t, t.TempDir(), rules, NewWebhookSink(Webhook{URL: rcv.srv.URL}, testSecret, nil, fastRetry))
	_, refused, err := a.Handle(context.Background(), fixtureEvents(t)[0])
	if err != nil || !errors.Is(refused, ErrPermanent) {
		t.Fatalf("err %v refused %v", err, refused)
	}
	if rcv.attempts != 1 {
		t.Errorf("%d attempts on a 400", rcv.attempts)
	}
}

func TestWrongSecretIsRejectedByReceiver(t *testing.T) {
	rcv := newReceiver(t, 0)
	rules, _ := Rules{}.withDefaults()
	a := newTestAlerter(t, t.TempDir(), rules, NewWebhookSink(Webhook{URL: rcv.srv.URL}, []byte("wrong"), nil, fastRetry))
	_, refused, _ := a.Handle(context.Background(), fixtureEvents(t)[0])
	if rcv.badSig != 1 || !errors.Is(refused, ErrPermanent) {
		t.Fatalf("badSig %d refused %v", rcv.badSig, refused)
	}
}

// A crash while one sink is still failing: the sink that already has the
// alert does not get it again, the other gets it once after the restart.
func TestPartialDeliveryResumesPerSink(t *testing.T) {
	good, flaky := newReceiver(t, 0), newReceiver(t, 0)
	flaky.status = http.StatusServiceUnavailable
	dir := t.TempDir()
	rules, _ := Rules{}.withDefaults()
	sinks := []Sink{
		NewWebhookSink(Webhook{URL: good.srv.URL, Name: "good"}, testSecret, nil, fastRetry),
		NewWebhookSink(Webhook{URL: flaky.srv.URL, Name: "flaky"}, testSecret, nil, fastRetry),
	}
	a := newTestAlerter(t, dir, rules, sinks...)
	e := fixtureEvents(t)[0]
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for flaky.attemptsNow() < 3 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	if _, _, err := a.Handle(ctx, e); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want cancelled while retrying", err)
	}
	a.Store.Close()
	flaky.mu.Lock()
	flaky.status = 0
	flaky.mu.Unlock()
	b := newTestAlerter(t, dir, rules, sinks...)
	handleAll(t, b, []schemas.DealEvent{e, e})
	if len(good.alerts()) != 1 || len(flaky.alerts()) != 1 {
		t.Fatalf("good got %d, flaky got %d; want 1 and 1", len(good.alerts()), len(flaky.alerts()))
	}
}

func (r *receiver) attemptsNow() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.attempts
}

func TestImmaterialUpdateIsRememberedNotAnnounced(t *testing.T) {
	rcv := newReceiver(t, 0)
	rules, _ := Rules{AlertOnUpdates: true}.withDefaults()
	a := newTestAlerter(t, t.TempDir(), rules, NewWebhookSink(Webhook{URL: rcv.srv.URL}, testSecret, nil, fastRetry))
	evs := fixtureEvents(t)
	first := evs[0] // $38B
	nudged := evs[1]
	v := 38.4e9 // +1%: another version, not a material change
	nudged.Amount = &schemas.Amount{Value: &v, Currency: "USD", Qualifier: "exact", Text: "$38.4 billion"}
	raised := evs[2]
	w := 45e9 // +18%: material
	raised.Amount = &schemas.Amount{Value: &w, Currency: "USD", Qualifier: "exact", Text: "$45 billion"}
	handleAll(t, a, []schemas.DealEvent{first, nudged, raised, nudged})
	got := rcv.alerts()
	if len(got) != 2 || got[0].Kind != KindNewDeal || got[1].Kind != KindDealUpdate || *got[1].Event.Amount.Value != 45e9 {
		t.Fatalf("alerts %+v", got)
	}
	st, err := a.Store.Deal(first.DealID)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Versions) != 3 || st.Last == nil || *st.Last.Amount != 45e9 {
		t.Errorf("state %+v", st)
	}
}

func TestMaterialChange(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	base := &VersionSummary{Action: "new", Amount: f(100), Currency: "USD"}
	cases := []struct {
		next *VersionSummary
		want bool
	}{
		{&VersionSummary{Action: "new", Amount: f(104), Currency: "USD"}, false},
		{&VersionSummary{Action: "new", Amount: f(105), Currency: "USD"}, true},
		{&VersionSummary{Action: "increased", Amount: f(100), Currency: "USD"}, true},
		{&VersionSummary{Action: "new", Currency: "USD"}, true},
		{&VersionSummary{Action: "new", Amount: f(100), Currency: "EUR"}, true},
		{&VersionSummary{Action: "new", Amount: f(100), Currency: "USD", Until: "2030"}, true},
	}
	for i, c := range cases {
		if got := MaterialChange(base, c.next, 0.05); got != c.want {
			t.Errorf("case %d: %v, want %v", i, got, c.want)
		}
	}
}
