package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
)

// metricsAddrDefault is the --metrics-addr default: DEALWATCH_METRICS_ADDR or fallback.
func metricsAddrDefault(fallback string) string {
	if v := os.Getenv("DEALWATCH_METRICS_ADDR"); v != "" {
		return v
	}
	return fallback
}

// httpServer serves handler on addr until ctx ends. It listens before
// returning so callers can print the bound address (addr may use port 0).
type httpServer struct {
	ln  net.Listener
	srv *http.Server
}

func listenHTTP(addr string, h http.Handler) (*httpServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	return &httpServer{ln: ln, srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}}, nil
}

func (s *httpServer) Addr() string { return s.ln.Addr().String() }

// Run serves until ctx is cancelled, then shuts down gracefully.
func (s *httpServer) Run(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		err := s.srv.Shutdown(sctx)
		<-errc
		return err
	}
}

// metricsMux serves /metrics and /healthz: 200 "ok" while every
// dependency the stages use answers, 503 with one "stage/dependency: last
// error" line per dependency that is down (being retried) otherwise.
func metricsMux(reg *metrics.Registry) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", reg.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		down := reg.Unhealthy()
		if len(down) == 0 {
			fmt.Fprintln(w, "ok")
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		for _, d := range down {
			fmt.Fprintln(w, d)
		}
	})
	return mux
}

// runGroup runs named stages concurrently: the first one to fail cancels
// the others; Wait returns once all have returned.
type runGroup struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	log    *slog.Logger
	wg     sync.WaitGroup
	mu     sync.Mutex
	errs   []error
}

func newRunGroup(ctx context.Context, log *slog.Logger) *runGroup {
	ctx, cancel := context.WithCancelCause(ctx)
	return &runGroup{ctx: ctx, cancel: cancel, log: log}
}

// Context is cancelled when the parent is or when a stage fails.
func (g *runGroup) Context() context.Context { return g.ctx }

// Go starts a stage. A stage returning nil while the group is still running
// is fine (e.g. a one-shot ingest).
func (g *runGroup) Go(name string, run func(ctx context.Context) error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		err := run(g.ctx)
		if err != nil && !(errors.Is(err, context.Canceled) && g.ctx.Err() != nil) {
			err = fmt.Errorf("%s: %w", name, err)
			g.log.Error("stage failed", "stage", name, "err", err)
			g.mu.Lock()
			g.errs = append(g.errs, err)
			g.mu.Unlock()
			g.cancel(err)
			return
		}
		g.log.Debug("stage stopped", "stage", name)
	}()
}

// Stop cancels every stage.
func (g *runGroup) Stop() { g.cancel(nil) }

// Wait waits for every stage and returns their errors.
func (g *runGroup) Wait() error {
	g.wg.Wait()
	g.cancel(nil)
	g.mu.Lock()
	defer g.mu.Unlock()
	return errors.Join(g.errs...)
}

// stageGroup names the consumer group and topic whose committed lag is
// reported as a stage's dealwatch_consumer_lag.
type stageGroup struct{ stage, group, topic string }

// reportLag sets every stage's lag gauge from its group's committed offsets
// (bus.GroupLag) every interval until ctx ends. Lag is what the group has
// not committed yet, whichever process the members run in.
func reportLag(ctx context.Context, cfg bus.Config, reg *metrics.Registry, every time.Duration, log *slog.Logger, sgs ...stageGroup) error {
	stages := make([]*metrics.Stage, len(sgs))
	for i, sg := range sgs {
		stages[i] = reg.Stage(sg.stage)
	}
	lr, err := bus.NewLagReader(cfg)
	if err != nil {
		// No brokers: no lag to report, and nothing to stop the run for.
		log.Debug("lag", "err", err)
		<-ctx.Done()
		return nil
	}
	defer lr.Close()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		for i, sg := range sgs {
			lags, err := lr.GroupLag(ctx, sg.group, sg.topic)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				log.Debug("lag", "group", sg.group, "err", err)
				continue
			}
			stages[i].Lag(bus.TotalLag(lags))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
