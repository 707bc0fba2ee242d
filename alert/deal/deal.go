// Package deal clusters deal events into deals and versions.
//
// The rule (see alert/README.md):
//
//   - Deal identity is schemas.DealKey: event type, commitment kind, the
//     parties with their roles, the exclusivity scope and the publication year.
//     Every event carrying the same deal_id is a mention of one deal, whichever
//     outlet, syndicated copy or follow-up it comes from.
//   - A version of a deal is what the deal says at one point: action, amount
//     (currency and value rounded to the million), capacity and horizon
//     ("until"). Mentions that agree on these are the same version; a mention
//     that changes any of them (amount raised, status changed, exclusivity
//     removed) is a new version of the same deal, not a new deal.
//   - Versions are ordered by the publication time of the first article
//     that reported them, then by action stage (new/formed/granted before
//     changes, changes before ended/removed). The current version is the last.
//   - Mentions count distinct articles, sources count distinct outlets;
//     first_seen and last_seen are the earliest and latest publication time
//     (extraction time when an article has none).
//   - Only reports of fact count: rumoured and denied events are not
//     mentions of a deal (Cluster skips them; they stay in the timeline).
//   - Retraction is not modelled here: callers pass only live events.
package deal

import (
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
)

// VersionKey returns the parts that make two mentions of a deal the same
// version. Qualifier, evidence, confidence and modality are left out: two
// outlets wording the same figure differently report one version.
func VersionKey(e schemas.DealEvent) []string {
	amount := ""
	if e.Amount != nil && e.Amount.Value != nil {
		amount = e.Amount.Currency + ":" + strconv.FormatInt(AmountMillions(*e.Amount.Value), 10)
	}
	capacity := ""
	if e.Capacity != nil {
		capacity = e.Capacity.Unit + ":" + strconv.FormatFloat(e.Capacity.Value, 'f', -1, 64)
	}
	until := ""
	if e.Until != nil {
		until = *e.Until
	}
	return []string{"version", e.Action, amount, capacity, until}
}

// Fingerprint identifies a version of a deal: deal_id plus the version key.
// It is the alert idempotency key.
func Fingerprint(e schemas.DealEvent) string {
	return e.DealID + "-" + schemas.HashID(VersionKey(e)...)
}

// AmountMillions rounds an amount to whole millions, the grain at which two
// figures are the same figure (ClickHouse uses the same rounding).
func AmountMillions(v float64) int64 { return int64(math.Round(v / 1e6)) }

// ActionStage orders versions reported at the same time: the start of a
// deal, then changes to it, then its end.
func ActionStage(action string) int {
	switch action {
	case schemas.ActionFormed, schemas.ActionNew, schemas.ActionGranted:
		return 0
	case schemas.ActionEnded, schemas.ActionRemoved:
		return 2
	default:
		return 1
	}
}

// SeenAt is when an event became known: the article's publication time, or
// the extraction time for an undated article.
func SeenAt(e schemas.DealEvent) time.Time {
	if e.Article.PublishedAt != nil {
		return e.Article.PublishedAt.UTC()
	}
	return e.ExtractedAt.UTC()
}

// Reported reports whether an event states a fact (stated, background or
// unspecified modality) rather than a rumour or a denial.
func Reported(e schemas.DealEvent) bool {
	switch e.Modality {
	case "", schemas.ModalityStated, schemas.ModalityBackground:
		return true
	}
	return false
}

// Version is one state of a deal with the mentions that reported it.
type Version struct {
	Fingerprint string
	Event       schemas.DealEvent // the earliest mention of this version
	FirstSeen   time.Time
	LastSeen    time.Time
	Mentions    int
}

// Deal is one deal with all its mentions.
type Deal struct {
	ID        string
	Type      string
	Kind      string
	Parties   []schemas.Party
	Scope     string
	Versions  []Version // ordered; the last is current
	Mentions  int       // distinct articles
	Sources   int       // distinct outlets
	FirstSeen time.Time
	LastSeen  time.Time
	Articles  []schemas.ArticleRef // distinct, in order of publication
}

// Current returns the deal's current version.
func (d Deal) Current() Version { return d.Versions[len(d.Versions)-1] }

// Committed returns the money committed by a commitment deal, by currency:
// per currency, the amount of the latest "new" version plus every
// "increased" version. Ended and capped versions keep the committed total
// (it is history). The ClickHouse view deals computes the same (USD).
func (d Deal) Committed() map[string]float64 {
	if d.Type != schemas.TypeCommitment {
		return nil
	}
	out := map[string]float64{}
	base := map[string]float64{}
	for _, v := range d.Versions {
		if !hasValue(v.Event) {
			continue
		}
		switch v.Event.Action {
		case schemas.ActionNew:
			base[v.Event.Amount.Currency] = *v.Event.Amount.Value // versions are ordered: the latest wins
		case schemas.ActionIncreased:
			out[v.Event.Amount.Currency] += *v.Event.Amount.Value
		}
	}
	for c, v := range base {
		out[c] += v
	}
	return out
}

func hasValue(e schemas.DealEvent) bool { return e.Amount != nil && e.Amount.Value != nil }

func versionLess(a, b Version) bool {
	if !a.FirstSeen.Equal(b.FirstSeen) {
		return a.FirstSeen.Before(b.FirstSeen)
	}
	if sa, sb := ActionStage(a.Event.Action), ActionStage(b.Event.Action); sa != sb {
		return sa < sb
	}
	// Same time and stage: the order ClickHouse uses (deals view).
	if ma, mb := amountKey(a.Event), amountKey(b.Event); ma != mb {
		return ma < mb
	}
	if ca, cb := capacityKey(a.Event), capacityKey(b.Event); ca != cb {
		return ca < cb
	}
	if ua, ub := untilOf(a.Event), untilOf(b.Event); ua != ub {
		return ua < ub
	}
	if a.Event.Action != b.Event.Action {
		return a.Event.Action < b.Event.Action
	}
	return a.Fingerprint < b.Fingerprint
}

func amountKey(e schemas.DealEvent) int64 {
	if !hasValue(e) {
		return -1
	}
	return AmountMillions(*e.Amount.Value)
}

func capacityKey(e schemas.DealEvent) float64 {
	if e.Capacity == nil {
		return -1
	}
	return e.Capacity.Value
}

func untilOf(e schemas.DealEvent) string {
	if e.Until == nil {
		return ""
	}
	return *e.Until
}

// Cluster groups events into deals by deal_id. Duplicate events (same
// event_id, e.g. a replayed message) count once. Deals are returned in order
// of first_seen, then id.
func Cluster(events []schemas.DealEvent) []Deal {
	type acc struct {
		deal     Deal
		versions map[string]*Version
		articles map[string]bool
		sources  map[string]bool
	}
	byID := map[string]*acc{}
	seenEvent := map[string]bool{}
	for _, e := range events {
		if !Reported(e) || seenEvent[e.EventID] {
			continue
		}
		seenEvent[e.EventID] = true
		a := byID[e.DealID]
		if a == nil {
			a = &acc{
				deal:     Deal{ID: e.DealID, Type: e.Type, Kind: e.KindOf(), Parties: e.Parties},
				versions: map[string]*Version{}, articles: map[string]bool{}, sources: map[string]bool{},
			}
			if e.Scope != nil && e.Type == schemas.TypeExclusivity {
				a.deal.Scope = *e.Scope
			}
			byID[e.DealID] = a
		}
		at := SeenAt(e)
		fp := Fingerprint(e)
		v := a.versions[fp]
		if v == nil {
			v = &Version{Fingerprint: fp, Event: e, FirstSeen: at, LastSeen: at}
			a.versions[fp] = v
		}
		v.Mentions++
		if at.Before(v.FirstSeen) {
			v.FirstSeen, v.Event = at, e
		}
		if at.After(v.LastSeen) {
			v.LastSeen = at
		}
		d := &a.deal
		if !a.articles[e.Article.ID] {
			a.articles[e.Article.ID] = true
			d.Mentions++
			d.Articles = append(d.Articles, e.Article)
		}
		if !a.sources[e.Article.Source] {
			a.sources[e.Article.Source] = true
			d.Sources++
		}
		if d.FirstSeen.IsZero() || at.Before(d.FirstSeen) {
			d.FirstSeen = at
		}
		if at.After(d.LastSeen) {
			d.LastSeen = at
		}
	}
	out := make([]Deal, 0, len(byID))
	for _, a := range byID {
		d := a.deal
		for _, v := range a.versions {
			d.Versions = append(d.Versions, *v)
		}
		sort.Slice(d.Versions, func(i, j int) bool { return versionLess(d.Versions[i], d.Versions[j]) })
		sort.SliceStable(d.Articles, func(i, j int) bool {
			return publishedOf(d.Articles[i]).Before(publishedOf(d.Articles[j]))
		})
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].FirstSeen.Equal(out[j].FirstSeen) {
			return out[i].FirstSeen.Before(out[j].FirstSeen)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func publishedOf(a schemas.ArticleRef) time.Time {
	if a.PublishedAt == nil {
		return time.Time{}
	}
	return *a.PublishedAt
}
