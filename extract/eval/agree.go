package eval

import (
	"errors"
	"sort"

	"github.com/dealwatch/dealwatch/schemas"
)

// ErrNoOverlap is returned by Agreement when the two label sets share no
// article.
var ErrNoOverlap = errors.New("the two label sets share no article")

// AsDealEvent renders a labelled event as the extractor would have emitted
// it, so that one labeller's events can be scored against another's with
// the extractor's scorer.
func (e Event) AsDealEvent() schemas.DealEvent {
	d := schemas.DealEvent{Type: e.Type, Action: e.Action}
	role := func(id string) string {
		switch {
		case e.Type == schemas.TypeCommitment && id == e.From:
			return schemas.RoleFrom
		case e.Type == schemas.TypeCommitment && id == e.To:
			return schemas.RoleTo
		case e.Type == schemas.TypeExclusivity && id == e.Holder:
			return schemas.RoleHolder
		case e.Type == schemas.TypeExclusivity:
			return schemas.RoleGrantor
		}
		return schemas.RolePartner
	}
	for _, p := range e.Parties {
		d.Parties = append(d.Parties, schemas.Party{ID: p, Role: role(p)})
	}
	if e.Kind != "" {
		k := e.Kind
		d.Kind = &k
	}
	if e.Amount != nil {
		d.Amount = &schemas.Amount{Value: e.Amount.Value, Currency: e.Amount.Currency, Qualifier: e.Amount.Qualifier}
	}
	return d
}

// Agreement scores a second labeller's required events against the first
// labeller's labels, article by article, on the articles both labelled: the
// figure a perfect extractor could reach if the first labels are the truth
// and the second labeller is as careful. canon maps organisation ids to one
// spelling (nil: ids as written). Articles are matched by id.
func Agreement(first, second []Article, canon func(string) string) (Counts, []Miss, error) {
	byID := make(map[string]Article, len(first))
	for _, a := range first {
		byID[a.ID] = a
	}
	ids := make([]string, 0, len(second))
	sec := make(map[string]Article, len(second))
	for _, a := range second {
		if _, ok := byID[a.ID]; ok {
			ids = append(ids, a.ID)
			sec[a.ID] = a
		}
	}
	if len(ids) == 0 {
		return Counts{}, nil, ErrNoOverlap
	}
	sort.Strings(ids)
	var total Counts
	var misses []Miss
	for _, id := range ids {
		g, s := byID[id], sec[id]
		if canon != nil {
			g, s = g.Canonical(canon), s.Canonical(canon)
		}
		preds := make([]schemas.DealEvent, len(s.Events))
		for i, e := range s.Events {
			preds[i] = e.AsDealEvent()
		}
		c, m := Score(g, preds)
		total = total.Add(c)
		misses = append(misses, m...)
	}
	return total, misses, nil
}
