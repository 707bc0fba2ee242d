package store

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestBind(t *testing.T) {
	at := time.Date(2025, 11, 3, 14, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		q    string
		args []any
		want string
	}{
		{"SELECT ?", []any{"x' OR 1=1 --"}, `SELECT 'x\' OR 1=1 --'`},
		{"SELECT ?, ?", []any{`a\`, int64(-3)}, `SELECT 'a\\', -3`},
		{"SELECT '?' , ?", []any{uint64(7)}, `SELECT '?' , 7`},
		{"SELECT `a?b`, \"c?\" -- ?\n, ? /* ? */", []any{1.5}, "SELECT `a?b`, \"c?\" -- ?\n, 1.5 /* ? */"},
		{"SELECT $2, $1, $2", []any{"a", "b"}, `SELECT 'b', 'a', 'b'`},
		{"SELECT has(?, x)", []any{[]string{"a", "b'"}}, `SELECT has(['a', 'b\''], x)`},
		{"SELECT ?", []any{at}, `SELECT toDateTime('2025-11-03 14:00:00', 'UTC')`},
		{"SELECT ?, ?", []any{nil, true}, `SELECT NULL, 1`},
		{"SELECT 'it''s ?', ?", []any{"z"}, `SELECT 'it''s ?', 'z'`},
		{"SELECT ?", []any{"a\x00b\nc"}, `SELECT 'a\0b\nc'`},
	} {
		got, err := Bind(c.q, c.args...)
		if err != nil {
			t.Fatalf("Bind(%q): %v", c.q, err)
		}
		if got != c.want {
			t.Errorf("Bind(%q)\n got %s\nwant %s", c.q, got, c.want)
		}
	}
	for _, c := range []struct {
		q    string
		args []any
	}{
		{"SELECT ?, ?", []any{1}},
		{"SELECT ?", []any{1, 2}},
		{"SELECT $3", []any{1}},
		{"SELECT ?", []any{struct{}{}}},
	} {
		if _, err := Bind(c.q, c.args...); !errors.Is(err, ErrBind) {
			t.Errorf("Bind(%q, %v) = %v, want ErrBind", c.q, c.args, err)
		}
	}
}

// unquote reads a literal written by QuoteString back, the way ClickHouse
// does; ok is false if the literal ends before the closing quote.
func unquote(s string) (string, int, bool) {
	if s == "" || s[0] != '\'' {
		return "", 0, false
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 >= len(s) {
				return "", 0, false
			}
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case '0':
				b.WriteByte(0)
			case 'x':
				if i+2 >= len(s) {
					return "", 0, false
				}
				var v byte
				for _, h := range s[i+1 : i+3] {
					v <<= 4
					switch {
					case h >= '0' && h <= '9':
						v |= byte(h - '0')
					case h >= 'a' && h <= 'f':
						v |= byte(h-'a') + 10
					}
				}
				b.WriteByte(v)
				i += 2
			default:
				b.WriteByte(s[i])
			}
		case '\'':
			return b.String(), i + 1, true
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, false
}

// FuzzBind: whatever the value, it comes back whole from its literal and
// the literal ends where the SQL goes on.
func FuzzBind(f *testing.F) {
	for _, s := range []string{"", "x' OR 1=1 --", `\'`, "a\x00b", "'; DROP TABLE events; --", "\\", "é\x01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Bind("SELECT ? AS v, 1", s)
		if err != nil {
			t.Fatal(err)
		}
		rest := strings.TrimPrefix(q, "SELECT ")
		got, n, ok := unquote(rest)
		if !ok || got != s {
			t.Fatalf("literal %q reads back as %q (ok=%v), want %q", rest, got, ok, s)
		}
		if rest[n:] != " AS v, 1" {
			t.Fatalf("after the literal: %q", rest[n:])
		}
	})
}

func TestCheckDatabase(t *testing.T) {
	for name, ok := range map[string]bool{"dealwatch": true, "dw_test_1": true, "_x": true, "1db": false, "a-b": false, "a;DROP": false, "": false, "a b": false} {
		if err := CheckDatabase(name); (err == nil) != ok {
			t.Errorf("CheckDatabase(%q) = %v", name, err)
		}
	}
}

func TestFromJSONAndText(t *testing.T) {
	cases := []struct {
		typ  string
		in   any
		want string
	}{
		{"UInt64", "18446744073709551615", "18446744073709551615"},
		{"Nullable(Float64)", nil, "NULL"},
		{"LowCardinality(String)", "cloud", "cloud"},
		{"DateTime('UTC')", "2025-11-03 14:00:00", "2025-11-03 14:00:00"},
		{"Array(String)", []any{"a", "b"}, `["a","b"]`},
		{"Float64", "inf", "+Inf"},
	}
	for _, c := range cases {
		v, err := FromJSON(c.typ, c.in)
		if err != nil {
			t.Fatalf("FromJSON(%s, %v): %v", c.typ, c.in, err)
		}
		if got := Text(v); got != c.want {
			t.Errorf("FromJSON(%s, %v) → %q, want %q", c.typ, c.in, got, c.want)
		}
	}
}
