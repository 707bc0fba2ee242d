package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rivo/uniseg"

	"github.com/dealwatch/dealwatch/scripts/testenv"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/chembed"
	"github.com/dealwatch/dealwatch/store/storetest"
)

// timelineColumns are the column names of store.TimelineQuery, read from
// its select list (the last word of each item), so that this test follows
// the query.
func timelineColumns(t *testing.T) []string {
	t.Helper()
	sel, _, ok := strings.Cut(strings.TrimPrefix(store.TimelineQuery, "SELECT"), "\nFROM ")
	if !ok {
		t.Fatal("TimelineQuery: no FROM")
	}
	word := regexp.MustCompile(`(\w+),?\s*$`)
	var cols []string
	for _, line := range strings.Split(strings.TrimSpace(sel), "\n") {
		m := word.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("TimelineQuery: cannot read select item %q", line)
		}
		cols = append(cols, m[1])
	}
	return cols
}

// timelineRow builds a row of TimelineQuery's columns from name → value.
func timelineRow(cols []string, v map[string]any) []any {
	row := make([]any, len(cols))
	for i, c := range cols {
		row[i] = v[c]
	}
	return row
}

// The timeline on a 100-column terminal: the date without the time, one
// event label, parties as arrows, the amount and room for the evidence;
// ids, links, source and title named in the footer.
func TestTimelineViewAt100Columns(t *testing.T) {
	cols := timelineColumns(t)
	r := &store.Result{}
	for _, c := range cols {
		r.Columns = append(r.Columns, store.Column{Name: c})
	}
	evidence := "SEATTLE (dealwatch sample) - OpenAI has signed a seven-year agreement to spend $38 billion on Amazon Web Services."
	r.Rows = [][]any{
		timelineRow(cols, map[string]any{"event_time": time.Date(2025, 11, 3, 14, 0, 0, 0, time.UTC), "type": "commitment", "action": "new",
			"kind": "cloud_services", "parties": "OpenAI (from), Amazon Web Services (to)", "amount": "$38 billion", "amount_value": 38e9,
			"source": "sample-wire", "title": "OpenAI commits $38 billion to Amazon Web Services in seven-year cloud pact", "evidence": evidence,
			"modality": "stated", "event_id": "51898806a1afbbbf", "deal_id": "35ca865dbeec8bec", "url": "https://samples.dealwatch.dev/2025/11/03/openai-aws"}),
		timelineRow(cols, map[string]any{"event_time": time.Date(2025, 10, 23, 12, 0, 0, 0, time.UTC), "type": "commitment", "action": "new",
			"kind": "compute", "parties": "Anthropic (from), Google Cloud (to)", "amount": "tens of billions of dollars",
			"source": "sample-wire", "title": "Anthropic expands Google Cloud deal", "evidence": "Anthropic has agreed to expand its use of Google Cloud.",
			"modality": "rumoured", "event_id": "a1", "deal_id": "d1", "url": "https://samples.dealwatch.dev/x"}),
		timelineRow(cols, map[string]any{"event_time": time.Date(2026, 3, 4, 16, 0, 0, 0, time.UTC), "type": "exclusivity", "action": "removed",
			"parties": "Microsoft (holder), OpenAI (grantor)", "source": "sample-tech", "title": "Microsoft and OpenAI rewrite their partnership",
			"evidence": "Microsoft and OpenAI have restructured their partnership.", "modality": "stated", "event_id": "a2", "deal_id": "d2", "url": "https://samples.dealwatch.dev/y"}),
		timelineRow(cols, map[string]any{"event_time": time.Date(2026, 3, 4, 16, 0, 0, 0, time.UTC), "type": "partnership", "action": "restructured",
			"parties": "Microsoft (partner), OpenAI (partner)", "source": "sample-tech", "title": "Microsoft and OpenAI rewrite their partnership",
			"evidence": "Microsoft and OpenAI have restructured their partnership.", "modality": "stated", "event_id": "a3", "deal_id": "d3", "url": "https://samples.dealwatch.dev/y"}),
	}
	term := &fakeTerminal{width: 100}
	if err := writeResult(term, timelineView(r, 100), store.FormatTable, 0); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(term.String(), "\n"), "\n")
	if len(lines) != len(r.Rows)+2 {
		t.Fatalf("want header, %d rows and a footer:\n%s", len(r.Rows), term.String())
	}
	for _, l := range lines[:len(lines)-1] {
		if w := uniseg.StringWidth(l); w > 100 {
			t.Errorf("line of %d columns: %q", w, l)
		}
	}
	if got := strings.Fields(lines[0]); strings.Join(got, " ") != "date event parties amount evidence" {
		t.Errorf("header %q", lines[0])
	}
	for i, want := range []string{
		"2025-11-03  new cloud  OpenAI → Amazon Web Ser…  $38 billion  SEATTLE (dealwatch sample…",
		"2025-10-23  rumour: new compute  Anthropic → Google Cloud  tens of bil…  Anthropic has agreed to e…",
		"2026-03-04  exclusivity removed  OpenAI → Microsoft  Microsoft and OpenAI have…",
		"2026-03-04  partnership restruc…  Microsoft + OpenAI  Microsoft and OpenAI have…",
	} {
		if got := regexp.MustCompile(` {2,}`).ReplaceAllString(lines[i+1], "  "); got != want {
			t.Errorf("row %d:\n got %q\nwant %q", i, got, want)
		}
	}
	footer := lines[len(lines)-1]
	for _, hidden := range []string{"source", "title", "url", "event_id", "deal_id"} {
		if !strings.Contains(footer, hidden) {
			t.Errorf("footer does not name %s: %q", hidden, footer)
		}
	}

	// Wide enough for everything: nothing is cut.
	wide := &fakeTerminal{width: 400}
	if err := writeResult(wide, timelineView(r, 400), store.FormatTable, 0); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(wide.String(), evidence) || !strings.Contains(wide.String(), "tens of billions of dollars") || strings.Contains(wide.String(), "…") {
		t.Errorf("400 columns cut something:\n%s", wide.String())
	}
}

func TestTimelineParties(t *testing.T) {
	for in, want := range map[string]string{
		"OpenAI (from), Oracle (to)":                                    "OpenAI → Oracle",
		"Amazon (partner), OpenAI (partner)":                            "Amazon + OpenAI",
		"Microsoft (holder), OpenAI (grantor)":                          "OpenAI → Microsoft",
		"Advanced Micro Devices, Inc. (from), OpenAI (to), Oracle (to)": "Advanced Micro Devices, Inc. → OpenAI, Oracle",
		"OpenAI (from)":                         "OpenAI →",
		"OpenAI (from), something else":         "OpenAI (from), something else",
		"":                                      "",
		"A (partner), B (partner), C (partner)": "A + B + C",
		"A (from), B (to), C (partner)":         "A → B; C",
		"Sea (Limited) (from), Garena (to)":     "Sea (Limited) → Garena",
		"Oracle (to), OpenAI (from)":            "OpenAI → Oracle",
		"OpenAI (from), Oracle (to), ":          "OpenAI (from), Oracle (to), ",
	} {
		if got := timelineParties(in); got != want {
			t.Errorf("timelineParties(%q) = %q, want %q", in, got, want)
		}
	}
}

// The timeline command on a 100-column terminal prints the terminal view
// of what chDB holds; piped, every column of the query whole.
func TestTimelineCommandOnTerminal(t *testing.T) {
	t.Setenv("CHDB_LIB_PATH", testenv.CHDB(t))
	t.Setenv("CLICKHOUSE_ADDR", "")
	dir := t.TempDir()
	if out, errs, code := sqlRun(t, "migrate", "-data", dir); code != 0 {
		t.Fatalf("migrate: %d %q %s", code, out, errs)
	}
	e, err := chembed.Open(storetest.Ctx(t), chembed.Config{Dir: filepath.Join(dir, "chdb")})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.InsertEvents(storetest.Ctx(t), storetest.Fixture(time.Now())); err != nil {
		t.Fatal(err)
	}
	e.Close()

	term := &fakeTerminal{width: 100}
	var errb bytes.Buffer
	if code := realMain([]string{"timeline", "-data", dir}, strings.NewReader(""), term, &errb); code != 0 {
		t.Fatalf("timeline: %d %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimRight(term.String(), "\n"), "\n")
	if strings.Join(strings.Fields(lines[0]), " ") != "date event parties amount evidence" {
		t.Fatalf("header %q:\n%s", lines[0], term.String())
	}
	for _, l := range lines[:len(lines)-1] {
		if w := uniseg.StringWidth(l); w > 100 {
			t.Errorf("line of %d columns: %q", w, l)
		}
	}
	if !strings.Contains(term.String(), "2025-11-03  new cloud             OpenAI → Amazon Web Ser…") ||
		!strings.Contains(term.String(), "rumour: new compute") || !strings.Contains(term.String(), "Microsoft + OpenAI") {
		t.Errorf("parties not shortened:\n%s", term.String())
	}

	out, errs, code := sqlRun(t, "timeline", "-data", dir)
	head, _, _ := strings.Cut(out, "\n")
	if code != 0 || strings.Join(strings.Fields(head), " ") != strings.Join(timelineColumns(t), " ") || !strings.Contains(out, "OpenAI (from), Amazon Web Services (to)") {
		t.Errorf("piped timeline: %d %s\n%s", code, errs, out)
	}
}
