// Command dealwatch is the one binary of the dealwatch pipeline: one
// subcommand per stage, plus analyst and operator tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// command is one subcommand: it parses its own flags from args.
type command struct {
	summary string
	// synopsis follows "usage: dealwatch <name>" in -h; about is the
	// paragraph under it.
	synopsis, about string
	// analyst commands print for people on a terminal (fitted tables,
	// human-readable logs at warn and above); the others are stages and
	// keep JSON logs.
	analyst bool
	// chdb commands may open the embedded engine: -h says how libchdb is found.
	chdb bool
	run  func(ctx context.Context, env *cliEnv, args []string) error
}

// cliEnv carries the process-wide handles a subcommand may use.
type cliEnv struct {
	stdout io.Writer
	stderr io.Writer
	stdin  io.Reader
	log    *slog.Logger
	// name is the running subcommand.
	name string
}

// errUsage marks a command-line mistake: exit code 2.
var errUsage = errors.New("usage")

func commands() map[string]command {
	return map[string]command{
		"extract": {summary: "extract deal events from article files (JSON lines on stdout)", analyst: true,
			synopsis: "[flags] FILE... | -\n       dealwatch extract --bench DIR",
			about:    "Prints one DealEvent JSON per line for each article file (- reads stdin); .html/.htm or\ncontent starting with < is read as HTML.", run: runExtract},
		"read": {summary: "print the article text and metadata the pipeline sees for files or URLs", analyst: true,
			synopsis: "[flags] FILE... | URL... | -",
			about:    "Prints one JSON object per input: file (or url), title, text, published_at, canonical_url,\nsite_name, language. URLs are fetched through the crawler's fetcher (robots.txt, rate limits,\npublic addresses only).", run: runRead},
		"eval": {summary: "score the extractor on labelled corpus directories", analyst: true,
			synopsis: "[flags] DIR...",
			about:    "Precision, recall and F1 per corpus directory and in total (labelling rules: extract/LABELING.md).", run: runEval},
		"agree": {summary: "score a second, independent labelling of articles against the first", analyst: true,
			synopsis: "[flags] FIRST SECOND",
			about:    "Precision, recall and F1 of the second labeller's required events against the first's, on the\narticles both labelled (each a gold.jsonl file or a directory holding one): the ceiling any\nextractor can reach against labels this consistent.", run: runAgree},
		"train-filter": {summary: "train the extractor's confidence model on labelled corpus directories",
			synopsis: "[flags] DIR...",
			about:    "Writes the logistic confidence model of extract/filter.go (extract/filter_model.json) learnt from\nthe rules' events on labelled corpora: an event matching a required gold event is a positive example.\nAn event's confidence is then the model's probability that a labeller states it too.", run: runTrainFilter},
		"train-pairs": {summary: "train the extractor's pair model on labelled corpus directories",
			synopsis: "[flags] DIR...",
			about:    "Writes the logistic pair model of extract/pairs.go (extract/pair_model.json): for every pair of\norganisations one sentence names and every deal label, whether the labels hold that deal between\nthe two. The extractor adds the deals the rules missed that the model finds likely.", run: runTrainPairs},
		"train-rounds": {summary: "train the extractor's round model on labelled corpus directories",
			synopsis: "[flags] DIR...",
			about:    "Writes the logistic round model of extract/roundmodel.go (extract/round_model.json): in an article\nwhose rule investments all go to one company, whether an organisation a sentence names without\nthat company invests in it. The extractor adds the investors the model finds likely.", run: runTrainRounds},
		"ingest": {summary: "publish local article files to Kafka (backfill)",
			synopsis: "[flags] FILE|DIR|- ...",
			about:    "Publishes .txt/.html/.htm article files (with optional JSON sidecars) to Kafka.", run: runIngest},
		"crawl": {summary: "crawl news sources into Kafka",
			synopsis: "[flags]",
			about:    "Polite, incremental crawler of feeds, sitemaps and listing pages. With --once it crawls every\nsource once and prints what it published and why it skipped the rest.", run: runCrawl},
		"extract-worker": {summary: "consume articles, publish deal events (consumer group)",
			synopsis: "[flags]", about: "Kafka from KAFKA_BROKERS (or --brokers).", run: runExtractWorker},
		"sink": {summary: "consume deal events into ClickHouse", chdb: true,
			synopsis: "[flags]",
			about:    "Kafka from KAFKA_BROKERS; ClickHouse from CLICKHOUSE_ADDR (else chDB under -data, whose\nread-only query endpoint is then served for `dealwatch sql`, `timeline` and `graph`).", run: runSink},
		"archive": {summary: "consume articles into the ClickHouse article archive", chdb: true,
			synopsis: "[flags]",
			about:    "Keeps every article of dealwatch.articles.v1 in the articles table (what reextract reads).\nKafka from KAFKA_BROKERS; ClickHouse from CLICKHOUSE_ADDR, else chDB under -data.", run: runArchive},
		"reextract": {summary: "re-run the current extractor over archived articles", chdb: true,
			synopsis: "[--since DATE] [--until DATE] [--source S] [--dry-run] [flags]",
			about:    "Re-publishes archived articles to Kafka for the extract workers; the sink replaces each article's\nevents with the new set (unchanged left alone, changed re-versioned, gone retracted, new added).\nResumable: run it again with the same filters after a kill. --dry-run extracts here and prints\nwhat would change, per article and in total, changing nothing.", run: runReextract},
		"alert": {summary: "announce new deals (webhooks, log)",
			synopsis: "[flags]",
			about:    "Kafka from KAFKA_BROKERS; webhooks from the rules file and ALERT_WEBHOOK_URLS,\nsigned with ALERT_WEBHOOK_SECRET.", run: runAlert},
		"run": {summary: "run every stage in one process (embedded Kafka and chDB by default)", chdb: true,
			synopsis: "[flags]",
			about:    "Every stage in one process: embedded Kafka and chDB unless --brokers / --clickhouse name servers.\nWhile it runs, sql, timeline and graph query it through its query endpoint.", run: runAll},
		"migrate": {summary: "apply the ClickHouse schema migrations", chdb: true,
			synopsis: "[flags]",
			about:    "Applies schemas/clickhouse to CLICKHOUSE_ADDR (native protocol; CLICKHOUSE_USER, CLICKHOUSE_PASSWORD,\nCLICKHOUSE_DATABASE) or, without it, to chDB under DIR/chdb.", run: runMigrate},
		"sql": {summary: "run an SQL query against the dealwatch database", analyst: true, chdb: true,
			synopsis: "[flags] \"SELECT ...\"   (or - to read the query from stdin)",
			about:    "Runs one read-only SELECT/WITH, SHOW TABLES or DESCRIBE on the dealwatch database: CLICKHOUSE_ADDR if set,\nelse the query endpoint of a running `dealwatch run`, else chDB under -data.", run: runSQL},
		"timeline": {summary: "print the deal timeline", analyst: true, chdb: true,
			synopsis: "[flags]",
			about:    "The live events in article-time order, from CLICKHOUSE_ADDR, else a running `dealwatch run`,\nelse chDB under -data.", run: runTimeline},
		"graph": {summary: "render the current alliance graph (SVG, PNG or interactive HTML)", analyst: true, chdb: true,
			synopsis: "[flags]   (-o alliances.svg|alliances.png|alliances.html)",
			about:    "Without -from-events it reads alliance_state and deals from CLICKHOUSE_ADDR, else a running\n`dealwatch run`, else chDB under -data.", run: runGraph},
		"bench": {summary: "benchmark the pipeline and extraction", chdb: true,
			synopsis: "[flags]", about: "Full pipeline and extraction-only throughput, publish→visible latency.", run: runBench},
		"bench-cluster": {summary: "benchmark scale-out: 1, 2, 4 extract worker processes on real Kafka and ClickHouse clusters",
			synopsis: "[-n 1500] [-workers 1,2,4] [flags]",
			about:    "Kafka from KAFKA_BROKERS, ClickHouse from CLICKHOUSE_ADDR (several servers; CLICKHOUSE_CLUSTER for the\nsharded schema). Per worker count: worker processes in a fresh consumer group, N articles published once\nevery partition is assigned; articles/s until every event is visible, publish→visible p50/p99, per-worker\narticles and CPU, load average.", run: runBenchCluster},
		"bench-archive": {summary: "benchmark the article archive (bytes/article) and reextract (articles/s)", chdb: true,
			synopsis: "[-n 20000] [-seed 1] [flags]",
			about:    "Generates N articles of 600–900 words (a word chain learnt from testdata/corpus), ingests them with\nan 'old' extractor on a private embedded Kafka and chDB (or a throw-away database on --clickhouse),\nprints the archive's bytes per article on disk, then reextracts all N with the current extractor and\nprints articles/s.", run: runBenchArchive},
		"webhook-listen": {summary: "print the alerts POSTed to a local webhook (to try alerting out)",
			synopsis: "[flags]",
			about:    "A local webhook receiver: prints each alert's text, checks X-Dealwatch-Signature with\nALERT_WEBHOOK_SECRET when it is set (401 on a bad one), ignores redeliveries.", run: runWebhookListen},
		"version": {summary: "print the binary, extractor and schema versions", analyst: true,
			synopsis: "", about: "Same as dealwatch --version.", run: runVersion},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: dealwatch <command> [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-15s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nFlags go anywhere after the command, as -flag or --flag; -- ends them.")
	fmt.Fprintln(w, "run 'dealwatch <command> -h' for a command's flags, 'dealwatch --version' for versions")
	fmt.Fprintln(w, "\nenvironment:\n"+chdbHelp)
}

// chdbHelp is the environment paragraph of commands that may open chDB.
const chdbHelp = `  CHDB_LIB_PATH  libchdb.so, the embedded ClickHouse engine. Unset: found under .cache/chdb-*/ of
                 this checkout (where make demo and scripts/services.sh chdb put it), next to the
                 binary, or in the user cache dir (~/.cache/dealwatch/); fetch it with
                 scripts/services.sh chdb`

func main() {
	os.Exit(realMain(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func realMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "--version" || args[0] == "-version" {
		args = []string{"version"}
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "dealwatch: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &cliEnv{stdout: stdout, stderr: stderr, stdin: stdin, name: args[0],
		log: newLogger(stderr, cmd.analyst).With("cmd", args[0])}
	err := cmd.run(ctx, env, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "dealwatch %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(stderr, "dealwatch %s: %v\n", args[0], err)
		return 1
	}
}

// newFlagSet returns a FlagSet that reports errors instead of exiting and
// prints the one usage layout every command shares. Parse it with
// parseArgs, which accepts flags anywhere on the line.
func newFlagSet(env *cliEnv, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("dealwatch "+name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() { commandUsage(env.stderr, name, fs) }
	return fs
}

// commandUsage writes a command's help: usage line, description, flags,
// environment. Every command's -h has this layout.
func commandUsage(w io.Writer, name string, fs *flag.FlagSet) {
	c := commands()[name]
	fmt.Fprintf(w, "usage: dealwatch %s %s\n", name, c.synopsis)
	if c.about != "" {
		fmt.Fprintf(w, "\n%s\n", c.about)
	}
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nflags (anywhere on the line, -flag or --flag):")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	if c.chdb {
		fmt.Fprintln(w, "\nenvironment:\n"+chdbHelp)
	}
}

// parseArgs parses args with fs, accepting flags before, between and after
// positional arguments (`dealwatch sql "SELECT 1" --format json`); "--"
// ends the flags and "-" is a positional argument (stdin). The positional
// arguments are left in fs.Args(). -h returns flag.ErrHelp (exit 0) after
// printing the usage; a bad flag returns an errUsage error (exit 2).
func parseArgs(fs *flag.FlagSet, args []string) error {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return flag.ErrHelp
			}
			return fmt.Errorf("%w: %w", errUsage, err)
		}
		rest := fs.Args()
		if consumed := args[:len(args)-len(rest)]; len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	// Leave the positional arguments where fs.Args() finds them.
	return fs.Parse(append([]string{"--"}, pos...))
}
