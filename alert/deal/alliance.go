package deal

import (
	"sort"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
)

// Alliance is the state of the relationship between two organisations,
// built from the current versions of every deal naming both (the same
// definition as the ClickHouse view alliance_state).
type Alliance struct {
	OrgA, OrgB          string // ids, OrgA < OrgB
	NameA, NameB        string
	Deals               int
	PartnershipAction   string // latest partnership action, "" when none
	CommitmentDeals     int
	ExclusivityAction   string             // latest exclusivity action, "" when none
	Exclusive           bool               // an exclusivity between them is in force
	ExclusiveScopes     []string           // scopes in force, sorted
	CommittedUSD        map[string]float64 // by kind
	TotalCommittedUSD   float64
	FirstSeen, LastSeen time.Time
	lastPartnership     Version
	lastExclusivity     Version
}

// Alliances folds deals into one Alliance per pair of organisations they
// name, sorted by pair. Committed totals count USD amounts only.
func Alliances(deals []Deal) []Alliance {
	byPair := map[[2]string]*Alliance{}
	for _, d := range deals {
		names := map[string]string{}
		var ids []string
		for _, p := range d.Parties {
			if _, ok := names[p.ID]; !ok {
				ids = append(ids, p.ID)
			}
			names[p.ID] = p.Name
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
				}
				a.Deals++
				if d.FirstSeen.Before(a.FirstSeen) {
					a.FirstSeen = d.FirstSeen
				}
				if d.LastSeen.After(a.LastSeen) {
					a.LastSeen = d.LastSeen
				}
				switch d.Type {
				case schemas.TypePartnership:
					if a.PartnershipAction == "" || versionLess(a.lastPartnership, cur) {
						a.PartnershipAction, a.lastPartnership = cur.Event.Action, cur
					}
				case schemas.TypeCommitment:
					a.CommitmentDeals++
					if usd := d.Committed()["USD"]; usd > 0 {
						a.CommittedUSD[d.Kind] += usd
						a.TotalCommittedUSD += usd
					}
				case schemas.TypeExclusivity:
					if a.ExclusivityAction == "" || versionLess(a.lastExclusivity, cur) {
						a.ExclusivityAction, a.lastExclusivity = cur.Event.Action, cur
					}
					if cur.Event.Action != schemas.ActionRemoved {
						a.Exclusive = true
						a.ExclusiveScopes = append(a.ExclusiveScopes, d.Scope)
					}
				}
			}
		}
	}
	out := make([]Alliance, 0, len(byPair))
	for _, a := range byPair {
		sort.Strings(a.ExclusiveScopes)
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
