package extract

import (
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

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

// spentOnOwn reports "has spent (heavily) on its own data centres", "spends
// billions on in-house chips": money spent on what the spender owns or
// builds itself has no counterparty.
func spentOnOwn(low []string, t int) bool {
	if !strings.HasPrefix(low[t], "spen") {
		return false
	}
	for k := t + 1; k < len(low) && k <= t+4; k++ {
		if low[k] != "on" {
			continue
		}
		if k+2 < len(low) && (low[k+1] == "its" || low[k+1] == "their") && low[k+2] == "own" {
			return true
		}
		return k+1 < len(low) && (low[k+1] == "in-house" || low[k+1] == "in" && k+3 < len(low) && low[k+2] == "-" && low[k+3] == "house")
	}
	return false
}

// genericExclusivity reports "exclusivity" used as a general notion, the
// bare subject of a copula with no determiner or owner: "the lesson is that
// exclusivity is a wasting asset", "Exclusivity was once the norm".
func genericExclusivity(low []string, t int) bool {
	if low[t] != "exclusivity" || t+1 >= len(low) {
		return false
	}
	switch low[t+1] {
	case "is", "was", "has", "remains", "becomes", "can", "tends":
	default:
		return false
	}
	if t == 0 {
		return true
	}
	switch low[t-1] {
	case "that", ",", "and", "but", "because", "as", "where", "while":
		return true
	}
	return false
}

// investorListNouns name who put money into a round.
var investorListNouns = map[string]bool{
	"investors": true, "backers": true, "round": true, "participation": true, "participants": true,
	"shareholders": true, "funds": true, "firms": true, "financiers": true, "lenders": true,
}

// dropListedInvestorsAsInvestees removes the investments whose investee is
// an item of a list of investors: "Lightspeed and Redpoint co-led the
// series C, and new and existing investors joined the round including IVP,
// Spark Capital and Union Square Ventures" names IVP as an investor, not
// as a company Lightspeed invested in.
func dropListedInvestorsAsInvestees(si *sentenceInfo, fs []frame) []frame {
	out := fs[:0]
	for _, f := range fs {
		if f.typ == schemas.TypeCommitment && f.kind == schemas.KindInvestment && f.to != nil && f.from != nil && (listedInvestor(si, f.to) || coInvestors(si, f.from, f.to)) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// listedInvestor reports a mention that is an item of a list of investors
// opened by "including" or "such as" after an investor noun ("investors
// joined the round including IVP, Spark Capital and ...").
func listedInvestor(si *sentenceInfo, m *mention) bool {
	if m.implicit {
		return false // an investee carried from another sentence is named nowhere here
	}
	low := si.low
	for k := m.wi - 1; k >= 0 && k >= m.wi-40; k-- { // back over the list to its opener
		w := low[k]
		if w == "including" || w == "include" || w == "includes" || w == "as" && k > 0 && low[k-1] == "such" {
			return hasAnyIn(low, max(0, k-6), k, investorListNouns)
		}
		if w == "." || w == ";" || w == ":" || isVerbish(w) {
			return false
		}
	}
	return false
}

// isVerbish reports a word that ends a list looking back: a verb of the
// clause the list sits in.
func isVerbish(w string) bool {
	switch w {
	case "is", "are", "was", "were", "has", "have", "had", "will", "would", "said", "says", "invested", "invests", "led", "leads":
		return true
	}
	return false
}

// coInvestors reports two organisations named in one list ("existing
// backers Alibaba Group and Tencent", "Redpoint Ventures China and
// SummitView Capital") or the investee joining the investor's list ("with
// Tencent joining other previous investors Redpoint Ventures and ..."): the
// one put money beside the other, not into it.
func coInvestors(si *sentenceInfo, a, b *mention) bool {
	if a.implicit || b.implicit {
		return false
	}
	low := si.low
	if a.wi < b.wi && b.wi > 0 && low[b.wi-1] == "and" {
		// the investor first, the "investee" last of one list: "Alibaba and
		// Tencent" (not "invest $10 billion in Anthropic and Microsoft $5
		// billion", where the second invests in the first)
		for _, m := range coordinatedAfter(si, mentionPtrs(si), a) {
			if m.org == b.org {
				return true
			}
		}
	}
	if k := b.wj; k < len(low) && (low[k] == "joining" || low[k] == "joined" || low[k] == "joins") {
		return hasAnyIn(low, k+1, min(len(low), k+5), investorListNouns) // "Tencent joining other previous investors"
	}
	return false
}
