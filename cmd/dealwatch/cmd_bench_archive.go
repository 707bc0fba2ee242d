package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/ingest/files"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
)

type benchArchiveOptions struct {
	n           int
	seed        uint64
	corpus      []string
	clickhouse  string
	concurrency int
	oldDrop     string
	keep        bool
	timeout     time.Duration
}

// runBenchArchive measures the article archive and re-extraction (issue
// 13): it generates N articles, sends them through the pipeline with an
// "old" extractor (the current one without one event type), measures the
// archive's bytes per article on disk, then runs reextract with the
// current extractor over all N and measures articles/s. Everything runs on
// a private embedded Kafka and chDB (or a throw-away database on
// --clickhouse) and is removed at the end.
func runBenchArchive(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "bench-archive")
	var o benchArchiveOptions
	fs.IntVar(&o.n, "n", 20000, "articles generated, archived and re-extracted")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the generated articles (same n and seed: same articles)")
	fs.Func("corpus", "article files or directories the text generator learns from (repeatable; default testdata/corpus)", func(s string) error {
		o.corpus = append(o.corpus, s)
		return nil
	})
	fs.StringVar(&o.clickhouse, "clickhouse", os.Getenv("CLICKHOUSE_ADDR"), "ClickHouse server, native host:port, for a throw-away database (env CLICKHOUSE_ADDR; empty: chDB)")
	fs.IntVar(&o.concurrency, "concurrency", worker.DefaultConcurrency(), "articles the extract worker handles at once")
	fs.StringVar(&o.oldDrop, "old-drop", schemas.TypePartnership, "event type the 'old' extractor does not emit, so that reextract has events to add")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Minute, "give up when a phase takes longer")
	fs.BoolVar(&o.keep, "keep", false, "keep the throw-away ClickHouse database")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || o.n < 1 || o.concurrency < 1 {
		return fmt.Errorf("%w: bench-archive takes flags only; -n and -concurrency must be positive", errUsage)
	}
	if len(o.corpus) == 0 {
		o.corpus = []string{"testdata/corpus"}
	}
	res, err := benchArchive(ctx, env, o)
	if err != nil {
		return err
	}
	res.print(env.stdout)
	return nil
}

// benchOldVersion is the extractor_version of the benchmark's "old" events.
const benchOldVersion = extract.Version + "-bench-old"

// withoutType is an extractor that never emits one event type and stamps
// its events benchOldVersion: the "old version" of the benchmark.
type withoutType struct {
	x    worker.Extractor
	drop string
}

func (w withoutType) Extract(ctx context.Context, a schemas.Article) ([]schemas.DealEvent, error) {
	evs, err := w.x.Extract(ctx, a)
	out := evs[:0]
	for _, e := range evs {
		if e.Type != w.drop {
			e.ExtractorVersion = benchOldVersion
			out = append(out, e)
		}
	}
	return out, err
}

type benchArchiveResult struct {
	n, seed                      uint64
	engine, codec                string
	avgWords, avgTextBytes       float64
	partsBytes, rows             uint64
	textCompressed, textRaw      uint64
	ingest, extractAlone, reextr time.Duration
	added, retracted, unchanged  uint64
	provenance                   []string
}

func (r benchArchiveResult) print(w io.Writer) {
	rate := func(d time.Duration) float64 { return float64(r.n) / max(d.Seconds(), 1e-9) }
	fmt.Fprintf(w, "bench-archive: %d generated articles (600–900 words, seed %d); %s, text codec %s; embedded Kafka\n", r.n, r.seed, r.engine, r.codec)
	fmt.Fprintf(w, "articles:        %.0f words, %.0f bytes of text on average\n", r.avgWords, r.avgTextBytes)
	fmt.Fprintf(w, "archive on disk: %d bytes for %d rows = %.0f bytes/article (text column: %.0f bytes/article compressed, %.0f raw, ratio %.2f)\n",
		r.partsBytes, r.rows, float64(r.partsBytes)/float64(max(r.rows, 1)),
		float64(r.textCompressed)/float64(max(r.rows, 1)), float64(r.textRaw)/float64(max(r.rows, 1)), float64(r.textRaw)/float64(max(r.textCompressed, 1)))
	fmt.Fprintf(w, "ingest:          %.0f articles/s (publish → extracted, events stored, archived)\n", rate(r.ingest))
	fmt.Fprintf(w, "extraction only: %.0f articles/s (%d goroutines, no Kafka, no ClickHouse)\n", rate(r.extractAlone), runtime.GOMAXPROCS(0))
	fmt.Fprintf(w, "reextract:       %d articles in %s = %.0f articles/s (read archive → Kafka → extract → extractions → applied)\n",
		r.n, r.reextr.Round(time.Millisecond), rate(r.reextr))
	fmt.Fprintf(w, "                 event rows written: %d new or changed, %d retractions; %d live events left alone\n", r.added, r.retracted, r.unchanged)
	fmt.Fprintf(w, "provenance:      %s\n", strings.Join(r.provenance, "; "))
}

func loadCorpusTexts(paths []string) ([]string, error) {
	found, err := files.Walk(paths)
	if err != nil {
		return nil, err
	}
	var texts []string
	for _, p := range found {
		a, err := files.Load(p)
		if err != nil {
			continue
		}
		texts = append(texts, a.Text)
	}
	if len(texts) == 0 {
		return nil, fmt.Errorf("no readable articles under %v", paths)
	}
	return texts, nil
}

func benchArchive(ctx context.Context, env *cliEnv, o benchArchiveOptions) (benchArchiveResult, error) {
	res := benchArchiveResult{n: uint64(o.n), seed: o.seed}
	texts, err := loadCorpusTexts(o.corpus)
	if err != nil {
		return res, err
	}
	gen, err := newBenchText(texts)
	if err != nil {
		return res, err
	}
	arts := generateArticles(gen, o.n, o.seed, time.Now().UTC())
	var words, textBytes int
	for _, a := range arts {
		words += len(strings.Fields(a.Text))
		textBytes += len(a.Text)
	}
	res.avgWords, res.avgTextBytes = float64(words)/float64(o.n), float64(textBytes)/float64(o.n)

	x, err := extract.New()
	if err != nil {
		return res, err
	}
	alone, _, err := benchExtract(ctx, x, arts, runtime.GOMAXPROCS(0))
	if err != nil {
		return res, err
	}
	res.extractAlone = alone.elapsed

	tmp, err := os.MkdirTemp("", "dealwatch-bench-archive-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tmp)
	runID := fmt.Sprintf("%d", time.Now().UnixNano())
	ro := runOptions{dataDir: tmp, kafkaAddr: "127.0.0.1:0", clickhouse: o.clickhouse}
	if o.clickhouse != "" {
		ro.database = "dealwatch_bench_archive_" + runID
	}
	p, err := openPipeline(ctx, env, ro)
	if err != nil {
		return res, err
	}
	defer p.close()
	e := p.store.engine
	if o.clickhouse != "" && !o.keep {
		defer func() {
			if err := e.Exec(context.WithoutCancel(ctx), "DROP DATABASE IF EXISTS "+ro.database); err != nil {
				env.log.Warn("bench-archive: drop database", "err", err)
			}
		}()
	}
	if r, err := e.Query(ctx, "SELECT version()"); err == nil && len(r.Rows) == 1 {
		res.engine = fmt.Sprintf("%s %v", e.Name(), r.Rows[0][0])
	}
	res.codec = "server default (LZ4)"
	if r, err := e.Query(ctx, "SELECT compression_codec FROM system.columns WHERE database = currentDatabase() AND table = 'articles' AND name = 'text'"); err == nil && len(r.Rows) == 1 {
		if c, _ := r.Rows[0][0].(string); c != "" {
			res.codec = c
		}
	}

	// The sinks and the archive run throughout; the extract worker is the
	// old one for the ingest, the current one for reextract.
	stages := newRunGroup(ctx, env.log)
	defer func() { stages.Stop(); _ = stages.Wait() }()
	for _, start := range []func(*runGroup, bus.Config, *metrics.Registry, *slog.Logger, time.Duration) error{
		p.store.startSink, p.store.startExtractionsSink, p.store.startArchive,
	} {
		if err := start(stages, p.cfg, p.reg, env.log, 0); err != nil {
			return res, err
		}
	}
	startWorker := func(x worker.Extractor) (*runGroup, error) {
		g := newRunGroup(ctx, env.log)
		w, err := worker.Open(p.cfg, worker.DefaultGroup, x, worker.Options{Concurrency: o.concurrency, Log: env.log,
			Metrics: p.reg.Stage(worker.Stage), ExtractorVersion: extract.Version})
		if err != nil {
			return nil, err
		}
		g.Go("extract", w.Run)
		return g, nil
	}
	old, err := startWorker(withoutType{x: x, drop: o.oldDrop})
	if err != nil {
		return res, err
	}

	// Phase 1: ingest with the old extractor; everything extracted, stored
	// and archived.
	pctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	w := bus.NewWriter(p.cfg, schemas.TopicArticles)
	defer w.Close()
	start := time.Now()
	for i := 0; i < len(arts); i += 200 {
		batch := arts[i:min(i+200, len(arts))]
		msgs := make([]kafka.Message, len(batch))
		for j, a := range batch {
			raw, err := json.Marshal(a)
			if err != nil {
				return res, err
			}
			msgs[j] = kafka.Message{Key: []byte(a.ID), Value: raw,
				Headers: []kafka.Header{bus.SchemaHeader(schemas.ArticleVersion), bus.PublishedAtHeader(time.Now())}}
		}
		if err := w.WriteMessages(pctx, msgs...); err != nil {
			return res, fmt.Errorf("bench-archive: publish: %w", err)
		}
	}
	groups := []stageGroup{
		{worker.Stage, worker.DefaultGroup, schemas.TopicArticles},
		{store.SinkStage, store.SinkGroup, schemas.TopicEvents},
		{store.ArchiveStage, store.ArchiveGroup, schemas.TopicArticles},
	}
	if err := waitIdle(pctx, p.cfg, groups, 200*time.Millisecond); err != nil {
		return res, fmt.Errorf("bench-archive: ingest: %w", err)
	}
	res.ingest = time.Since(start)
	old.Stop()
	if err := old.Wait(); err != nil {
		return res, err
	}
	fmt.Fprintf(env.stderr, "bench-archive: %d articles ingested in %s\n", o.n, res.ingest.Round(time.Millisecond))

	// The archive, merged as it will be at rest.
	if err := e.Exec(pctx, "OPTIMIZE TABLE articles FINAL"); err != nil {
		return res, err
	}
	r, err := e.Query(pctx, "SELECT sum(rows), sum(bytes_on_disk) FROM system.parts WHERE database = currentDatabase() AND table = 'articles' AND active")
	if err != nil || len(r.Rows) != 1 {
		return res, fmt.Errorf("bench-archive: parts: %v", err)
	}
	res.rows, _ = r.Rows[0][0].(uint64)
	res.partsBytes, _ = r.Rows[0][1].(uint64)
	// Newer engines account columns per part (parts_columns); 18.16 only
	// in system.columns. A compact part (a small archive) has no per-column
	// figures: the text column then shows 0.
	r, err = e.Query(pctx, "SELECT sum(column_data_compressed_bytes), sum(column_data_uncompressed_bytes) FROM system.parts_columns WHERE database = currentDatabase() AND table = 'articles' AND column = 'text' AND active")
	if err != nil {
		r, err = e.Query(pctx, "SELECT data_compressed_bytes, data_uncompressed_bytes FROM system.columns WHERE database = currentDatabase() AND table = 'articles' AND name = 'text'")
	}
	if err != nil || len(r.Rows) != 1 {
		return res, fmt.Errorf("bench-archive: columns: %v", err)
	}
	res.textCompressed, _ = r.Rows[0][0].(uint64)
	res.textRaw, _ = r.Rows[0][1].(uint64)
	if res.rows != uint64(o.n) {
		return res, fmt.Errorf("bench-archive: %d archived rows, want %d", res.rows, o.n)
	}

	// Phase 2: reextract with the current extractor.
	cur, err := startWorker(x)
	if err != nil {
		return res, err
	}
	defer func() { cur.Stop(); _ = cur.Wait() }()
	before := uint64(time.Now().UnixNano())
	renv := &cliEnv{stdout: io.Discard, stderr: env.stderr, stdin: env.stdin, log: env.log}
	start = time.Now()
	if err := reextractPublish(pctx, renv, e, w, reextractOptions{batch: 200, wait: true, stall: 5 * time.Minute,
		every: 10 * time.Second, dataDir: tmp}); err != nil {
		return res, fmt.Errorf("bench-archive: reextract: %w", err)
	}
	res.reextr = time.Since(start)
	r, err = e.Query(pctx, "SELECT countIf(version >= ? AND retracted = 0), countIf(version >= ? AND retracted = 1) FROM events", before, before)
	if err != nil || len(r.Rows) != 1 {
		return res, fmt.Errorf("bench-archive: counts: %v", err)
	}
	res.added, _ = r.Rows[0][0].(uint64)
	res.retracted, _ = r.Rows[0][1].(uint64)
	r, err = e.Query(pctx, "SELECT count() FROM events FINAL WHERE retracted = 0 AND version < ?", before)
	if err != nil || len(r.Rows) != 1 {
		return res, fmt.Errorf("bench-archive: counts: %v", err)
	}
	res.unchanged, _ = r.Rows[0][0].(uint64)
	r, err = e.Query(pctx, "SELECT extractor_version, live_events, retracted_events FROM provenance")
	if err != nil {
		return res, fmt.Errorf("bench-archive: provenance: %w", err)
	}
	for _, row := range r.Rows {
		res.provenance = append(res.provenance, fmt.Sprintf("%v: %v live, %v retracted", row[0], row[1], row[2]))
	}
	return res, nil
}
