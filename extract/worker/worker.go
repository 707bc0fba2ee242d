// Package worker is the extraction stage: it consumes articles from
// dealwatch.articles.v1 in a consumer group, extracts deal events, publishes
// them to dealwatch.events.v1 (acks=all) and only then commits the article's
// offset.
//
// Guarantees:
//   - at least once: an article's offset is committed after its events are
//     acknowledged by Kafka (or after it went to the dead-letter topic), and
//     per partition only once every earlier article is done too;
//   - an article with zero events is committed like any other;
//   - reprocessing is idempotent: the extractor is deterministic, so the same
//     article yields the same event_id and deal_id values, and the sink's
//     ReplacingMergeTree keeps one row per event_id;
//   - an article that is not valid article.v1 JSON, is larger than
//     bus.MaxMessageBytes, or whose extraction fails, panics or yields an
//     invalid event or events too large to publish, goes to the dead-letter
//     topic with the reason and its source topic/partition/offset, then is
//     committed (bus.DeadLetter truncates what is too large to dead-letter
//     whole), so no message can stop the stage;
//   - Kafka being down, restarting or moving leaders stops nothing: fetch,
//     publish, dead-letter and commit are retried with the shared
//     bus.Policy for as long as it takes, and the outage is reported as the
//     "kafka" dependency's health. The worker returns only when ctx ends.
package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/schemas"
)

// DefaultGroup is the consumer group of the extraction stage.
const DefaultGroup = "dealwatch-extract"

// Stage names the stage in dead-letter headers, logs and metrics.
const Stage = "extract"

// Extractor turns an article into events (extract.Extractor satisfies it).
type Extractor interface {
	Extract(ctx context.Context, a schemas.Article) ([]schemas.DealEvent, error)
}

// Reader is the consumer side the worker needs (a *kafka.Reader in a group).
type Reader interface {
	FetchMessage(ctx context.Context) (kafka.Message, error)
	CommitMessages(ctx context.Context, msgs ...kafka.Message) error
}

// Result describes one article the worker finished (committed or about to be).
type Result struct {
	Message      kafka.Message
	ArticleID    string
	EventIDs     []string
	DeadLettered bool
	Reason       error
}

// Options tune a Worker. The zero value is usable.
type Options struct {
	// Concurrency is the number of articles extracted at once (default
	// GOMAXPROCS): handlers do not wait for Kafka, the publisher does.
	Concurrency int
	// MaxInFlight bounds the articles between fetch and done (extracted
	// or waiting for Kafka's acknowledgement of their events; default
	// DefaultMaxInFlight). It bounds memory, and what a crash makes the
	// next owner handle again.
	MaxInFlight int
	// Writers is the number of event writes in flight at once (default
	// DefaultWriters); each carries every event waiting when it starts.
	Writers int
	// Log receives structured logs (default slog.Default()).
	Log *slog.Logger
	// Metrics receives the stage's counters (nil: none).
	Metrics *metrics.Stage
	// OnCommit, if set, is called after each successful commit with the
	// results it covered. It must not block for long.
	OnCommit func([]Result)
	// DrainTimeout bounds how long articles in flight may take to finish
	// after ctx is cancelled (default 15s); what does not finish is not
	// committed and will be handled again.
	DrainTimeout time.Duration
	// Backoff is the retry schedule while Kafka fails (zero: bus.DefaultBackoff).
	Backoff bus.Backoff
	// Extractions receives the answers to re-extractions (articles with
	// schemas.HeaderReextract): a writer for schemas.TopicExtractions. Open
	// sets it; without it such articles are dead-lettered.
	Extractions bus.MessageWriter
	// ExtractorVersion names the extractor in extractions (default: the
	// events' extractor_version).
	ExtractorVersion string
}

// Worker is one member of the extraction consumer group.
type Worker struct {
	r       Reader
	events  bus.MessageWriter
	dlq     bus.MessageWriter
	x       Extractor
	v       *schemas.Validator
	opts    Options
	log     *slog.Logger
	m       *metrics.Stage
	retry   bus.Policy
	closers []io.Closer
}

// New returns a worker on the given reader and writers: events must write to
// schemas.TopicEvents and deadLetter to schemas.TopicDeadLetter (see
// bus.DeadLetter).
func New(r Reader, events, deadLetter bus.MessageWriter, x Extractor, v *schemas.Validator, opts Options) *Worker {
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency()
	}
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = DefaultMaxInFlight
	}
	if opts.Writers <= 0 {
		opts.Writers = DefaultWriters
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	if opts.DrainTimeout <= 0 {
		opts.DrainTimeout = 15 * time.Second
	}
	log := opts.Log.With("stage", Stage)
	return &Worker{r: r, events: events, dlq: deadLetter, x: x, v: v, opts: opts,
		log: log, m: opts.Metrics, retry: bus.Policy{Backoff: opts.Backoff, Log: log, Health: opts.Metrics}}
}

// Open connects a worker to Kafka: a reader of schemas.TopicArticles in
// group (DefaultGroup if ""), and writers for the events and dead-letter
// topics. Run closes them when it returns.
func Open(cfg bus.Config, group string, x Extractor, opts Options) (*Worker, error) {
	if group == "" {
		group = DefaultGroup
	}
	v, err := schemas.NewValidator()
	if err != nil {
		return nil, fmt.Errorf("worker: %w", err)
	}
	r := bus.NewReader(cfg, schemas.TopicArticles, group)
	ew := bus.NewBulkWriter(cfg, schemas.TopicEvents)
	dw := bus.NewWriter(cfg, schemas.TopicDeadLetter)
	xw := bus.NewWriter(cfg, schemas.TopicExtractions)
	if opts.Extractions == nil {
		opts.Extractions = xw
	}
	w := New(r, ew, dw, x, v, opts)
	w.closers = []io.Closer{r, ew, dw, xw}
	return w, nil
}

// DefaultConcurrency is GOMAXPROCS: extraction is CPU work, and a handler
// no longer waits for Kafka (see publisher).
func DefaultConcurrency() int { return runtime.GOMAXPROCS(0) }

// errFatal marks failures that stop the worker without committing: only
// the end of ctx (and of the drain) while an article was still retrying.
var errFatal = errors.New("worker stopped")

type task struct {
	msg kafka.Message
	tk  ticket
}

// Run consumes until ctx is cancelled. On cancellation it lets the articles
// in flight finish (up to DrainTimeout), commits what is done and returns
// nil; an article still retrying its publish then is not committed and is
// handled again after a restart. Kafka failures are retried, never returned.
//
// Inside, one fetcher feeds Concurrency handlers (extraction), which hand
// each article's messages to a publisher and go on at once; up to
// MaxInFlight articles are between fetch and done. An article is done when
// Kafka acknowledged all its messages (or it was dead-lettered), and the
// tracker moves a partition's commit point only over done articles.
func (w *Worker) Run(ctx context.Context) (err error) {
	defer func() {
		for _, c := range w.closers {
			if cerr := c.Close(); cerr != nil && err == nil && ctx.Err() == nil {
				err = fmt.Errorf("worker: close: %w", cerr)
			}
		}
	}()

	// pctx is what article handling runs under: it outlives ctx by up to
	// DrainTimeout so that articles in flight can finish, and ends at once
	// on a fatal error.
	pctx, pcancel := context.WithCancelCause(context.WithoutCancel(ctx))
	defer pcancel(nil)
	stopDrain := context.AfterFunc(ctx, func() {
		t := time.AfterFunc(w.opts.DrainTimeout, func() { pcancel(fmt.Errorf("drain timeout: %w", context.Canceled)) })
		context.AfterFunc(pctx, func() { t.Stop() })
	})
	defer stopDrain()

	tr := newTracker()
	var (
		resMu   sync.Mutex
		results = map[string]Result{} // by "partition/offset", waiting for commit
	)
	tasks := make(chan task, w.opts.Concurrency)
	slots := make(chan struct{}, w.opts.MaxInFlight) // one per article between fetch and done
	release := func() { <-slots }
	kick := make(chan struct{}, 1)
	var (
		fatalMu sync.Mutex
		fatal   error
	)
	fail := func(e error) {
		fatalMu.Lock()
		if fatal == nil {
			fatal = e
			pcancel(e)
		}
		fatalMu.Unlock()
	}
	failed := func() error {
		fatalMu.Lock()
		defer fatalMu.Unlock()
		return fatal
	}

	// finish is called once per article, when it is done.
	finish := func(a *inflight) {
		defer release()
		if why := a.refusal(); why != nil {
			res, err := w.deadLetter(pctx, a.t.msg, a.res, fmt.Errorf("%s too large to publish: %w", a.what, why))
			if err != nil {
				if pctx.Err() == nil {
					fail(err)
				}
				return
			}
			a.res = res
		}
		if pub, ok := bus.PublishedAt(a.t.msg); ok {
			w.m.EndToEnd(time.Since(pub))
		}
		if w.opts.OnCommit != nil {
			resMu.Lock()
			results[key(a.t.msg)] = a.res
			resMu.Unlock()
		}
		if tr.done(a.t.tk) {
			select {
			case kick <- struct{}{}:
			default:
			}
		}
	}
	pubs := []*publisher{newPublisher(w.events, w.retry, w.m, w.opts.Writers, finish)}
	var xpub *publisher
	if w.opts.Extractions != nil {
		xpub = newPublisher(w.opts.Extractions, w.retry, w.m, 1, finish)
		pubs = append(pubs, xpub)
	}
	var pwg sync.WaitGroup
	for _, p := range pubs {
		pwg.Add(1)
		go func() { defer pwg.Done(); p.run(pctx) }()
	}

	// Fetcher: one goroutine, so each partition's messages are tracked in order.
	fetchDone := make(chan error, 1)
	fctx, fcancel := context.WithCancel(ctx)
	context.AfterFunc(pctx, fcancel)
	go func() {
		defer close(tasks)
		for {
			select {
			case slots <- struct{}{}:
			case <-fctx.Done():
				fetchDone <- nil
				return
			}
			m, ferr := w.retry.Fetch(fctx, bus.Counted(w.r, func() { w.m.Error("fetch") }), "fetch")
			if ferr != nil {
				release()
				if fctx.Err() != nil {
					fetchDone <- nil
				} else {
					fetchDone <- fmt.Errorf("worker: fetch: %w", ferr)
				}
				return
			}
			w.m.Consumed(1)
			t := task{msg: m, tk: tr.add(m)}
			select {
			case tasks <- t:
			case <-fctx.Done():
				release()
				fetchDone <- nil
				return
			}
		}
	}()

	// Handlers: extract, then hand the messages to a publisher.
	var hwg sync.WaitGroup
	for range w.opts.Concurrency {
		hwg.Add(1)
		go func() {
			defer hwg.Done()
			for t := range tasks {
				if pctx.Err() != nil {
					release() // drain the channel; not done, so not committed
					continue
				}
				a := &inflight{t: t}
				out, herr := w.handle(pctx, a)
				if herr != nil {
					if pctx.Err() == nil {
						fail(herr)
					}
					release()
					continue
				}
				switch {
				case len(out.msgs) == 0:
					finish(a)
				case out.extraction:
					xpub.submit(a, out.msgs)
				default:
					pubs[0].submit(a, out.msgs)
				}
			}
		}()
	}

	// Committer.
	commitDone := make(chan struct{})
	// A failed commit is given back and tried again after a backoff (or
	// with the next finished article, whichever comes first): the offsets
	// of the last articles must not wait for traffic that may never come.
	commitFails := 0
	var retryC <-chan time.Time
	commit := func(cctx context.Context) {
		ms := tr.take()
		if len(ms) == 0 {
			return
		}
		if cerr := w.r.CommitMessages(cctx, ms...); cerr != nil {
			// Not fatal: a later commit covers these offsets, and after a
			// rebalance the new owner handles them again (idempotently).
			w.m.Error("commit")
			w.m.Down(bus.DepKafka, cerr)
			commitFails++
			wait := w.retry.Backoff.Delay(commitFails)
			w.log.Warn("commit failed, retrying", "err", cerr, "backoff", wait)
			tr.giveBack(ms)
			retryC = time.After(wait)
			return
		}
		commitFails, retryC = 0, nil
		w.m.Up(bus.DepKafka)
		var done []Result
		resMu.Lock()
		for _, m := range ms {
			for k, r := range results {
				if r.Message.Partition == m.Partition && r.Message.Offset <= m.Offset {
					done = append(done, r)
					delete(results, k)
				}
			}
		}
		resMu.Unlock()
		if w.opts.OnCommit != nil && len(done) > 0 {
			w.opts.OnCommit(done)
		}
	}
	// All articles are finished (or abandoned) once the handlers have
	// stopped and the publishers have written what they were given.
	allDone := make(chan struct{})
	go func() {
		hwg.Wait()
		for _, p := range pubs {
			close(p.in)
		}
		pwg.Wait()
		close(allDone)
	}()
	go func() {
		defer close(commitDone)
		for {
			select {
			case <-kick:
				commit(pctx)
			case <-retryC:
				retryC = nil
				commit(pctx)
			case <-allDone:
				if failed() == nil {
					cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
					commit(cctx)
					cancel()
				}
				return
			}
		}
	}()

	ferr := <-fetchDone
	if ferr != nil {
		fail(ferr)
	}
	<-commitDone
	if err := failed(); err != nil {
		return err
	}
	w.log.Info("worker stopped")
	return nil
}

func key(m kafka.Message) string { return fmt.Sprintf("%d/%d", m.Partition, m.Offset) }

// output is what handling an article leaves to publish.
type output struct {
	msgs       []kafka.Message
	extraction bool // for the extractions topic, not the events topic
}

// handle extracts one article and fills a.res. It returns the messages to
// publish; bad input is dead-lettered here (and nothing is left to
// publish). A returned error is fatal (ctx ended while retrying).
func (w *Worker) handle(ctx context.Context, a *inflight) (output, error) {
	start := time.Now()
	m := a.t.msg
	a.res = Result{Message: m}
	dead := func(reason error) (output, error) {
		res, err := w.deadLetter(ctx, m, a.res, reason)
		a.res = res
		return output{}, err
	}
	if err := bus.CheckSize(m); err != nil {
		// Larger than any dealwatch producer publishes: another producer's
		// message, which extraction would spend minutes on and whose events
		// could not be published whole.
		return dead(fmt.Errorf("article refused: %w", err))
	}
	art, err := w.v.Article(m.Value)
	if err != nil {
		return dead(fmt.Errorf("invalid article: %w", err))
	}
	a.res.ArticleID = art.ID
	evs, err := w.extract(ctx, art)
	if err != nil {
		if ctx.Err() != nil {
			return output{}, fmt.Errorf("%w: extract %s: %w", errFatal, art.ID, err)
		}
		return dead(fmt.Errorf("extract: %w", err))
	}
	w.m.Process(time.Since(start))
	if run := bus.Header(m, schemas.HeaderReextract); run != "" {
		return w.reextracted(ctx, a, art, evs, run)
	}
	msgs := make([]kafka.Message, 0, len(evs))
	ids := make([]string, 0, len(evs))
	for _, e := range evs {
		raw, err := json.Marshal(e)
		if err != nil {
			return dead(fmt.Errorf("encode event %s: %w", e.EventID, err))
		}
		// The one validation an event gets (schemas.DecodeDealEvent says
		// what its consumers still refuse): deal_event.v1.json's rules on
		// the event these bytes encode, checked on the value rather than
		// by parsing the bytes again (70 ns instead of 32 µs; the schemas
		// tests prove both refuse the same events).
		if err := schemas.CheckDealEventValue(e); err != nil {
			return dead(fmt.Errorf("extractor produced an invalid event %s: %w", e.EventID, err))
		}
		msg := kafka.Message{
			Key:     []byte(e.DealID),
			Value:   raw,
			Headers: append([]kafka.Header{bus.SchemaHeader(schemas.DealEventVersion)}, passHeaders(m)...),
		}
		if err := bus.CheckSize(msg); err != nil {
			// Refused here rather than by the writer, which would refuse
			// the whole write it shares with other articles' events.
			return dead(fmt.Errorf("events of article %s too large to publish: %w", art.ID, err))
		}
		msgs = append(msgs, msg)
		ids = append(ids, e.EventID)
	}
	a.res.EventIDs = ids
	a.what = "events of article " + art.ID
	w.log.Debug("article extracted", "article_id", art.ID, "events", len(ids), "partition", m.Partition, "offset", m.Offset)
	return output{msgs: msgs}, nil
}

// errPanic wraps a panic of the extractor: the article is dead-lettered
// instead of crashing the worker again on every restart.
var errPanic = errors.New("extractor panicked")

func (w *Worker) extract(ctx context.Context, a schemas.Article) (evs []schemas.DealEvent, err error) {
	defer func() {
		if r := recover(); r != nil {
			evs, err = nil, fmt.Errorf("%w on article %s: %v", errPanic, a.ID, r)
		}
	}()
	return w.x.Extract(ctx, a)
}

func passHeaders(m kafka.Message) []kafka.Header {
	if v := bus.Header(m, bus.HeaderPublishedAt); v != "" {
		return []kafka.Header{{Key: bus.HeaderPublishedAt, Value: []byte(v)}}
	}
	return nil
}

func (w *Worker) deadLetter(ctx context.Context, m kafka.Message, res Result, reason error) (Result, error) {
	w.log.Warn("article dead-lettered", "reason", reason.Error(), "partition", m.Partition, "offset", m.Offset)
	// Retried for as long as it takes: skipping the message would lose it,
	// and stopping would stop every article behind it.
	if err := w.retry.Do(ctx, bus.DepKafka, "dead-letter", func(c context.Context) error {
		err := bus.DeadLetter(c, w.dlq, Stage, m, reason)
		if err != nil && c.Err() == nil {
			w.m.Error("dead_letter")
		}
		return err
	}); err != nil {
		return res, fmt.Errorf("%w: %w", errFatal, err)
	}
	w.m.DeadLettered(1)
	res.DeadLettered = true
	res.Reason = reason
	return res, nil
}
