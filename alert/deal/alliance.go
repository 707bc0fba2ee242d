package deal

import (
	"slices"
	"sort"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
)

// Alliance is the state of the relationship between two organisations,
// built from the current versions of every deal naming both. It follows
// the ClickHouse view alliance_state column for column.
type Alliance struct {
	OrgA, OrgB        string // ids, OrgA < OrgB
	NameA, NameB      string
	PartnershipAction string // latest partnership action, "" when none
	PartnershipAt     time.Time
	ExclusivityAction string // latest exclusivity change, "" when none
	ExclusivityHolder string
	ExclusivityScope  string
	// Exclusive is true while some exclusivity between the two is in force:
	// the latest change per (holder, scope) is not a removal.
	Exclusive       bool
	ExclusiveScopes []string           // scopes in force, sorted
	CommittedUSD    map[string]float64 // by kind, commitment deals that have not ended
	TotalCommitted  float64            // committed_usd_total
	Deals           int
	CommitmentDeals int
	CommitmentKinds []string // kinds of commitment deals, sorted
	Mentions        int
	FirstSeen       time.Time
	LastEventAt     time.Time
}

// topic is a pair's relationship of one type, kind, holder and scope: the
// same exclusivity reported in two years is two deals but one topic.
type topic struct {
	typ, kind, holder, scope string
}

type topicState struct {
	last    Version
	lastSet bool
}

// Alliances folds deals into one Alliance per pair of organisations they
// name, sorted by pair. Committed totals count USD amounts only.
func Alliances(deals []Deal) []Alliance {
	byPair := map[[2]string]*Alliance{}
	topics := map[[2]string]map[topic]*topicState{}
	for _, d := range deals {
		names := map[string]string{}
		var ids []string
		holder := ""
		for _, p := range d.Parties {
			if _, ok := names[p.ID]; !ok {
				ids = append(ids, p.ID)
				names[p.ID] = p.Name
			}
			if p.Role == schemas.RoleHolder && holder == "" {
				holder = p.ID
			}
		}
		sort.Strings(ids)
		cur := d.Current()
		for i := 0; i < len(ids); i++ {
			for j := i + 1; j < len(ids); j++ {
				k := [2]string{ids[i], ids[j]}
				a := byPair[k]
				if a == nil {
					a = &Alliance{OrgA: ids[i], OrgB: ids[j], NameA: names[ids[i]], NameB: names[ids[j]],
						CommittedUSD: map[string]float64{}, FirstSeen: d.FirstSeen}
					byPair[k] = a
					topics[k] = map[topic]*topicState{}
				}
				a.Deals++
				a.Mentions += d.Mentions
				if d.FirstSeen.Before(a.FirstSeen) {
					a.FirstSeen = d.FirstSeen
				}
				if d.LastSeen.After(a.LastEventAt) {
					a.LastEventAt = d.LastSeen
				}
				tk := topic{d.Type, d.Kind, holder, d.Scope}
				ts := topics[k][tk]
				if ts == nil {
					ts = &topicState{}
					topics[k][tk] = ts
				}
				if !ts.lastSet || versionLess(ts.last, cur) {
					ts.last, ts.lastSet = cur, true
				}
				switch d.Type {
				case schemas.TypePartnership:
					if a.PartnershipAction == "" || cur.FirstSeen.After(a.PartnershipAt) ||
						(cur.FirstSeen.Equal(a.PartnershipAt) && ActionStage(cur.Event.Action) > ActionStage(a.PartnershipAction)) {
						a.PartnershipAction, a.PartnershipAt = cur.Event.Action, cur.FirstSeen
					}
				case schemas.TypeCommitment:
					a.CommitmentDeals++
					if !slices.Contains(a.CommitmentKinds, d.Kind) {
						a.CommitmentKinds = append(a.CommitmentKinds, d.Kind)
					}
					if cur.Event.Action != schemas.ActionEnded {
						if usd := d.Committed()["USD"]; usd > 0 {
							a.CommittedUSD[d.Kind] += usd
							a.TotalCommitted += usd
						}
					}
				}
			}
		}
	}
	out := make([]Alliance, 0, len(byPair))
	for k, a := range byPair {
		var latest *topicState
		var latestTopic topic
		for tk, ts := range topics[k] {
			if tk.typ != schemas.TypeExclusivity {
				continue
			}
			if ts.last.Event.Action != schemas.ActionRemoved {
				a.Exclusive = true
				a.ExclusiveScopes = append(a.ExclusiveScopes, tk.scope)
			}
			if latest == nil || versionLess(latest.last, ts.last) {
				latest, latestTopic = ts, tk
			}
		}
		if latest != nil {
			a.ExclusivityAction = latest.last.Event.Action
			a.ExclusivityHolder, a.ExclusivityScope = latestTopic.holder, latestTopic.scope
		}
		sort.Strings(a.ExclusiveScopes)
		sort.Strings(a.CommitmentKinds)
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].OrgA != out[j].OrgA {
			return out[i].OrgA < out[j].OrgA
		}
		return out[i].OrgB < out[j].OrgB
	})
	return out
}
