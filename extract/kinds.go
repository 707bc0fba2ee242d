package extract

import (
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// mergeCapacityKind completes keep, the reading of a deal kept when two
// trigger words of one sentence describe it, from the other reading: a deal
// that buys gigawatts, megawatts or chips is compute (LABELING.md), even when
// the clause holding the amount only says "a contract" with a cloud company.
func mergeCapacityKind(keep *frame, other frame) {
	if keep.capacity == nil && other.capacity != nil {
		keep.capacity = other.capacity
	}
	if keep.kind == schemas.KindCloudServices && (other.kind == schemas.KindCompute && other.capacity != nil || keep.capacity != nil && capacityIsCompute(keep.capacity)) {
		keep.kind = schemas.KindCompute
	}
}

func capacityIsCompute(c *Capacity) bool {
	return c != nil && (c.Unit == "GW" || c.Unit == "MW" || c.Unit == "chips")
}

// equityBought reports a purchase of equity inside [lo, hi): "for an 80%
// stake", "an equity stake", "in exchange for shares".
func equityBought(low []string, lo, hi int) bool {
	for k := max(lo, 0); k < min(hi, len(low)); k++ {
		switch low[k] {
		case "stake", "stakes", "equity":
			// "deploy 6 gigawatts of AMD GPUs and take a stake in AMD": hardware was bought first
			return !hasPrefixAny(low, lo, k, strongComputeCues...)
		case "shares":
			if k > 0 && (low[k-1] == "for" || low[k-1] == "new" || low[k-1] == "preferred") {
				return true
			}
		}
	}
	return false
}

// stakeBesidePurchase reports two readings of one sentence that are two
// deals: a purchase of capacity and a stake ("OpenAI will deploy 6 gigawatts
// of AMD GPUs and could take a stake of up to 10% in AMD").
func stakeBesidePurchase(f, g frame) bool {
	if f.kind == g.kind || !f.directed || !g.directed {
		return false
	}
	if g.kind == schemas.KindInvestment {
		f, g = g, f
	}
	return f.kind == schemas.KindInvestment && g.capacity != nil && capacityIsCompute(g.capacity)
}

// acquiresHardware reports "acquire"/"obtain"/"source" at t with hardware as
// its object within a few words: "acquire 50,000 AMD MI450 chips".
func acquiresHardware(low []string, t int) bool {
	switch low[t] {
	case "acquire", "acquires", "acquired", "acquiring", "obtain", "obtains", "source", "sources", "sourcing":
	default:
		return false
	}
	for k := t + 1; k < len(low) && k <= t+6; k++ {
		if hardwareNouns[low[k]] {
			// "acquired Israeli AI chip developer Habana Labs": a company that makes chips
			return k+1 >= len(low) || !descriptorHeads[low[k+1]] && low[k+1] != "developer" && low[k+1] != "designer" && low[k+1] != "maker" && low[k+1] != "startup"
		}
		if low[k] == "," && k+1 < len(low) && isDigitStart(low[k-1]) && isDigitStart(low[k+1]) {
			continue // "50,000"
		}
		if low[k] == "," || low[k] == "." || low[k] == "from" && k == t+1 {
			return false
		}
	}
	return false
}

// valuationOfAnother reports text after an amount that introduces a second
// amount as the valuation: "$1.38 billion at a valuation of $13 billion"
// (the first amount is the money raised, not a valuation).
func valuationOfAnother(post string) bool {
	for _, p := range []string{" at a valuation", ", at a valuation", " at a post-money valuation", " at a pre-money valuation", " at a valuation of", " valuing "} {
		if strings.HasPrefix(post, p) {
			return true
		}
	}
	return false
}
