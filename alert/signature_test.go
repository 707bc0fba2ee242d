package alert

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestSignatureTimestampedAndReplayDetectable(t *testing.T) {
	body := []byte(`{"kind":"new_deal","deal_id":"d1"}`)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	h := Sign(testSecret, body, at)
	if !strings.HasPrefix(h, "t=1772366400,v1=") {
		t.Fatalf("header %q", h)
	}
	if err := VerifySignature(testSecret, body, h, at.Add(time.Minute), DefaultSignatureTolerance); err != nil {
		t.Fatalf("fresh signature: %v", err)
	}
	for name, c := range map[string]struct {
		secret, body []byte
		header       string
		now          time.Time
		want         error
	}{
		"replayed ten minutes later": {testSecret, body, h, at.Add(10 * time.Minute), ErrStaleSignature},
		"from the future":            {testSecret, body, h, at.Add(-10 * time.Minute), ErrStaleSignature},
		"timestamp moved forward":    {testSecret, body, strings.Replace(h, "t=1772366400", "t=1772367000", 1), at.Add(10 * time.Minute), ErrBadSignature},
		"body changed":               {testSecret, []byte(`{"kind":"new_deal","deal_id":"d2"}`), h, at, ErrBadSignature},
		"other secret":               {[]byte("other"), body, h, at, ErrBadSignature},
		"body-only signature":        {testSecret, body, "sha256=" + h[strings.Index(h, "v1=")+3:], at, ErrBadSignature},
		"empty":                      {testSecret, body, "", at, ErrBadSignature},
	} {
		if err := VerifySignature(c.secret, c.body, c.header, c.now, DefaultSignatureTolerance); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}

// A receiver checks what the webhook sink sends; the captured request,
// replayed later, is refused.
func TestWebhookSignatureVerifiesAtReceiver(t *testing.T) {
	type captured struct {
		body []byte
		sig  string
		key  string
	}
	got := make(chan captured, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- captured{b, r.Header.Get(HeaderSignature), r.Header.Get(HeaderIdempotencyKey)}
	}))
	defer srv.Close()
	ev := fixtureEvents(t)[0]
	al := newAlert(KindNewDeal, ev, "fp", nil, time.Now())
	sink := NewWebhookSink(Webhook{URL: srv.URL}, testSecret, nil, fastRetry)
	if err := sink.Deliver(context.Background(), al, []byte(`{"x":1}`)); err != nil {
		t.Fatal(err)
	}
	c := <-got
	if err := VerifySignature(testSecret, c.body, c.sig, time.Now(), DefaultSignatureTolerance); err != nil {
		t.Fatalf("receiver: %v (header %q)", err, c.sig)
	}
	if c.key != al.IdempotencyKey() {
		t.Errorf("Idempotency-Key %q, want %q", c.key, al.IdempotencyKey())
	}
	if err := VerifySignature(testSecret, c.body, c.sig, time.Now().Add(time.Hour), DefaultSignatureTolerance); !errors.Is(err, ErrStaleSignature) {
		t.Fatalf("replay an hour later: %v", err)
	}
}
