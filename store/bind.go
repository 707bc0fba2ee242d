package store

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Bind replaces the `?` and `$N` placeholders of query with ClickHouse
// literals of args. Placeholders inside string literals, quoted identifiers
// and comments are left alone. Strings are quoted with every quote,
// backslash and control byte escaped, so a value can never end its literal.
// It serves engines that have no server-side parameters for their protocol
// (chDB's C API); clickhouse-go does the same for the native protocol.
func Bind(query string, args ...any) (string, error) {
	var b strings.Builder
	next := 0
	used := make([]bool, len(args))
	n := len(query)
	for i := 0; i < n; {
		c := query[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			j := skipQuoted(query, i)
			b.WriteString(query[i:j])
			i = j
		case c == '-' && i+1 < n && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = n - i
			}
			b.WriteString(query[i : i+j])
			i += j
		case c == '/' && i+1 < n && query[i+1] == '*':
			j := strings.Index(query[i+2:], "*/")
			if j < 0 {
				j = n - i - 2
			} else {
				j += 2
			}
			b.WriteString(query[i : i+2+j])
			i += 2 + j
		case c == '?':
			if next >= len(args) {
				return "", fmt.Errorf("%w: more placeholders than the %d arguments", ErrBind, len(args))
			}
			lit, err := Literal(args[next])
			if err != nil {
				return "", err
			}
			used[next] = true
			next++
			b.WriteString(lit)
			i++
		case c == '$' && i+1 < n && query[i+1] >= '0' && query[i+1] <= '9':
			j := i + 1
			for j < n && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			k, _ := strconv.Atoi(query[i+1 : j])
			if k < 1 || k > len(args) {
				return "", fmt.Errorf("%w: $%d with %d arguments", ErrBind, k, len(args))
			}
			lit, err := Literal(args[k-1])
			if err != nil {
				return "", err
			}
			used[k-1] = true
			b.WriteString(lit)
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	for k, u := range used {
		if !u {
			return "", fmt.Errorf("%w: argument %d is not used", ErrBind, k+1)
		}
	}
	return b.String(), nil
}

// skipQuoted returns the index just past the quoted token starting at i.
func skipQuoted(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			if j+1 < len(s) && s[j+1] == q { // doubled quote
				j++
				continue
			}
			return j + 1
		}
	}
	return len(s)
}

// Literal formats v as a ClickHouse literal.
func Literal(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "NULL", nil
	case string:
		return QuoteString(x), nil
	case []byte:
		return QuoteString(string(x)), nil
	case bool:
		if x {
			return "1", nil
		}
		return "0", nil
	case time.Time:
		return "toDateTime(" + QuoteString(x.UTC().Format(DateTimeLayout)) + ", 'UTC')", nil
	case *time.Time:
		if x == nil {
			return "NULL", nil
		}
		return Literal(*x)
	case float32:
		return formatFloat(float64(x)), nil
	case float64:
		return formatFloat(x), nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10), nil
	case reflect.String:
		return QuoteString(rv.String()), nil
	case reflect.Pointer:
		if rv.IsNil() {
			return "NULL", nil
		}
		return Literal(rv.Elem().Interface())
	case reflect.Slice, reflect.Array:
		parts := make([]string, rv.Len())
		for i := range parts {
			p, err := Literal(rv.Index(i).Interface())
			if err != nil {
				return "", err
			}
			parts[i] = p
		}
		return "[" + strings.Join(parts, ", ") + "]", nil
	}
	return "", fmt.Errorf("%w: unsupported argument type %T", ErrBind, v)
}

func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// QuoteString returns s as a single-quoted ClickHouse string literal.
func QuoteString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\'':
			b.WriteString(`\'`)
		case '\\':
			b.WriteString(`\\`)
		case 0:
			b.WriteString(`\0`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < 0x20 {
				fmt.Fprintf(&b, `\x%02x`, c)
				continue
			}
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}
