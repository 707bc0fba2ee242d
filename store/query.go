package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// TimelineFilter narrows the timeline.
type TimelineFilter struct {
	Org   string    // organisation id (party_ids), "" for all
	Since time.Time // zero for all time
	Limit int       // 0 for no limit
}

// TimelineQuery is the analyst timeline: one row per current event, in
// article-time order. Arguments: org twice, since (unix seconds), limit.
const TimelineQuery = `SELECT
    event_time,
    type,
    action,
    kind,
    arrayStringConcat(arrayMap((n, r) -> concat(n, ' (', r, ')'), party_names, party_roles), ', ') AS parties,
    amount_text AS amount,
    amount_value,
    source,
    title,
    evidence,
    modality,
    event_id,
    deal_id,
    url
FROM timeline
WHERE (? = '' OR has(party_ids, ?)) AND toUInt32(event_time) >= ?
ORDER BY event_time, event_id
LIMIT ?`

// Timeline runs TimelineQuery. The filter values travel as bound
// arguments, never pasted into the SQL.
func Timeline(ctx context.Context, q Querier, f TimelineFilter) (*Result, error) {
	var since int64
	if !f.Since.IsZero() {
		since = max(f.Since.Unix(), 0)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1 << 31
	}
	return q.Query(ctx, TimelineQuery, f.Org, f.Org, since, limit)
}

// CheckReadOnly accepts one statement that starts with SELECT, WITH, SHOW,
// DESCRIBE/DESC, EXPLAIN or EXISTS, writes no file (INTO OUTFILE) and
// reads nothing but tables: table functions that reach files, URLs or
// other servers (file, url, s3, remote, mysql, executable, ...) and the
// file() function are refused; numbers, zeros, values and
// generate_series are allowed.
func CheckReadOnly(query string) error {
	toks, err := tokens(query)
	if err != nil {
		return err
	}
	if len(toks) == 0 {
		return fmt.Errorf("%w: empty query", ErrReadOnly)
	}
	switch toks[0] {
	case "SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "EXISTS":
	default:
		return fmt.Errorf("%w: statement starts with %s", ErrReadOnly, toks[0])
	}
	for i := 0; i+1 < len(toks); i++ {
		switch {
		case toks[i] == "INTO" && toks[i+1] == "OUTFILE":
			return fmt.Errorf("%w: INTO OUTFILE", ErrReadOnly)
		case toks[i] == "FILE" && toks[i+1] == "(":
			return fmt.Errorf("%w: file()", ErrReadOnly)
		case tableContext(toks[i]) && i+2 < len(toks) && toks[i+2] == "(" && toks[i+1] != "(":
			switch toks[i+1] {
			case "NUMBERS", "NUMBERS_MT", "ZEROS", "ZEROS_MT", "VALUES", "GENERATE_SERIES":
			default:
				return fmt.Errorf("%w: table function %s()", ErrReadOnly, strings.ToLower(toks[i+1]))
			}
		}
	}
	return nil
}

// tableContext reports whether a table (or table function) may follow tok.
func tableContext(tok string) bool {
	switch tok {
	case "FROM", "JOIN", "TABLE", "DESCRIBE", "DESC":
		return true
	}
	return false
}

// tokens returns the upper-cased bare words and opening parentheses of q
// outside literals, quoted identifiers and comments; it rejects a second
// statement.
func tokens(q string) ([]string, error) {
	var toks []string
	n := len(q)
	for i := 0; i < n; {
		c := q[i]
		switch {
		case c == '\'':
			i = skipQuoted(q, i)
			toks = append(toks, "'")
		case c == '"' || c == '`':
			// A quoted identifier is still a name: `file`(...) is file().
			j := skipQuoted(q, i)
			toks = append(toks, strings.ToUpper(strings.Trim(q[i:j], "`\"")))
			i = j
		case c == '-' && i+1 < n && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				return toks, nil
			}
			i += j
		case c == '/' && i+1 < n && q[i+1] == '*':
			j := strings.Index(q[i+2:], "*/")
			if j < 0 {
				return toks, nil
			}
			i += j + 4
		case c == ';':
			if !blank(q[i+1:]) {
				return nil, fmt.Errorf("%w: one statement at a time", ErrReadOnly)
			}
			return toks, nil
		case c == '(':
			toks = append(toks, "(")
			i++
		case c == '_' || unicode.IsLetter(rune(c)):
			j := i
			for j < n && (q[j] == '_' || unicode.IsLetter(rune(q[j])) || unicode.IsDigit(rune(q[j]))) {
				j++
			}
			toks = append(toks, strings.ToUpper(q[i:j]))
			i = j
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		default:
			toks = append(toks, string(c))
			i++
		}
	}
	return toks, nil
}

// blank reports whether s holds only white space, semicolons and comments.
func blank(s string) bool {
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';':
			i++
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return true
			}
			i += j
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			j := strings.Index(s[i+2:], "*/")
			if j < 0 {
				return true
			}
			i += j + 4
		default:
			return false
		}
	}
	return true
}

// Retract hides an event from the views: it writes a new version of the
// event's current row with retracted = 1. A later extraction of the event
// (a newer version) brings it back. It reports whether the event existed.
func Retract(ctx context.Context, e Engine, eventID string) (bool, error) {
	r, err := e.Query(ctx, "SELECT count() FROM events WHERE event_id = ?", eventID)
	if err != nil {
		return false, err
	}
	if len(r.Rows) != 1 || r.Rows[0][0] == uint64(0) {
		return false, nil
	}
	cols := strings.Split(EventColumns, ", ")
	sel := make([]string, len(cols))
	for i, c := range cols {
		switch c {
		case "version":
			sel[i] = "version + 1"
		case "retracted":
			sel[i] = "toUInt8(1)"
		default:
			sel[i] = c
		}
	}
	q := "INSERT INTO events (" + EventColumns + ") SELECT " + strings.Join(sel, ", ") +
		" FROM events FINAL WHERE event_id = ?"
	if err := e.Exec(ctx, q, eventID); err != nil {
		return false, fmt.Errorf("store: retract %s: %w", eventID, err)
	}
	return true, nil
}
