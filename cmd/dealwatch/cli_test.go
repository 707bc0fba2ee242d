package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rivo/uniseg"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
)

// fakeTerminal is a stdout or stderr that says it is a terminal this wide.
type fakeTerminal struct {
	bytes.Buffer
	width int
}

func (f *fakeTerminal) Terminal() (int, bool) { return f.width, true }

func TestParseArgsAcceptsFlagsAnywhere(t *testing.T) {
	for _, tc := range []struct {
		args []string
		x    string
		b    bool
		pos  []string
	}{
		{[]string{"q1", "--x", "v", "q2", "-b"}, "v", true, []string{"q1", "q2"}},
		{[]string{"-x=v", "q1"}, "v", false, []string{"q1"}},
		{[]string{"q1", "-", "-b"}, "", true, []string{"q1", "-"}},
		{[]string{"q1", "--", "-b", "--x"}, "", false, []string{"q1", "-b", "--x"}},
		{nil, "", false, nil},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		x := fs.String("x", "", "")
		b := fs.Bool("b", false, "")
		if err := parseArgs(fs, tc.args); err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		if *x != tc.x || *b != tc.b || !slices.Equal(fs.Args(), tc.pos) {
			t.Errorf("%q: x=%q b=%v args=%q, want %q %v %q", tc.args, *x, *b, fs.Args(), tc.x, tc.b, tc.pos)
		}
	}
}

// A flag after a positional argument is used, never read as a file or a
// query word: the rumour flag after the file, a bad format after the query.
func TestFlagsAfterArgumentsAreUsed(t *testing.T) {
	dir := t.TempDir()
	art := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(art, []byte("Deal\n\nNvidia will invest $2 billion in Mistral AI.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := realMain([]string{"extract", art, "--rumoured", "--validate=false"}, strings.NewReader(""), &out, &errb); code != 0 || !strings.Contains(out.String(), `"mistral"`) {
		t.Fatalf("extract FILE --rumoured: exit %d, %q %s", code, out.String(), errb.String())
	}
	for _, args := range [][]string{
		{"sql", "SELECT 1", "--format", "yaml"},
		{"timeline", "--org", "openai", "--format", "yaml"},
		{"graph", "-from-events", "x.jsonl", "-format", "gif"},
		{"sql", "SELECT 1", "--no-such-flag"},
	} {
		out.Reset()
		errb.Reset()
		if code := realMain(args, strings.NewReader(""), &out, &errb); code != 2 {
			t.Errorf("%q: exit %d (%s), want 2: the flag after the argument was not read", args, code, errb.String())
		}
	}
}

// Every command's -h exits 0 and prints the same layout: the usage line,
// a description, the flags; commands that may open chDB name CHDB_LIB_PATH.
func TestHelpIsUniform(t *testing.T) {
	for name, c := range commands() {
		for _, args := range [][]string{{name, "-h"}, {name, "--help"}, {name, "x", "-h"}} {
			var out, errb bytes.Buffer
			if code := realMain(args, strings.NewReader(""), &out, &errb); code != 0 {
				t.Errorf("%q: exit %d: %s", args, code, errb.String())
				continue
			}
			h := errb.String()
			if !strings.HasPrefix(h, "usage: dealwatch "+name+" ") {
				t.Errorf("%q: help starts %q", args, strings.SplitN(h, "\n", 2)[0])
			}
			if name != "version" && !strings.Contains(h, "\nflags (anywhere on the line, -flag or --flag):\n") {
				t.Errorf("%q: no flags section:\n%s", args, h)
			}
			if c.chdb != strings.Contains(h, "CHDB_LIB_PATH") {
				t.Errorf("%q: mentions CHDB_LIB_PATH = %v, want %v", args, !c.chdb, c.chdb)
			}
		}
	}
	var out, errb bytes.Buffer
	if code := realMain([]string{"-h"}, nil, &out, &errb); code != 0 || !strings.Contains(errb.String(), "CHDB_LIB_PATH") {
		t.Errorf("dealwatch -h: exit %d\n%s", code, errb.String())
	}
}

func TestVersion(t *testing.T) {
	var outs []string
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var out, errb bytes.Buffer
		if code := realMain(args, nil, &out, &errb); code != 0 {
			t.Fatalf("%q: exit %d %s", args, code, errb.String())
		}
		outs = append(outs, out.String())
	}
	if outs[0] != outs[1] {
		t.Errorf("version and --version differ:\n%s\n%s", outs[0], outs[1])
	}
	m, err := latestMigration()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"dealwatch ", "extractor " + extract.Version, schemas.DealEventVersion, schemas.ArticleVersion, "migration " + m} {
		if !strings.Contains(outs[0], want) {
			t.Errorf("version output lacks %q:\n%s", want, outs[0])
		}
	}
	if m < "00101" {
		t.Errorf("latest migration %q", m)
	}
}

func sampleResult() *store.Result {
	long := strings.Repeat("OpenAI agreed to buy cloud capacity from Amazon Web Services. ", 6)
	return &store.Result{
		Columns: []store.Column{{Name: "event_time"}, {Name: "type"}, {Name: "parties"}, {Name: "evidence"}},
		Rows: [][]any{
			{"2025-11-03 14:00:00", "commitment", "OpenAI (from), Amazon (to)", long},
			{"2025-11-04 09:00:00", "partnership", "Anthropic, Google", "short, with a\nnewline"},
		},
	}
}

func TestTableFitsTheTerminal(t *testing.T) {
	for _, width := range []int{50, 80, 100, 200} {
		term := &fakeTerminal{width: width}
		if err := writeResult(term, sampleResult(), store.FormatTable, 0); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimRight(term.String(), "\n"), "\n")
		if len(lines) != 4 || lines[3] != "(2 rows)" {
			t.Fatalf("width %d:\n%s", width, term.String())
		}
		for _, l := range lines {
			if w := uniseg.StringWidth(l); w > width {
				t.Errorf("width %d: line of %d columns: %q", width, w, l)
			}
		}
		if !strings.HasSuffix(lines[1], "…") {
			t.Errorf("width %d: long evidence not cut with an ellipsis: %q", width, lines[1])
		}
		if width >= 80 && !strings.HasPrefix(lines[1], "2025-11-03 14:00:00  commitment") {
			t.Errorf("width %d: short columns were cut: %q", width, lines[1])
		}
	}
}

func TestMachineOutputIsWhole(t *testing.T) {
	r := sampleResult()
	long := r.Rows[0][3].(string)
	var table bytes.Buffer // not a terminal
	if err := writeResult(&table, r, store.FormatTable, 0); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table.String(), strings.TrimSpace(long)) {
		t.Errorf("table to a pipe cut the evidence:\n%s", table.String())
	}
	for _, f := range []string{store.FormatTSV, store.FormatJSON, FormatCSV} {
		term := &fakeTerminal{width: 40}
		if err := writeResult(term, r, f, 0); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(term.String(), "…") || !strings.Contains(term.String(), strings.TrimSpace(long)) {
			t.Errorf("%s on a terminal is not whole:\n%s", f, term.String())
		}
	}
	var c bytes.Buffer
	if err := writeResult(&c, r, FormatCSV, 0); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&c).ReadAll()
	if err != nil || len(recs) != 3 || recs[2][3] != "short, with a\nnewline" || recs[1][3] != long {
		t.Errorf("csv: %v %q", err, recs)
	}
}

// Analyst commands on a terminal log text at warn and above; stages log JSON.
func TestLogsForPeopleAndStages(t *testing.T) {
	t.Setenv("DEALWATCH_LOG_LEVEL", "")
	term := &fakeTerminal{width: 80}
	l := newLogger(term, true)
	l.Info("chatter")
	l.Warn("careful", "n", 1)
	if s := term.String(); strings.Contains(s, "chatter") || !strings.Contains(s, "level=WARN msg=careful n=1") {
		t.Errorf("analyst log on a terminal: %q", s)
	}
	term.Reset()
	newLogger(term, false).Info("stage")
	if s := term.String(); !strings.HasPrefix(s, `{"time":`) || !strings.Contains(s, `"msg":"stage"`) {
		t.Errorf("stage log: %q", s)
	}
	var pipe bytes.Buffer
	newLogger(&pipe, true).Info("piped")
	if !strings.Contains(pipe.String(), `"msg":"piped"`) {
		t.Errorf("analyst log to a pipe: %q", pipe.String())
	}
	t.Setenv("DEALWATCH_LOG_LEVEL", "debug")
	term.Reset()
	newLogger(term, true).Debug("asked for")
	if !strings.Contains(term.String(), "asked for") {
		t.Errorf("DEALWATCH_LOG_LEVEL=debug ignored: %q", term.String())
	}
}

// A timeline-wide result on a 100-column terminal: ids and links give way,
// the evidence stays (cut with an ellipsis), and the footer says what was
// left out and how to see it.
func TestWideTableDropsIDsFirst(t *testing.T) {
	cols := []string{"event_time", "type", "action", "kind", "parties", "amount", "amount_value", "source", "title", "evidence", "modality", "event_id", "deal_id", "url"}
	r := &store.Result{}
	for _, c := range cols {
		r.Columns = append(r.Columns, store.Column{Name: c})
	}
	r.Rows = [][]any{{"2025-11-03 14:00:00", "commitment", "new", "cloud_services", "OpenAI (from), Amazon Web Services (to)", "$38 billion", "38000000000",
		"sample-wire", "OpenAI commits $38 billion to Amazon Web Services", strings.Repeat("OpenAI has signed a seven-year agreement. ", 5), "stated",
		"51898806a1afbbbf", "35ca865dbeec8bec", "https://samples.dealwatch.dev/2025/11/03/openai-aws"}}
	term := &fakeTerminal{width: 100}
	if err := writeResult(term, r, store.FormatTable, 0); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(term.String(), "\n"), "\n")
	for _, l := range lines[:2] {
		if uniseg.StringWidth(l) > 100 {
			t.Errorf("line of %d columns: %q", uniseg.StringWidth(l), l)
		}
	}
	if !strings.Contains(lines[0], "evidence") || strings.Contains(lines[0], "event_id") || !strings.Contains(lines[1], "OpenAI has") || !strings.HasSuffix(lines[1], "…") {
		t.Errorf("table:\n%s", term.String())
	}
	if !strings.Contains(lines[2], "not shown at this width: ") || !strings.Contains(lines[2], "event_id") || !strings.Contains(lines[2], "--format tsv") {
		t.Errorf("footer %q", lines[2])
	}
}
