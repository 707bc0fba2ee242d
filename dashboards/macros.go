package dashboards

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
)

// ErrMacro is returned for an unknown macro or malformed macro arguments.
var ErrMacro = errors.New("grafana macro")

// Range is what Grafana passes a query: the time range, the interval and
// the dashboard variables' current values.
type Range struct {
	From, To time.Time
	Interval time.Duration
	Vars     map[string]string
}

var varRE = regexp.MustCompile(`\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)`)

// Expand replaces dashboard variables and the grafana-clickhouse-datasource
// macros ($__timeFilter, $__timeFilter_ms, $__dateFilter, $__dateTimeFilter
// / $__dt, $__timeInterval, $__timeInterval_ms, $__interval_s, $__fromTime,
// $__toTime, $__fromTime_ms, $__toTime_ms) the way the plugin does.
func Expand(sql string, r Range) (string, error) {
	var verr error
	sql = varRE.ReplaceAllStringFunc(sql, func(m string) string {
		sub := varRE.FindStringSubmatch(m)
		name := sub[1] + sub[2] + sub[3]
		if strings.HasPrefix(name, "__") {
			return m // a macro, handled below
		}
		v, ok := r.Vars[name]
		if !ok {
			verr = fmt.Errorf("%w: unknown variable %s", ErrMacro, m)
		}
		return v
	})
	if verr != nil {
		return "", verr
	}
	secs := int(math.Max(r.Interval.Seconds(), 1))
	ms := int(math.Max(float64(r.Interval.Milliseconds()), 1))
	dt := func(t time.Time) string { return fmt.Sprintf("toDateTime(%d)", t.Unix()) }
	dt64 := func(t time.Time) string { return fmt.Sprintf("fromUnixTimestamp64Milli(%d)", t.UnixMilli()) }
	date := func(t time.Time) string { return fmt.Sprintf("toDate('%s')", t.UTC().Format("2006-01-02")) }
	withArgs := map[string]func(args []string) (string, error){
		"timeFilter": func(a []string) (string, error) {
			return fmt.Sprintf("%s >= %s AND %s <= %s", a[0], dt(r.From), a[0], dt(r.To)), nil
		},
		"timeFilter_ms": func(a []string) (string, error) {
			return fmt.Sprintf("%s >= %s AND %s <= %s", a[0], dt64(r.From), a[0], dt64(r.To)), nil
		},
		"dateFilter": func(a []string) (string, error) {
			return fmt.Sprintf("%s >= %s AND %s <= %s", a[0], date(r.From), a[0], date(r.To)), nil
		},
		"timeInterval": func(a []string) (string, error) {
			return fmt.Sprintf("toStartOfInterval(toDateTime(%s), INTERVAL %d second)", a[0], secs), nil
		},
		"timeInterval_ms": func(a []string) (string, error) {
			return fmt.Sprintf("toStartOfInterval(toDateTime64(%s, 3), INTERVAL %d millisecond)", a[0], ms), nil
		},
	}
	twoArgs := func(a []string) (string, error) {
		if len(a) != 2 {
			return "", fmt.Errorf("%w: $__dateTimeFilter wants 2 arguments", ErrMacro)
		}
		return fmt.Sprintf("(%s >= %s AND %s <= %s) AND (%s >= %s AND %s <= %s)",
			a[0], date(r.From), a[0], date(r.To), a[1], dt(r.From), a[1], dt(r.To)), nil
	}
	bare := map[string]string{
		"fromTime": dt(r.From), "toTime": dt(r.To),
		"fromTime_ms": dt64(r.From), "toTime_ms": dt64(r.To),
		"interval_s": fmt.Sprint(secs),
	}
	var out strings.Builder
	for {
		i := strings.Index(sql, "$__")
		if i < 0 {
			out.WriteString(sql)
			break
		}
		out.WriteString(sql[:i])
		rest := sql[i+3:]
		j := 0
		for j < len(rest) && (rest[j] == '_' || rest[j] >= 'a' && rest[j] <= 'z' || rest[j] >= 'A' && rest[j] <= 'Z' || rest[j] >= '0' && rest[j] <= '9') {
			j++
		}
		name := rest[:j]
		rest = rest[j:]
		if f, ok := withArgs[name]; ok || name == "dateTimeFilter" || name == "dt" {
			args, after, err := macroArgs(rest)
			if err != nil {
				return "", fmt.Errorf("%w: $__%s: %v", ErrMacro, name, err)
			}
			var s string
			if ok {
				if len(args) != 1 {
					return "", fmt.Errorf("%w: $__%s wants 1 argument, got %d", ErrMacro, name, len(args))
				}
				s, err = f(args)
			} else {
				s, err = twoArgs(args)
			}
			if err != nil {
				return "", err
			}
			out.WriteString(s)
			sql = after
			continue
		}
		if s, ok := bare[name]; ok {
			out.WriteString(s)
			sql = rest
			continue
		}
		return "", fmt.Errorf("%w: unknown macro $__%s", ErrMacro, name)
	}
	return out.String(), nil
}

// macroArgs parses "(a, b(c, d))..." into its top-level arguments and the rest.
func macroArgs(s string) ([]string, string, error) {
	if !strings.HasPrefix(s, "(") {
		return nil, s, errors.New("missing (")
	}
	depth, start := 0, 1
	var args []string
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				args = append(args, strings.TrimSpace(s[start:i]))
				return args, s[i+1:], nil
			}
		case ',':
			if depth == 1 {
				args = append(args, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return nil, s, errors.New("missing )")
}
