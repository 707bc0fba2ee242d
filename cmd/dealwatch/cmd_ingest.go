package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
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
	quiet := fs.Bool("quiet", false, "no progress bar or progress lines")
	state := fs.String("state", "", "checkpoint file, so that an interrupted ingest resumes where it stopped (default: one per list of paths, under $DEALWATCH_DATA_DIR/ingest or the user cache dir)")
	restart := fs.Bool("restart", false, "ignore the checkpoint: publish every file again")
	memLimit := fs.Int64("memory-limit", defaultWorkerMemoryLimit>>20, "soft limit of the Go heap in MiB (0: none; env GOMEMLIMIT wins)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	setMemoryLimit(*memLimit)
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
	if *state == "" {
		if *state, err = defaultIngestState(fs.Args()); err != nil {
			return err
		}
	}
	w := bus.NewWriter(cfg, schemas.TopicArticles)
	defer w.Close()
	st, err := ingestFiles(ctx, w, fs.Args(), ingestOptions{
		batch: *batch, progress: !*quiet && isTerminal(env.stderr), progressLog: !*quiet,
		stdin: env.stdin, stderr: env.stderr, log: env.log, state: *state, restart: *restart,
	})
	if st.Resumed > 0 {
		fmt.Fprintf(env.stdout, "resumed after %d files published earlier (checkpoint %s)\n", st.Resumed, *state)
	}
	fmt.Fprintf(env.stdout, "published %d articles (%d bytes) from %d files in %s (%.0f articles/s); %d failed\n",
		st.Published, st.Bytes, st.Files, st.Elapsed.Round(time.Millisecond), float64(st.Published)/max(st.Elapsed.Seconds(), 1e-9), st.Failed)
	if err != nil {
		if errors.Is(err, context.Canceled) && st.State != "" {
			fmt.Fprintf(env.stdout, "interrupted: run the same command again to resume (checkpoint %s)\n", st.State)
		}
		return err
	}
	if st.Failed > 0 {
		return fmt.Errorf("%d of %d files could not be published (reasons above)", st.Failed, st.Files)
	}
	return nil
}

type ingestOptions struct {
	batch       int
	progress    bool // a progress bar (on a terminal)
	progressLog bool // else a progress line in the log every progressEvery
	stdin       io.Reader
	stderr      io.Writer
	log         *slog.Logger
	// state is the checkpoint file ("" = none): after every acknowledged
	// batch it records how many files of the list are done, so that a run
	// interrupted resumes after them. restart ignores it.
	state   string
	restart bool
}

type ingestStats struct {
	Files     int           // files found
	Published int           // articles acknowledged by Kafka (this run)
	Failed    int           // files that could not be read, were not valid articles, or were not acknowledged
	Bytes     int64         // JSON bytes published
	Resumed   int           // files skipped because a checkpoint says they were done
	Elapsed   time.Duration // this run
	State     string        // the checkpoint file, when there is one
}

// progressEvery is how often a progress line is logged when stderr is not
// a terminal.
const progressEvery = 10 * time.Second

// ingestCheckpoint is the state file of a resumable ingest.
type ingestCheckpoint struct {
	Paths []string `json:"paths"` // the command's arguments
	Files int      `json:"files"` // files found
	Done  int      `json:"done"`  // files handled (published or reported), in walk order
	Last  string   `json:"last"`  // the Done-th file: a changed file list is noticed
}

// ErrIngestChanged is returned when a checkpoint's file list no longer
// matches the files found.
var ErrIngestChanged = errors.New("the files changed since the checkpoint")

// defaultIngestState is the checkpoint file for a list of paths: under
// $DEALWATCH_DATA_DIR/ingest when set, else under the user cache dir, named
// by a hash of the absolute paths.
func defaultIngestState(paths []string) (string, error) {
	h := sha256.New()
	for _, p := range paths {
		if p != "-" {
			if abs, err := filepath.Abs(p); err == nil {
				p = abs
			}
		}
		fmt.Fprintf(h, "%s\x00", p)
	}
	dir := os.Getenv("DEALWATCH_DATA_DIR")
	if dir == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("ingest: no place for the checkpoint (set --state): %w", err)
		}
		dir = filepath.Join(c, "dealwatch")
	}
	return filepath.Join(dir, "ingest", hex.EncodeToString(h.Sum(nil))[:16]+".json"), nil
}

func loadCheckpoint(path string) (ingestCheckpoint, bool, error) {
	var c ingestCheckpoint
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, false, nil
	}
	if err != nil {
		return c, false, err
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return c, false, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	return c, true, nil
}

// save writes c atomically (temporary file, then rename).
func (c ingestCheckpoint) save(path string) error {
	raw, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// ingestWriteTimeout bounds a batch's write once the run is interrupted:
// a write is never cancelled half-way (its messages could still reach
// Kafka after the checkpoint said they did not), it is given this long.
const ingestWriteTimeout = time.Minute

// ingestFiles loads the files under paths and publishes them with w
// (bound to the articles topic), o.batch at a time; memory stays bounded
// by one batch (plus the list of file names). A file that cannot be read
// or is not a valid article is reported on stderr and counted, never
// silently skipped. The error is only for Kafka failures and cancellation.
//
// With o.state, a checkpoint after every acknowledged batch makes the run
// resumable: cancelled (Ctrl-C), it finishes the write under way, records
// it and returns; run again, it skips the files done. Nothing is published
// twice: a batch is either acknowledged and recorded, or neither. A run
// that finishes removes the checkpoint.
func ingestFiles(ctx context.Context, w bus.MessageWriter, paths []string, o ingestOptions) (st ingestStats, err error) {
	started := time.Now()
	st.State = o.state
	defer func() { st.Elapsed = time.Since(started) }()
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

	cp := ingestCheckpoint{Paths: paths, Files: len(all)}
	if o.state != "" && !o.restart {
		prev, ok, err := loadCheckpoint(o.state)
		if err != nil {
			return st, err
		}
		if ok && prev.Done > 0 {
			if prev.Done > len(all) || all[prev.Done-1] != prev.Last {
				return st, fmt.Errorf("ingest: %w (checkpoint %s: %d files done up to %s); use --restart to publish them all again",
					ErrIngestChanged, o.state, prev.Done, prev.Last)
			}
			cp.Done, cp.Last = prev.Done, prev.Last
			st.Resumed = prev.Done
		}
	}
	base := cp.Done

	v, err := schemas.NewValidator()
	if err != nil {
		return st, err
	}
	var bar *progressbar.ProgressBar
	if o.progress && len(all) > 1 {
		bar = progressbar.NewOptions(len(all), progressbar.OptionSetWriter(o.stderr),
			progressbar.OptionSetDescription("ingest"), progressbar.OptionShowCount(),
			progressbar.OptionShowIts(), progressbar.OptionSetItsString("files"),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
		_ = bar.Set(cp.Done)
		defer bar.Finish()
	}
	lastLog := time.Now()
	progress := func(done int) {
		if bar != nil {
			_ = bar.Set(done)
			return
		}
		if o.progressLog && time.Since(lastLog) >= progressEvery {
			lastLog = time.Now()
			rate := float64(st.Published) / time.Since(started).Seconds()
			left := time.Duration(float64(len(all)-done)/max(rate, 1e-9)) * time.Second
			o.log.Info("ingest progress", "files_done", done, "files", len(all), "published", st.Published,
				"failed", st.Failed, "articles_per_s", int(rate), "eta", left.Round(time.Second).String())
		}
	}

	var pending []kafka.Message
	// flush publishes pending and records that the files up to index
	// upTo (exclusive, in all) are done.
	flush := func(upTo int) error {
		if len(pending) > 0 {
			wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ingestWriteTimeout)
			err := w.WriteMessages(wctx, pending...)
			cancel()
			if err != nil {
				st.Failed += len(pending)
				return fmt.Errorf("publish %d articles: %w", len(pending), err)
			}
			st.Published += len(pending)
			pending = pending[:0]
		}
		if upTo > cp.Done {
			cp.Done, cp.Last = upTo, all[upTo-1]
			if o.state != "" {
				if err := cp.save(o.state); err != nil {
					return fmt.Errorf("ingest: checkpoint: %w", err)
				}
			}
		}
		progress(upTo)
		return nil
	}
	for idx := base; idx < len(all); idx++ {
		path := all[idx]
		if err := ctx.Err(); err != nil {
			// Interrupted: what is read is published and recorded first.
			if ferr := flush(idx); ferr != nil {
				return st, ferr
			}
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
		if len(pending) >= o.batch {
			if err := flush(idx + 1); err != nil {
				return st, err
			}
		}
	}
	if err := flush(len(all)); err != nil {
		return st, err
	}
	// Done: the checkpoint has served. Running the command again is a new
	// ingest, not a resumed one (downstream ids are deterministic, so a
	// repeated backfill adds no rows).
	if o.state != "" {
		if err := os.Remove(o.state); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return st, fmt.Errorf("ingest: remove checkpoint: %w", err)
		}
	}
	o.log.Info("ingest done", "files", st.Files, "published", st.Published, "failed", st.Failed, "resumed_after", st.Resumed)
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
