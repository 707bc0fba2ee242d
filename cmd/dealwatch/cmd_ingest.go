package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/segmentio/kafka-go"
	"golang.org/x/term"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/files"
	"github.com/dealwatch/dealwatch/schemas"
)

// runIngest publishes local article files to dealwatch.articles.v1: the
// backfill path.
func runIngest(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "ingest")
	brokers := fs.String("brokers", os.Getenv("KAFKA_BROKERS"), "Kafka brokers, comma-separated (env KAFKA_BROKERS; default: the broker of a running `dealwatch run`, else 127.0.0.1:9092)")
	batch := fs.Int("batch", 100, "articles per Kafka write")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no files or directories given", errUsage)
	}
	cfg := bus.ConfigFromEnv()
	if b := bus.SplitBrokers(*brokers); len(b) > 0 {
		cfg.Brokers = b
	} else if b := runningBrokers(dataDirDefault()); len(b) > 0 {
		cfg.Brokers = b // the embedded broker of a `dealwatch run` on this machine
		env.log.Info("using the broker of dealwatch run", "brokers", b)
	}
	tctx, cancel := context.WithTimeout(ctx, time.Minute)
	err := bus.EnsureTopics(tctx, cfg, schemas.TopicArticles, schemas.TopicEvents, schemas.TopicDeadLetter)
	cancel()
	if err != nil {
		return err
	}
	w := bus.NewWriter(cfg, schemas.TopicArticles)
	defer w.Close()
	st, err := ingestFiles(ctx, w, fs.Args(), ingestOptions{
		batch: *batch, progress: !*quiet && isTerminal(env.stderr),
		stdin: env.stdin, stderr: env.stderr, log: env.log,
	})
	fmt.Fprintf(env.stdout, "published %d articles (%d bytes) from %d files; %d failed\n", st.Published, st.Bytes, st.Files, st.Failed)
	if err != nil {
		return err
	}
	if st.Failed > 0 {
		return fmt.Errorf("%d of %d files could not be published (reasons above)", st.Failed, st.Files)
	}
	return nil
}

type ingestOptions struct {
	batch    int
	progress bool
	stdin    io.Reader
	stderr   io.Writer
	log      *slog.Logger
}

type ingestStats struct {
	Files     int   // files found
	Published int   // articles acknowledged by Kafka
	Failed    int   // files that could not be read, were not valid articles, or were not acknowledged
	Bytes     int64 // JSON bytes published
	IDs       []string
}

// ingestFiles loads the files under paths and publishes them with w
// (bound to the articles topic). A file that cannot be read or is not a
// valid article is reported on stderr and counted, never silently skipped.
// The error is only for Kafka failures and cancellation.
func ingestFiles(ctx context.Context, w bus.MessageWriter, paths []string, o ingestOptions) (ingestStats, error) {
	var st ingestStats
	if o.batch <= 0 {
		o.batch = 100
	}
	report := func(path string, err error) {
		st.Failed++
		fmt.Fprintf(o.stderr, "dealwatch ingest: %s: %v\n", path, err)
	}
	var all []string
	for _, p := range paths {
		found, err := files.Walk([]string{p})
		if err != nil {
			st.Files++
			report(p, err)
			continue
		}
		all = append(all, found...)
	}
	st.Files += len(all)
	v, err := schemas.NewValidator()
	if err != nil {
		return st, err
	}
	var bar *progressbar.ProgressBar
	if o.progress && len(all) > 1 {
		bar = progressbar.NewOptions(len(all), progressbar.OptionSetWriter(o.stderr),
			progressbar.OptionSetDescription("ingest"), progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
		defer bar.Finish()
	}
	var pending []kafka.Message
	var pendingIDs []string
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		if err := w.WriteMessages(ctx, pending...); err != nil {
			st.Failed += len(pending)
			return fmt.Errorf("publish %d articles: %w", len(pending), err)
		}
		st.Published += len(pending)
		st.IDs = append(st.IDs, pendingIDs...)
		if bar != nil {
			_ = bar.Add(len(pending))
		}
		pending, pendingIDs = pending[:0], pendingIDs[:0]
		return nil
	}
	for _, path := range all {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		var a schemas.Article
		var err error
		if path == "-" {
			a, err = files.LoadReader("-", o.stdin)
		} else {
			a, err = files.Load(path)
		}
		if err == nil {
			err = v.CheckArticle(a)
		}
		if err != nil {
			report(path, err)
			if bar != nil {
				_ = bar.Add(1)
			}
			continue
		}
		raw, err := json.Marshal(a)
		if err != nil {
			report(path, err)
			continue
		}
		msg := kafka.Message{
			Key:     []byte(a.ID),
			Value:   raw,
			Headers: []kafka.Header{bus.SchemaHeader(schemas.ArticleVersion), bus.PublishedAtHeader(time.Now())},
		}
		if err := bus.CheckSize(msg); err != nil {
			// Refused here, with the file named, rather than by Kafka for
			// the whole batch.
			report(path, err)
			continue
		}
		st.Bytes += int64(len(raw))
		pending = append(pending, msg)
		pendingIDs = append(pendingIDs, a.ID)
		if len(pending) >= o.batch {
			if err := flush(); err != nil {
				return st, err
			}
		}
	}
	if err := flush(); err != nil {
		return st, err
	}
	o.log.Info("ingest done", "files", st.Files, "published", st.Published, "failed", st.Failed)
	return st, nil
}

// runningBrokers returns the brokers named in <dataDir>/run.json when a
// `dealwatch run` process is up, else nil.
func runningBrokers(dataDir string) []string {
	raw, err := os.ReadFile(runInfoFile(dataDir))
	if err != nil {
		return nil
	}
	var info runInfo
	if json.Unmarshal(raw, &info) != nil || info.PID <= 0 {
		return nil
	}
	if p, err := os.FindProcess(info.PID); err != nil || p.Signal(syscall.Signal(0)) != nil {
		return nil // stale file of a process that is gone
	}
	return info.Brokers
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
