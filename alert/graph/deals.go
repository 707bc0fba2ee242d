package graph

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dealwatch/dealwatch/alert/deal"
	"github.com/dealwatch/dealwatch/store"
)

// DealInfo is what the HTML view shows for one deal behind an edge.
type DealInfo struct {
	Type     string   `json:"type"`
	Action   string   `json:"action"`
	Kind     string   `json:"kind,omitempty"`
	PartyIDs []string `json:"-"`
	Parties  string   `json:"parties"`
	Amount   string   `json:"amount,omitempty"`
	Evidence string   `json:"evidence"`
	Source   string   `json:"source,omitempty"`
	Title    string   `json:"title,omitempty"`
	URL      string   `json:"url,omitempty"`
	Date     string   `json:"date,omitempty"`
	Mentions int      `json:"mentions"`
}

// FromDeals describes clustered deals by their current version.
func FromDeals(deals []deal.Deal) []DealInfo {
	out := make([]DealInfo, 0, len(deals))
	for _, d := range deals {
		cur := d.Current().Event
		info := DealInfo{Type: d.Type, Action: cur.Action, Kind: d.Kind, Evidence: cur.Evidence.Sentence,
			Source: cur.Article.Source, Title: cur.Article.Title, URL: cur.Article.URL, Mentions: d.Mentions,
			Date: d.LastSeen.UTC().Format("2006-01-02")}
		var parties []string
		for _, p := range d.Parties {
			info.PartyIDs = append(info.PartyIDs, p.ID)
			parties = append(parties, p.Name+" ("+p.Role+")")
		}
		info.Parties = strings.Join(parties, ", ")
		if cur.Amount != nil {
			info.Amount = cur.Amount.Text
		}
		out = append(out, info)
	}
	return out
}

// DealsQuery reads the current deals with their evidence (view deals).
const DealsQuery = `SELECT type, action, kind, party_ids, party_names, party_roles, amount_text,
    evidence_sentence, article_source, article_title, article_url, last_seen, mentions
FROM deals
ORDER BY last_seen, deal_id`

// QueryDeals runs DealsQuery.
func QueryDeals(ctx context.Context, q store.Querier) ([]DealInfo, error) {
	res, err := q.Query(ctx, DealsQuery)
	if err != nil {
		return nil, fmt.Errorf("graph: deals: %w", err)
	}
	var out []DealInfo
	for _, r := range res.Maps() {
		d := DealInfo{Type: str(r["type"]), Action: str(r["action"]), Kind: str(r["kind"]), Amount: str(r["amount_text"]),
			Evidence: str(r["evidence_sentence"]), Source: str(r["article_source"]), Title: str(r["article_title"]),
			URL: str(r["article_url"]), Mentions: int(num(r["mentions"]))}
		if t, ok := r["last_seen"].(time.Time); ok {
			d.Date = t.UTC().Format("2006-01-02")
		}
		ids, names, roles := strs(r["party_ids"]), strs(r["party_names"]), strs(r["party_roles"])
		d.PartyIDs = ids
		var parties []string
		for i := range ids {
			p := ids[i]
			if i < len(names) && names[i] != "" {
				p = names[i]
			}
			if i < len(roles) && roles[i] != "" {
				p += " (" + roles[i] + ")"
			}
			parties = append(parties, p)
		}
		d.Parties = strings.Join(parties, ", ")
		out = append(out, d)
	}
	return out, nil
}

func strs(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = str(x)
	}
	return out
}
