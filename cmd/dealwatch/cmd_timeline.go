package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/rivo/uniseg"

	"github.com/dealwatch/dealwatch/store"
)

// runTimeline prints the deal timeline, optionally for one organisation.
func runTimeline(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "timeline")
	org := fs.String("org", "", "only events naming this organisation id (e.g. openai, amazon, microsoft)")
	since := fs.String("since", "", "only events on or after this date (YYYY-MM-DD or RFC 3339)")
	limit := fs.Int("limit", 0, "print at most this many events (0: all)")
	out := sqlOutputFlags(fs, 0)
	out.terminalView = timelineView
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}
	f := store.TimelineFilter{Org: *org, Limit: *limit}
	if *since != "" {
		t, err := timelineParseDate(*since)
		if err != nil {
			return fmt.Errorf("%w: -since: %w", errUsage, err)
		}
		f.Since = t
	}
	return out.run(ctx, env, func(ctx context.Context, q store.Querier) (*store.Result, error) {
		return store.Timeline(ctx, q, f)
	})
}

func timelineParseDate(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02 15:04:05", "2006-01"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a date (YYYY-MM-DD)", s)
}

// Cuts of the timeline's short columns on a terminal too narrow for them
// whole, chosen so that at 100 columns the evidence keeps about 26: an
// event label is at most 24 wide ("partnership restructured"), parties of
// two organisations rarely over 24, an amount as figures 12 ("$300
// billion"); a longer one ("tens of billions of dollars") is cut.
const (
	timelineEventCut   = 20
	timelinePartiesCut = 24
	timelineAmountCut  = 12
)

// timelineView is the timeline as a table on a terminal of width columns:
// the date without the time of day, one event label instead of type,
// action, kind and modality, the parties as "A → B" (from/grantor →
// to/holder) or "A + B" (partners), the amount as the article wrote it and
// the evidence; then source, title, url and the ids, which a narrow
// terminal drops first. When the short columns and some evidence do not fit
// whole, the short ones are cut (see the constants above) so that the
// evidence keeps room. A result without the timeline's columns is
// returned unchanged.
func timelineView(r *store.Result, width int) *store.Result {
	idx := map[string]int{}
	for i, c := range r.Columns {
		idx[c.Name] = i
	}
	for _, need := range []string{"event_time", "type", "action", "kind", "parties", "amount", "evidence", "modality"} {
		if _, ok := idx[need]; !ok {
			return r
		}
	}
	out := &store.Result{}
	for _, name := range []string{"date", "event", "parties", "amount", "evidence"} {
		out.Columns = append(out.Columns, store.Column{Name: name, Type: "String"})
	}
	var keep []string // as they are, if the result has them
	for _, name := range []string{"source", "title", "url", "event_id", "deal_id"} {
		if _, ok := idx[name]; ok {
			keep = append(keep, name)
			out.Columns = append(out.Columns, store.Column{Name: name, Type: "String"})
		}
	}
	cell := func(row []any, name string) string {
		i, ok := idx[name]
		if !ok || i >= len(row) || row[i] == nil {
			return ""
		}
		return oneLine(store.Text(row[i]))
	}
	short := make([][3]string, len(r.Rows))
	need := 0 // widest row of date, event, parties, amount and evidence whole
	for k, row := range r.Rows {
		short[k] = [3]string{
			timelineEvent(cell(row, "type"), cell(row, "action"), cell(row, "kind"), cell(row, "modality")),
			timelineParties(cell(row, "parties")),
			cell(row, "amount"),
		}
		w := 10 + 2*4 + uniseg.StringWidth(cell(row, "evidence"))
		for _, s := range short[k] {
			w += uniseg.StringWidth(s)
		}
		need = max(need, w)
	}
	for k, row := range r.Rows {
		ev, parties, amount := short[k][0], short[k][1], short[k][2]
		if need > width {
			ev, parties, amount = truncate(ev, timelineEventCut), truncate(parties, timelinePartiesCut), truncate(amount, timelineAmountCut)
		}
		line := []any{timelineDate(cell(row, "event_time")), ev, parties, amount, cell(row, "evidence")}
		for _, name := range keep {
			line = append(line, cell(row, name))
		}
		out.Rows = append(out.Rows, line)
	}
	return out
}

// timelineDate keeps the date of "2006-01-02 15:04:05".
func timelineDate(s string) string {
	if len(s) > 10 && s[4] == '-' && s[7] == '-' && s[10] == ' ' {
		return s[:10]
	}
	return s
}

// timelineKinds are the commitment kinds as a label says them.
var timelineKinds = map[string]string{
	"cloud_services": "cloud",
	"compute":        "compute",
	"investment":     "investment",
	"revenue_share":  "revenue share",
}

// timelineModalities are the words that mark an event not stated as fact
// (modality), short so that the label stays within timelineEventCut.
var timelineModalities = map[string]string{"rumoured": "rumour", "denied": "denied", "background": "background"}

// timelineEvent is the label of an event: "new compute", "increased
// cloud" for commitments (the action, then the kind), "partnership
// expanded" otherwise; an event not stated as fact is marked first
// ("rumour: new compute").
func timelineEvent(typ, action, kind, modality string) string {
	var s string
	switch {
	case typ == "commitment" && kind != "" && kind != "NULL":
		k, ok := timelineKinds[kind]
		if !ok {
			k = strings.ReplaceAll(kind, "_", " ")
		}
		s = action + " " + k
	case action == "":
		s = typ
	default:
		s = typ + " " + action
	}
	if w, ok := timelineModalities[modality]; ok {
		s = w + ": " + s
	}
	return s
}

// timelinePartyRE reads one "Name (role)" of the timeline's parties column.
var timelinePartyRE = regexp.MustCompile(`(.+?) \((from|to|holder|grantor|partner)\)(?:, |$)`)

// timelineParties writes the parties column ("OpenAI (from), Oracle
// (to)") as "OpenAI → Oracle": who commits or grants on the left, who
// receives on the right; partners as "A + B". Text it cannot read whole is
// returned as it is.
func timelineParties(s string) string {
	m := timelinePartyRE.FindAllStringSubmatchIndex(s, -1)
	if len(m) == 0 || m[0][0] != 0 || m[len(m)-1][1] != len(s) || strings.HasSuffix(s, ", ") {
		return s
	}
	var left, right, partners []string
	end := 0
	for _, g := range m {
		if g[0] != end {
			return s
		}
		end = g[1]
		name := s[g[2]:g[3]]
		switch s[g[4]:g[5]] {
		case "from", "grantor":
			left = append(left, name)
		case "to", "holder":
			right = append(right, name)
		default:
			partners = append(partners, name)
		}
	}
	var parts []string
	if len(left) > 0 || len(right) > 0 {
		parts = append(parts, strings.TrimSpace(strings.Join(left, ", ")+" → "+strings.Join(right, ", ")))
	}
	if len(partners) > 0 {
		parts = append(parts, strings.Join(partners, " + "))
	}
	return strings.Join(parts, "; ")
}
