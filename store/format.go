package store

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"
)

// Output formats of WriteResult.
const (
	FormatTable = "table"
	FormatTSV   = "tsv"
	FormatJSON  = "json"
)

// ErrFormat is returned for an unknown output format.
var ErrFormat = fmt.Errorf("store: format must be %s, %s or %s", FormatTable, FormatTSV, FormatJSON)

// WriteResult prints r: "table" (aligned, long cells cut at maxCell
// runes when maxCell > 0), "tsv" (header line, tabs and newlines escaped)
// or "json" (one JSON object per row).
func WriteResult(w io.Writer, r *Result, format string, maxCell int) error {
	switch format {
	case FormatTable, "":
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		names := make([]string, len(r.Columns))
		for i, c := range r.Columns {
			names[i] = c.Name
		}
		fmt.Fprintln(tw, strings.Join(names, "\t"))
		for _, row := range r.Rows {
			cells := make([]string, len(row))
			for i, v := range row {
				cells[i] = cut(flat(Text(v)), maxCell)
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		_, err := fmt.Fprintf(w, "(%d rows)\n", len(r.Rows))
		return err
	case FormatTSV:
		names := make([]string, len(r.Columns))
		for i, c := range r.Columns {
			names[i] = tsvEscape(c.Name)
		}
		if _, err := fmt.Fprintln(w, strings.Join(names, "\t")); err != nil {
			return err
		}
		for _, row := range r.Rows {
			cells := make([]string, len(row))
			for i, v := range row {
				cells[i] = tsvEscape(Text(v))
			}
			if _, err := fmt.Fprintln(w, strings.Join(cells, "\t")); err != nil {
				return err
			}
		}
		return nil
	case FormatJSON:
		enc := json.NewEncoder(w)
		for _, m := range r.Maps() {
			for k, v := range m {
				if t, ok := v.(time.Time); ok {
					m[k] = t.UTC().Format(time.RFC3339)
				}
			}
			if err := enc.Encode(m); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("%w: %q", ErrFormat, format)
}

// Text renders a Result value as text.
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return x
	case time.Time:
		return x.UTC().Format(DateTimeLayout)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if s, ok := e.(string); ok {
				parts[i] = strconv.Quote(s)
			} else {
				parts[i] = Text(e)
			}
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	return fmt.Sprint(v)
}

func flat(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}

func cut(s string, n int) string {
	if n <= 0 || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func tsvEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`).Replace(s)
}
