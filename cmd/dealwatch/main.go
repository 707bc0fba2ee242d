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
	run     func(ctx context.Context, env *cliEnv, args []string) error
}

// cliEnv carries the process-wide handles a subcommand may use.
type cliEnv struct {
	stdout io.Writer
	stderr io.Writer
	stdin  io.Reader
	log    *slog.Logger
}

// errUsage marks a command-line mistake: exit code 2.
var errUsage = errors.New("usage")

func commands() map[string]command {
	return map[string]command{
		"extract":        {"extract deal events from article files (JSON lines on stdout)", runExtract},
		"eval":           {"score the extractor on labelled corpus directories", runEval},
		"train-filter":   {"train the extractor's event filter on labelled corpus directories", runTrainFilter},
		"ingest":         {"publish local article files to Kafka (backfill)", runIngest},
		"crawl":          {"crawl news sources into Kafka", runCrawl},
		"extract-worker": {"consume articles, publish deal events (consumer group)", runExtractWorker},
		"sink":           {"consume deal events into ClickHouse", runSink},
		"alert":          {"announce new deals (webhooks, log)", runAlert},
		"run":            {"run every stage in one process (embedded Kafka and chDB by default)", runAll},
		"migrate":        {"apply the ClickHouse schema migrations", runMigrate},
		"sql":            {"run an SQL query against the dealwatch database", runSQL},
		"timeline":       {"print the deal timeline", runTimeline},
		"graph":          {"render the current alliance graph as SVG", runGraph},
		"bench":          {"benchmark the pipeline and extraction", runBench},
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
	fmt.Fprintln(w, "\nrun 'dealwatch <command> -h' for a command's flags")
}

func main() {
	os.Exit(realMain(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func realMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: logLevel()}))
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "dealwatch: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &cliEnv{stdout: stdout, stderr: stderr, stdin: stdin, log: logger.With("cmd", args[0])}
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

func logLevel() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(os.Getenv("DEALWATCH_LOG_LEVEL"))); err != nil {
		return slog.LevelInfo
	}
	return l
}

// newFlagSet returns a FlagSet that reports errors instead of exiting.
func newFlagSet(env *cliEnv, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("dealwatch "+name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	return fs
}
