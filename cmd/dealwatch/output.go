package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"

	"github.com/rivo/uniseg"
	"golang.org/x/term"

	"github.com/dealwatch/dealwatch/store"
)

// FormatCSV is RFC 4180 CSV with a header line (the other formats are store's).
const FormatCSV = "csv"

// terminalWidth reports whether w is a terminal and how many columns it
// has. A writer that knows (a test's fake terminal) says so through a
// Terminal method; an *os.File is asked through its descriptor.
func terminalWidth(w io.Writer) (int, bool) {
	if t, ok := w.(interface{ Terminal() (int, bool) }); ok {
		return t.Terminal()
	}
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0, false
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil || width <= 0 {
		width = 80
	}
	return width, true
}

// newLogger returns the process logger. Stages log JSON at
// DEALWATCH_LOG_LEVEL (default info). Analyst commands whose stderr is a
// terminal log human-readable lines, and only warnings and errors unless
// DEALWATCH_LOG_LEVEL asks for more: the table on stdout stays readable.
func newLogger(stderr io.Writer, analyst bool) *slog.Logger {
	level, explicit := slog.LevelInfo, false
	if v := os.Getenv("DEALWATCH_LOG_LEVEL"); v != "" {
		explicit = level.UnmarshalText([]byte(v)) == nil
	}
	if _, tty := terminalWidth(stderr); analyst && tty {
		if !explicit {
			level = slog.LevelWarn
		}
		return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	}
	return slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))
}

// writeResult prints an analyst result. The table on a terminal is fitted
// to its width, long cells cut with an ellipsis; anywhere else (a pipe, a
// file) and in tsv, json and csv every cell is printed whole. maxCell > 0
// cuts table cells at that many characters in any case.
func writeResult(w io.Writer, r *store.Result, format string, maxCell int) error {
	switch format {
	case FormatCSV:
		return writeCSV(w, r)
	case store.FormatTable, "":
		if width, ok := terminalWidth(w); ok {
			return writeFitted(w, r, width, maxCell)
		}
	}
	return store.WriteResult(w, r, format, maxCell)
}

func checkFormat(f string) error {
	switch f {
	case store.FormatTable, store.FormatTSV, store.FormatJSON, FormatCSV:
		return nil
	}
	return fmt.Errorf("%w: format %q: want table, tsv, csv or json", errUsage, f)
}

func writeCSV(w io.Writer, r *store.Result) error {
	cw := csv.NewWriter(w)
	head := make([]string, len(r.Columns))
	for i, c := range r.Columns {
		head[i] = c.Name
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, row := range r.Rows {
		cells := make([]string, len(row))
		for i, v := range row {
			cells[i] = store.Text(v)
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// minColumn is the narrowest a column is cut to when fitting a table;
// keepColumn is the width up to which a column (a date, a type, an id) is
// left whole as long as cutting the wider ones is enough.
const (
	minColumn  = 6
	keepColumn = 20
)

// writeFitted prints r as a table no wider than width: when the natural
// widths do not fit, the widest columns are narrowed to a common cap (the
// largest that fits) and their cells cut with "…".
func writeFitted(w io.Writer, r *store.Result, width, maxCell int) error {
	n := len(r.Columns)
	cells := make([][]string, 0, len(r.Rows)+1)
	head := make([]string, n)
	for i, c := range r.Columns {
		head[i] = c.Name
	}
	cells = append(cells, head)
	for _, row := range r.Rows {
		line := make([]string, n)
		for i := range n {
			if i < len(row) {
				line[i] = oneLine(store.Text(row[i]))
				if maxCell > 0 {
					line[i] = truncate(line[i], maxCell)
				}
			}
		}
		cells = append(cells, line)
	}
	natural := make([]int, n)
	for _, line := range cells {
		for i, c := range line {
			natural[i] = max(natural[i], uniseg.StringWidth(c))
		}
	}
	show := visibleColumns(head, natural, width)
	nat := make([]int, len(show))
	for k, i := range show {
		nat[k] = natural[i]
	}
	widths := fitWidths(nat, width-2*(len(show)-1))
	var b strings.Builder
	for _, line := range cells {
		b.Reset()
		for k, i := range show {
			c := truncate(line[i], widths[k])
			b.WriteString(c)
			if k < len(show)-1 {
				b.WriteString(strings.Repeat(" ", widths[k]-uniseg.StringWidth(c)+2))
			}
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(b.String(), " ")); err != nil {
			return err
		}
	}
	footer := fmt.Sprintf("(%d rows)", len(r.Rows))
	if hidden := n - len(show); hidden > 0 {
		var names []string
		for i, h := range head {
			if !slices.Contains(show, i) {
				names = append(names, h)
			}
		}
		footer = fmt.Sprintf("(%d rows; not shown at this width: %s; --format tsv, csv or json prints every column)", len(r.Rows), strings.Join(names, ", "))
	}
	_, err := fmt.Fprintln(w, footer)
	return err
}

// hideFirst are the columns a narrow terminal does without first: ids,
// links and numbers another column already shows as text.
var hideFirst = []string{"event_id", "deal_id", "article_id", "url", "article_url", "amount_value", "modality", "confidence", "source", "title"}

// visibleColumns returns the indexes of the columns a table width wide
// shows: all of them when they fit at keepColumn (or less) each, else
// without the hideFirst columns, one at a time, until they do.
func visibleColumns(head []string, natural []int, width int) []int {
	show := make([]int, len(head))
	for i := range show {
		show[i] = i
	}
	fits := func() bool {
		total := 2 * (len(show) - 1)
		for _, i := range show {
			total += min(natural[i], keepColumn)
		}
		return total <= width
	}
	for _, name := range hideFirst {
		if fits() {
			break
		}
		if k := slices.Index(head, name); k >= 0 && len(show) > 1 {
			show = slices.DeleteFunc(show, func(i int) bool { return i == k })
		}
	}
	return show
}

// fitWidths caps column widths so that they sum to at most avail. It first
// cuts only the columns wider than keepColumn, to the largest common cap
// that fits; when that is not enough, every column is capped alike, never
// below minColumn (the table may then still overflow).
func fitWidths(natural []int, avail int) []int {
	capped := func(c, keep int) []int {
		out := make([]int, len(natural))
		for i, v := range natural {
			out[i] = max(min(v, c), min(v, keep))
		}
		return out
	}
	sum := func(ws []int) int {
		s := 0
		for _, v := range ws {
			s += v
		}
		return s
	}
	if sum(natural) <= avail {
		return append([]int(nil), natural...)
	}
	hi := 0
	for _, v := range natural {
		hi = max(hi, v)
	}
	for _, keep := range []int{keepColumn, 16, 12, 0} {
		if sum(capped(minColumn, keep)) > avail && keep > 0 {
			continue
		}
		lo, h := minColumn, hi // largest cap in [minColumn, hi] that fits
		for lo < h {
			mid := (lo + h + 1) / 2
			if sum(capped(mid, keep)) <= avail {
				lo = mid
			} else {
				h = mid - 1
			}
		}
		return capped(lo, keep)
	}
	return capped(minColumn, 0)
}

// truncate cuts s to at most width terminal columns, ending in "…" when cut.
func truncate(s string, width int) string {
	if uniseg.StringWidth(s) <= width {
		return s
	}
	var b strings.Builder
	used := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		cw := g.Width()
		if used+cw > width-1 {
			break
		}
		b.WriteString(g.Str())
		used += cw
	}
	return b.String() + "…"
}

func oneLine(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}
