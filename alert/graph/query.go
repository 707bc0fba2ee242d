package graph

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/dealwatch/dealwatch/alert/deal"
	"github.com/dealwatch/dealwatch/store"
)

// AllianceQuery reads the current alliances from the alliance_state view.
const AllianceQuery = `SELECT org_a, org_b, name_a, name_b, partnership_action, exclusivity_action,
    exclusivity_holder, exclusivity_scope, exclusive, exclusive_scopes,
    committed_usd_cloud_services, committed_usd_investment, committed_usd_compute, committed_usd_revenue_share,
    committed_usd_total, deals, commitment_deals, commitment_kinds, mentions
FROM alliance_state
ORDER BY org_a, org_b`

// QueryAlliances runs AllianceQuery and converts its rows.
func QueryAlliances(ctx context.Context, q store.Querier) ([]deal.Alliance, error) {
	res, err := q.Query(ctx, AllianceQuery)
	if err != nil {
		return nil, fmt.Errorf("graph: alliance_state: %w", err)
	}
	var out []deal.Alliance
	for _, r := range res.Maps() {
		a := deal.Alliance{
			OrgA: str(r["org_a"]), OrgB: str(r["org_b"]), NameA: str(r["name_a"]), NameB: str(r["name_b"]),
			PartnershipAction: str(r["partnership_action"]), ExclusivityAction: str(r["exclusivity_action"]),
			ExclusivityHolder: str(r["exclusivity_holder"]), ExclusivityScope: str(r["exclusivity_scope"]),
			Exclusive:      num(r["exclusive"]) == 1,
			TotalCommitted: num(r["committed_usd_total"]),
			Deals:          int(num(r["deals"])), CommitmentDeals: int(num(r["commitment_deals"])), Mentions: int(num(r["mentions"])),
			CommittedUSD: map[string]float64{
				"cloud_services": num(r["committed_usd_cloud_services"]),
				"investment":     num(r["committed_usd_investment"]),
				"compute":        num(r["committed_usd_compute"]),
				"revenue_share":  num(r["committed_usd_revenue_share"]),
			},
		}
		if scopes, ok := r["exclusive_scopes"].([]any); ok {
			for _, s := range scopes {
				a.ExclusiveScopes = append(a.ExclusiveScopes, str(s))
			}
			sort.Strings(a.ExclusiveScopes)
		}
		if kinds, ok := r["commitment_kinds"].([]any); ok {
			for _, k := range kinds {
				a.CommitmentKinds = append(a.CommitmentKinds, str(k))
			}
			sort.Strings(a.CommitmentKinds)
		}
		if a.NameA == "" {
			a.NameA = a.OrgA
		}
		if a.NameB == "" {
			a.NameB = a.OrgB
		}
		out = append(out, a)
	}
	return out, nil
}

func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		return x.Format(time.RFC3339)
	}
	return fmt.Sprint(v)
}

func num(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	case bool:
		if x {
			return 1
		}
	}
	return 0
}
