package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/dealwatch/dealwatch/alert"
)

// runWebhookListen is a local webhook receiver for trying alerts out: it
// prints the text of every alert POSTed to it, checks the signature with
// ALERT_WEBHOOK_SECRET the way a real receiver must (alert.VerifySignature)
// and answers 401 to a bad one, drops redeliveries by Idempotency-Key, and
// exits after -n alerts (0: on Ctrl-C).
func runWebhookListen(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "webhook-listen")
	addr := fs.String("addr", "127.0.0.1:8765", "listen address; point a webhook at http://ADDR/")
	n := fs.Int("n", 0, "exit after this many alerts (0: run until interrupted)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *n < 0 {
		return fmt.Errorf("%w: webhook-listen takes flags only; -n must not be negative", errUsage)
	}
	secret := []byte(os.Getenv("ALERT_WEBHOOK_SECRET"))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "listening on http://%s/ (signature check: %v)\n", ln.Addr(), len(secret) > 0)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	h := &webhookPrinter{out: env.stdout, secret: secret, limit: *n, done: cancel, seen: map[string]bool{}}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, stop := context.WithTimeout(context.Background(), 5*time.Second)
		defer stop()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// webhookPrinter prints each accepted alert once.
type webhookPrinter struct {
	out    io.Writer
	secret []byte
	limit  int
	done   func()

	mu    sync.Mutex
	seen  map[string]bool
	count int
}

func (h *webhookPrinter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST alerts here", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if len(h.secret) > 0 {
		if err := alert.VerifySignature(h.secret, body, r.Header.Get(alert.HeaderSignature), time.Now(), alert.DefaultSignatureTolerance); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
	}
	var msg struct {
		Text string `json:"text"`
	}
	if err := json.Unmarshal(body, &msg); err != nil {
		http.Error(w, "not alert JSON: "+err.Error(), http.StatusBadRequest)
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	key := r.Header.Get(alert.HeaderIdempotencyKey)
	if key != "" && h.seen[key] {
		w.WriteHeader(http.StatusOK) // a redelivery: already printed
		return
	}
	h.seen[key] = true
	h.count++
	fmt.Fprintf(h.out, "alert %d (%s): %s\n", h.count, r.Header.Get(alert.HeaderAlertKind), msg.Text)
	w.WriteHeader(http.StatusOK)
	if h.limit > 0 && h.count >= h.limit {
		h.done()
	}
}
