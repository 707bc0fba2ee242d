package extract

import "github.com/dealwatch/dealwatch/schemas"

// dropReversedEcho drops an amount-less purchase that runs the opposite way
// between the same two organisations as a purchase of the same sentence
// that states an amount: in "Kaveri committed to spend Rs 250 crore on
// Microsoft Azure to train and host its models" the purpose clause ("host
// its models") reads as Microsoft buying from Kaveri, an echo of the one
// purchase. Investments and revenue shares are deals of their own ("Samsung
// will invest $100 million in Perplexity, and Perplexity will pay Samsung a
// share of revenue").
func dropReversedEcho(fs []frame) []frame {
	purchase := func(f frame) bool {
		return f.typ == schemas.TypeCommitment && f.from != nil && f.to != nil &&
			f.kind != schemas.KindInvestment && f.kind != schemas.KindRevenueShare
	}
	paid := func(f frame) bool { return f.money != nil && f.money.Value != nil }
	drop := make([]bool, len(fs))
	for i, f := range fs {
		if !purchase(f) || paid(f) {
			continue
		}
		for _, g := range fs {
			if purchase(g) && paid(g) && g.from.org == f.to.org && g.to.org == f.from.org {
				drop[i] = true
				break
			}
		}
	}
	out := fs[:0]
	for i, f := range fs {
		if !drop[i] {
			out = append(out, f)
		}
	}
	return out
}
