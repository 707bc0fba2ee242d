package alert

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
)

// Alert kinds.
const (
	KindNewDeal    = "new_deal"
	KindDealUpdate = "deal_update"
)

// Alert is one announcement: the JSON body every webhook receives. Text is
// Slack-compatible (mrkdwn links); the rest is for machines.
type Alert struct {
	Text string `json:"text"`
	// Kind is new_deal or deal_update.
	Kind   string `json:"kind"`
	DealID string `json:"deal_id"`
	// Version is the deal version fingerprint; it is also the
	// Idempotency-Key header: one key per (deal, version).
	Version string `json:"version"`
	// PreviousVersions lists the versions announced before (updates only).
	PreviousVersions []string          `json:"previous_versions,omitempty"`
	Event            schemas.DealEvent `json:"event"`
	// DecidedAt is when the alerter decided to announce; it stays the same
	// across retries so every attempt sends identical bytes.
	DecidedAt time.Time `json:"decided_at"`
	// Backfill marks a deal announced because a re-extraction of archived
	// articles (dealwatch reextract) found it, not because a new article
	// reported it; ReextractRun is that run's id. Only with the rule
	// `backfill: announce`.
	Backfill     bool   `json:"backfill,omitempty"`
	ReextractRun string `json:"reextract_run,omitempty"`
}

// IdempotencyKey is the key receivers dedup on: deal_id plus the version fingerprint.
func (a Alert) IdempotencyKey() string { return a.Version }

// Summary renders an event as one human line.
func Summary(e schemas.DealEvent) string {
	var sb strings.Builder
	names := func(role string) string {
		var out []string
		for _, p := range e.Parties {
			if role == "" || p.Role == role {
				out = append(out, p.Name)
			}
		}
		return strings.Join(out, ", ")
	}
	switch e.Type {
	case schemas.TypeCommitment:
		fmt.Fprintf(&sb, "%s → %s: %s commitment %s", names(schemas.RoleFrom), names(schemas.RoleTo),
			strings.ReplaceAll(e.KindOf(), "_", " "), e.Action)
		if e.Amount != nil {
			fmt.Fprintf(&sb, ", %s", amountText(*e.Amount))
		}
		if e.Capacity != nil {
			fmt.Fprintf(&sb, ", %s %s", strconv.FormatFloat(e.Capacity.Value, 'f', -1, 64), e.Capacity.Unit)
		}
		if e.Until != nil {
			fmt.Fprintf(&sb, " until %s", *e.Until)
		}
	case schemas.TypeExclusivity:
		scope := ""
		if e.Scope != nil {
			scope = " (" + *e.Scope + ")"
		}
		fmt.Fprintf(&sb, "%s exclusivity%s with %s %s", names(schemas.RoleHolder), scope, names(schemas.RoleGrantor), e.Action)
	default:
		fmt.Fprintf(&sb, "partnership %s: %s", e.Action, names(""))
	}
	return sb.String()
}

func amountText(a schemas.Amount) string {
	if a.Value == nil {
		if a.Text != "" {
			return a.Text
		}
		return "undisclosed amount"
	}
	v := *a.Value
	prefix := map[string]string{schemas.QualUpTo: "up to ", schemas.QualAtLeast: "at least ", schemas.QualApproximately: "about "}[a.Qualifier]
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%s%s %sbn", prefix, a.Currency, strconv.FormatFloat(v/1e9, 'f', -1, 64))
	case v >= 1e6:
		return fmt.Sprintf("%s%s %sm", prefix, a.Currency, strconv.FormatFloat(v/1e6, 'f', -1, 64))
	default:
		return fmt.Sprintf("%s%s %s", prefix, a.Currency, strconv.FormatFloat(v, 'f', -1, 64))
	}
}

// slackEscape escapes the three characters Slack's mrkdwn reserves.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func newAlert(kind string, e schemas.DealEvent, version string, previous []string, now time.Time) Alert {
	return newAlertOf(kind, e, version, previous, now, "")
}

// newAlertOf builds the alert; a non-empty backfillRun marks it as found by
// that re-extraction run.
func newAlertOf(kind string, e schemas.DealEvent, version string, previous []string, now time.Time, backfillRun string) Alert {
	head := "New deal"
	if kind == KindDealUpdate {
		head = "Deal update"
	}
	if backfillRun != "" {
		head += " (backfill: found by re-extracting archived articles)"
	}
	text := fmt.Sprintf("*%s*: %s", head, slackEscape(Summary(e)))
	if e.Article.URL != "" {
		title := e.Article.Title
		if title == "" {
			title = e.Article.URL
		}
		src := e.Article.Source
		if src != "" {
			src += ": "
		}
		text += fmt.Sprintf("\n%s<%s|%s>", slackEscape(src), e.Article.URL, slackEscape(title))
	}
	if e.Evidence.Sentence != "" {
		text += "\n> " + slackEscape(e.Evidence.Sentence)
	}
	return Alert{Text: text, Kind: kind, DealID: e.DealID, Version: version, PreviousVersions: previous, Event: e, DecidedAt: now.UTC(),
		Backfill: backfillRun != "", ReextractRun: backfillRun}
}
