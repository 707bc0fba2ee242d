package alert

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/dealwatch/dealwatch/ingest/bus"
)

// Sink receives alerts. Deliver returns nil once the alert is durably
// accepted, ErrPermanent (wrapped) when retrying cannot help, or the
// context's error when cancelled while still trying.
type Sink interface {
	Name() string
	Deliver(ctx context.Context, a Alert, body []byte) error
}

// ErrPermanent marks a delivery the receiver refused for good (HTTP 4xx
// other than 408 and 429): the alert is dead-lettered, not retried.
var ErrPermanent = errors.New("permanent delivery failure")

// Webhook headers.
const (
	// HeaderSignature is "t=<unix seconds>,v1=<hex HMAC-SHA256 of
	// t + "." + body keyed with the shared secret>": the timestamp is signed
	// with the body, so a receiver can refuse a captured request replayed
	// later (VerifySignature).
	HeaderSignature      = "X-Dealwatch-Signature"
	HeaderIdempotencyKey = "Idempotency-Key"   // deal_id + version fingerprint; the same on every redelivery
	HeaderAlertKind      = "X-Dealwatch-Alert" // new_deal or deal_update
	// HeaderBackfill is "true" on an alert for a deal found only by a
	// re-extraction (rules: backfill: announce); absent otherwise.
	HeaderBackfill = "X-Dealwatch-Backfill"
)

// DefaultSignatureTolerance is how old a signature VerifySignature accepts.
const DefaultSignatureTolerance = 5 * time.Minute

// Signature errors; both mean: refuse the request.
var (
	ErrBadSignature   = errors.New("alert: bad webhook signature")
	ErrStaleSignature = errors.New("alert: webhook signature too old or from the future")
)

func signatureMAC(secret []byte, ts int64, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte("."))
	m.Write(body)
	return m.Sum(nil)
}

// Sign returns the signature header value for body sent at t.
func Sign(secret, body []byte, t time.Time) string {
	ts := t.Unix()
	return "t=" + strconv.FormatInt(ts, 10) + ",v1=" + hex.EncodeToString(signatureMAC(secret, ts, body))
}

// VerifySignature checks a signature header value the way a receiver
// should: the MAC over its timestamp and the body, in constant time
// (ErrBadSignature), then that the timestamp is within tolerance of now
// (ErrStaleSignature); a replayed request carries its old timestamp. A
// receiver also drops a second request with an Idempotency-Key it has
// already processed (delivery is at-least-once).
func VerifySignature(secret, body []byte, header string, now time.Time, tolerance time.Duration) error {
	var ts int64
	var macs [][]byte
	haveTS := false
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		switch k {
		case "t":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return fmt.Errorf("%w: timestamp %q", ErrBadSignature, v)
			}
			ts, haveTS = n, true
		case "v1":
			if mac, err := hex.DecodeString(v); err == nil {
				macs = append(macs, mac)
			}
		}
	}
	if !haveTS || len(macs) == 0 {
		return fmt.Errorf("%w: no t= or v1=", ErrBadSignature)
	}
	want := signatureMAC(secret, ts, body)
	ok := false
	for _, mac := range macs {
		ok = hmac.Equal(mac, want) || ok
	}
	if !ok {
		return ErrBadSignature
	}
	if age := now.Sub(time.Unix(ts, 0)); age > tolerance || age < -tolerance {
		return fmt.Errorf("%w: signed at %s", ErrStaleSignature, time.Unix(ts, 0).UTC().Format(time.RFC3339))
	}
	return nil
}

// WebhookSink POSTs the alert JSON to a URL, signed with HMAC-SHA256, and
// retries with the project's one retry policy (bus.Policy) while the
// receiver fails (network errors, 5xx, 408, 429), until it accepts, refuses
// for good or ctx ends. The policy's Health hears of the receiver as
// dependency "webhook:<name>": down while it fails, up once it accepts.
type WebhookSink struct {
	name   string
	url    string
	secret []byte
	client *http.Client
	retry  bus.Policy
}

// NewWebhookSink returns a sink for w that retries with retry (its zero
// Backoff is bus.DefaultBackoff; Log and Health may be nil). client nil
// uses a 10s-timeout client.
func NewWebhookSink(w Webhook, secret []byte, client *http.Client, retry bus.Policy) *WebhookSink {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	name := w.Name
	if name == "" {
		name = "webhook:" + w.URL
		if u, err := url.Parse(w.URL); err == nil {
			name = "webhook:" + u.Host + u.Path
		}
	}
	return &WebhookSink{name: name, url: w.URL, secret: secret, client: client, retry: retry}
}

// Name identifies the sink in the delivery record.
func (s *WebhookSink) Name() string { return s.name }

// Dependency is the name of the receiver in health reports.
func (s *WebhookSink) Dependency() string {
	return bus.DepWebhook + ":" + strings.TrimPrefix(s.name, "webhook:")
}

// Deliver posts body until the receiver answers 2xx (nil), refuses it for
// good (ErrPermanent) or ctx ends (ctx's error, wrapping the last failure).
func (s *WebhookSink) Deliver(ctx context.Context, a Alert, body []byte) error {
	return s.retry.Do(ctx, s.Dependency(), "deliver "+a.IdempotencyKey(), func(ctx context.Context) error {
		err := s.post(ctx, a, body)
		if errors.Is(err, ErrPermanent) {
			return bus.Permanent(err)
		}
		return err
	})
}

func (s *WebhookSink) post(ctx context.Context, a Alert, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%w: %w", ErrPermanent, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "dealwatch-alert")
	req.Header.Set(HeaderIdempotencyKey, a.IdempotencyKey())
	req.Header.Set(HeaderAlertKind, a.Kind)
	if a.Backfill {
		req.Header.Set(HeaderBackfill, "true")
	}
	if len(s.secret) > 0 {
		// Signed per attempt: a retry carries a fresh timestamp.
		req.Header.Set(HeaderSignature, Sign(s.secret, body, time.Now()))
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode >= 400 && resp.StatusCode < 500 &&
		resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests:
		return fmt.Errorf("%w: webhook %s: HTTP %d: %s", ErrPermanent, s.name, resp.StatusCode, bytes.TrimSpace(msg))
	default:
		return fmt.Errorf("webhook %s: HTTP %d: %s", s.name, resp.StatusCode, bytes.TrimSpace(msg))
	}
}

// LogSink writes each alert as one structured log record.
type LogSink struct {
	log *slog.Logger
}

// NewLogSink returns a sink logging to l.
func NewLogSink(l *slog.Logger) *LogSink { return &LogSink{log: l} }

// Name identifies the sink in the delivery record.
func (s *LogSink) Name() string { return "log" }

// Deliver logs the alert; it cannot fail.
func (s *LogSink) Deliver(ctx context.Context, a Alert, _ []byte) error {
	s.log.InfoContext(ctx, "alert", "kind", a.Kind, "deal_id", a.DealID, "version", a.Version, "backfill", a.Backfill,
		"text", a.Text, "article_url", a.Event.Article.URL, "confidence", a.Event.Confidence)
	return nil
}
