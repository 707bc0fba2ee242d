package alert

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
)

// Options assemble an Alerter.
type Options struct {
	RulesPath string   // YAML rules file; "" = defaults (every stated deal, new deals only)
	StatePath string   // bbolt file; default $DEALWATCH_DATA_DIR/alert/state.db
	Secret    []byte   // HMAC key for webhooks (ALERT_WEBHOOK_SECRET)
	ExtraURLs []string // webhook URLs besides the rules file's (ALERT_WEBHOOK_URLS)
	// Retry is how webhooks are retried and Run rides out Kafka and state
	// failures (bus.Policy; zero Backoff: bus.DefaultBackoff); its Health,
	// if set, hears of Kafka, the state store and every webhook receiver.
	// Log nil: Log below.
	Retry bus.Policy
	Log   *slog.Logger
	// DeadLetter receives invalid events and refused alerts.
	DeadLetter bus.MessageWriter
}

// ErrNoSecret is returned when webhooks are configured without a secret to sign them.
var ErrNoSecret = errors.New("alert: webhooks configured but ALERT_WEBHOOK_SECRET is empty")

// OptionsFromEnv reads ALERT_RULES, ALERT_WEBHOOK_SECRET, ALERT_WEBHOOK_URLS
// (comma-separated) and DEALWATCH_DATA_DIR (default "data").
func OptionsFromEnv() Options {
	o := Options{
		RulesPath: os.Getenv("ALERT_RULES"),
		Secret:    []byte(os.Getenv("ALERT_WEBHOOK_SECRET")),
		StatePath: filepath.Join(DataDir(), "alert", "state.db"),
	}
	for _, u := range strings.Split(os.Getenv("ALERT_WEBHOOK_URLS"), ",") {
		if u = strings.TrimSpace(u); u != "" {
			o.ExtraURLs = append(o.ExtraURLs, u)
		}
	}
	return o
}

// DataDir is DEALWATCH_DATA_DIR, or ".dealwatch" when unset.
func DataDir() string {
	if d := os.Getenv("DEALWATCH_DATA_DIR"); d != "" {
		return d
	}
	return "data"
}

// Open loads the rules, opens the state and builds the sinks (every
// webhook plus the log). The caller closes a.Store.
func Open(o Options) (*Alerter, error) {
	rules, err := LoadRules(o.RulesPath)
	if err != nil {
		return nil, err
	}
	for _, u := range o.ExtraURLs {
		w := Webhook{URL: u}
		if _, err := (Rules{Webhooks: []Webhook{w}}).withDefaults(); err != nil {
			return nil, err
		}
		rules.Webhooks = append(rules.Webhooks, w)
	}
	if len(rules.Webhooks) > 0 && len(o.Secret) == 0 {
		return nil, ErrNoSecret
	}
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if o.Retry.Log == nil {
		o.Retry.Log = log
	}
	if o.StatePath == "" {
		o.StatePath = filepath.Join(DataDir(), "alert", "state.db")
	}
	v, err := schemas.NewValidator()
	if err != nil {
		return nil, fmt.Errorf("alert: %w", err)
	}
	st, err := OpenStore(o.StatePath)
	if err != nil {
		return nil, err
	}
	sinks := []Sink{NewLogSink(log)}
	for _, w := range rules.Webhooks {
		sinks = append(sinks, NewWebhookSink(w, o.Secret, nil, o.Retry))
	}
	return &Alerter{Rules: rules, Store: st, Sinks: sinks, Validator: v, DeadLetter: o.DeadLetter, Log: log, Retry: o.Retry}, nil
}
