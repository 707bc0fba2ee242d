package extract

import (
	"regexp"
	"slices"
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// Which amount of a sentence is whose: a fundraising target, a company's
// results and debt are no deal amounts; "each" and a lead's own amount are
// an investor's.

// isFinancialResult reports an amount that measures a company's results,
// not a deal: "resulted in a $3.1 billion hit to net income", "net income
// dropped by $3.1 billion", "losses exceeding 5 trillion won" (r3445,
// r3446, r3285).
func isFinancialResult(si *sentenceInfo, m *Money) bool {
	pre := si.Text[max(0, m.Start-40):m.Start]
	post := si.Text[m.End:min(len(si.Text), m.End+30)]
	for _, w := range []string{"net income", "net loss", "losses", "operating loss", "operating income", "write-down", "writedown", "impairment", "net profit"} {
		if containsFold(pre, w) || containsFold(post, w) {
			return true
		}
	}
	post = strings.TrimSpace(post)
	// "swing its net income from a $51.7 million loss to a $384.6 million gain" (r10718)
	return hasPrefixFold(post, "hit to") || hasPrefixFold(post, "charge") || hasPrefixFold(post, "loss") ||
		hasPrefixFold(post, "gain") || hasPrefixFold(post, "profit")
}

// isTarget reports a fundraising target, not money committed: "exceeding
// its original $15 billion target", "a target of up to $6 billion" (r2589,
// r2889, r2901).
func isTarget(si *sentenceInfo, m *Money) bool {
	pre := strings.TrimSpace(si.Text[max(0, m.Start-25):m.Start])
	post := si.Text[m.End:min(len(si.Text), m.End+22)]
	for _, w := range []string{" target", " goal", " fundraising target", " funding target", " fundraising goal", " funding goal", " raise target"} {
		if hasPrefixFold(post, w) {
			return true
		}
	}
	for _, p := range []string{"target of", "goal of", "target of up to", "target of about", "target of around", "goal of up to", "goal of about", "goal of around"} {
		if len(pre) >= len(p) && strings.EqualFold(pre[len(pre)-len(p):], p) {
			return true
		}
	}
	return false
}

// containsFold reports sub (lower case) in s, ignoring case, without
// allocating.
func containsFold(s, sub string) bool {
	if sub == "" {
		return true
	}
	c := sub[0]
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i]|0x20 == c && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// distributive reports an amount that each of several investors puts in:
// "each" right after the amount ("$30 billion each from Nvidia and
// SoftBank") or between the coordinated subject ending at word j and the
// verb at t ("SoftBank and Nvidia are each putting in $30 billion").
func distributive(si *sentenceInfo, m *Money, j, t int) bool {
	if post := strings.ToLower(si.Text[m.End:min(len(si.Text), m.End+6)]); strings.HasPrefix(post, " each") {
		return true
	}
	return j < t && hasAny(si.low, j, t, "each")
}

// debtOnly reports a clause about debt with no equity in it: "a $500
// million debt facility led by Macquarie", "backed by a $10 billion credit
// facility". A loan buys no stake; the labels give it no event.
func debtOnly(low []string, lo, hi int) bool {
	debt := false
	for k := max(lo, 0); k < min(hi, len(low)); k++ {
		switch low[k] {
		case "debt", "loan", "loans", "lenders", "lender":
			debt = true
		case "facility", "facilities":
			if k > 0 && (low[k-1] == "credit" || low[k-1] == "debt" || low[k-1] == "lending") {
				debt = true
			}
		case "equity", "stake", "shares", "series", "seed", "convertible":
			return false
		}
	}
	return debt
}

// debtIsNoStake drops the investments a sentence about debt alone reads
// ("closed a $500 million debt facility led by Macquarie Group"): a loan buys
// no stake (r3369, r2940).
func debtIsNoStake(si *sentenceInfo, fs []frame) []frame {
	if !slices.ContainsFunc(fs, isInvestment) || !debtOnly(si.low, 0, len(si.low)) {
		return fs // (most sentences hold no investment: no scan for debt)
	}
	return dropWhere(fs, func(i int) bool { return isInvestment(fs[i]) })
}

func isInvestment(f frame) bool {
	return f.typ == schemas.TypeCommitment && f.kind == schemas.KindInvestment
}

// leadsOwnAmount gives an investor of an amount-less investment the amount
// the sentence says it put in itself, right after it: "ASML led the
// initiative by investing 1.3 billion euros in Mistral AI", "led a series C
// round for Mistral with a €1.3bn investment" (r3432, r2750): the round's
// total is not the lead's, but this amount is.
func leadsOwnAmount(si *sentenceInfo, fs []frame) {
	for i := range fs {
		f := &fs[i]
		if f.typ != schemas.TypeCommitment || f.kind != schemas.KindInvestment || f.money != nil || f.from == nil || f.from.implicit {
			continue
		}
		for j := range si.money {
			m := &si.money[j]
			if m.Value == nil {
				continue
			}
			wi := wordIndexAt(si.ws, m.Start)
			we := skipParenthetical(si.low, wordIndexAt(si.ws, m.End-1)+1, len(si.low)) // "a €1.3bn ($1.5bn) investment"
			if wi <= f.from.wj || wi > f.from.wj+22 || hasAny(si.low, f.from.wj, wi, ";", "and", "while") || otherOrgBetween(si, f, f.from.wj, wi) {
				continue
			}
			own := wi >= 2 && si.low[wi-2] == "by" && si.low[wi-1] == "investing" ||
				wi >= 2 && si.low[wi-2] == "with" && (si.low[wi-1] == "a" || si.low[wi-1] == "an") && we < len(si.low) && si.low[we] == "investment" ||
				wi >= 4 && hasSeq(si.low, wi-4, wi, "with", "an", "investment", "of")
			if own {
				f.money, f.untold = m, false
				break
			}
		}
	}
}

// otherOrgBetween reports an organisation other than f's parties named in
// words [i, j).
func otherOrgBetween(si *sentenceInfo, f *frame, i, j int) bool {
	for _, m := range si.ments {
		if m.wi >= i && m.wi < j && !m.implicit && m.org != f.from.org && (f.to == nil || m.org != f.to.org) {
			return true
		}
	}
	return false
}

// resultWords report a financial result: "a $2.4 billion quarterly gain",
// "net income dropped by $3.1 billion".
var resultWords = map[string]bool{
	"gain": true, "gains": true, "loss": true, "losses": true, "profit": true, "profits": true, "income": true,
	"writedown": true, "write-down": true, "impairment": true, "markdown": true,
}

// resultOfStake drops the investments a sentence reads from a stake it
// reports a result on ("posted a $2.4 billion gain after a rise in the
// value of its investment in OpenAI", "net income dropped by $3.1 billion
// due to the company's equity investment in OpenAI", r3728, r3446): the
// stake is old, and the amount is the result's, not an investment's.
func resultOfStake(si *sentenceInfo, fs []frame) []frame {
	if !slices.ContainsFunc(fs, isInvestment) || !reportsResult(si.low) {
		return fs
	}
	return dropWhere(fs, func(i int) bool { return isInvestment(fs[i]) && possessedStake(si.low, fs[i].trig) })
}

// reportsResult reports a result word that is not part of a compound
// ("a non-profit foundation").
func reportsResult(low []string) bool {
	for k, w := range low {
		if resultWords[w] && (k == 0 || low[k-1] != "-") {
			return true
		}
	}
	return false
}

// possessedStake reports a stake or investment noun at word t that someone
// holds: "its investment in", "the company's massive equity investment in".
func possessedStake(low []string, t int) bool {
	if t < 0 || t >= len(low) {
		return false
	}
	switch low[t] {
	case "investment", "investments", "stake", "stakes", "holding", "holdings":
	default:
		return false
	}
	for k := t - 1; k >= max(0, t-4); k-- {
		switch low[k] {
		case "its", "their", "his", "her", "'s":
			return true
		case ",", "a", "an", "new", "additional", "further":
			return false
		}
	}
	return false
}

// purchaseWord reports a word that buys at word t: "buy", "purchased",
// "orders", "rent", "leasing".
func purchaseWord(low []string, t int) bool {
	if t < 0 || t >= len(low) {
		return false
	}
	for _, p := range []string{"buy", "bought", "purchas", "order", "rent", "leas", "procur"} {
		if strings.HasPrefix(low[t], p) {
			return true
		}
	}
	return false
}

// financiersInvest makes an investment of a commitment a financial
// investor makes in data centres or infrastructure ("Blackstone will put $3
// billion into data centers with Humain", "Macquarie commits up to $5
// billion in Applied Digital's AI data centers", r3351, r3011): a fund buys
// a stake in what is built, not computing. A fund that buys the chips
// themselves ("GPUs", "megawatts") still buys compute.
func financiersInvest(si *sentenceInfo, fs []frame) {
	for i := range fs {
		f := &fs[i]
		if f.typ == schemas.TypeCommitment && f.kind == schemas.KindCompute && f.from != nil && f.from.org.Kind == kindInvestor &&
			(f.to == nil || f.to.org.Kind != kindInvestor) && !purchaseWord(si.low, f.trig) && !hasPrefixAny(si.low, 0, len(si.low), chipCues...) {
			f.kind = schemas.KindInvestment
		}
	}
}

// amountNear picks the amount of money that belongs to the trigger at t
// within [lo, hi): the nearest one, preferring one after the trigger.
func amountNear(si *sentenceInfo, t, lo, hi int) *Money {
	var best *Money
	bestD := 1 << 30
	for i := range si.money {
		m := &si.money[i]
		wi := wordIndexAt(si.ws, m.Start)
		if wi < lo || wi >= hi {
			continue
		}
		if !si.ownAmount(i) {
			continue
		}
		d := wordDist(wi, t)
		// An amount closer to another commitment word belongs to that one:
		// "an investment of $50 billion by Amazon ... and a larger commitment by OpenAI".
		owned := false
		for _, u := range si.commitTriggers {
			if u < t && dealContentVerb(si.low, u, t) {
				continue // "signed a $500 million agreement to buy X": the agreement is this purchase
			}
			if u != t && u >= lo && u < hi && wordDist(wi, u) < d {
				owned = true
				break
			}
		}
		if owned {
			continue
		}
		if d < bestD {
			best, bestD = m, d
		}
	}
	return best
}

func wordDist(amount, trigger int) int {
	d := amount - trigger
	if d < 0 {
		d = -d + 2
	}
	return d
}

// isRunningTotal: "bringing its total to $8 billion", "$22 billion in total".
func isRunningTotal(si *sentenceInfo, m *Money) bool {
	if m.Additional {
		return false
	}
	pre := strings.ToLower(si.Text[max(0, m.Start-60):m.Start])
	post := strings.ToLower(si.Text[m.End:min(len(si.Text), m.End+20)])
	if strings.HasSuffix(strings.TrimSpace(pre), "capped at") || strings.HasSuffix(strings.TrimSpace(pre), "limited to") {
		return false // "capped at $150 million in total": the cap, not a running total
	}
	return (strings.Contains(pre, "total") || strings.Contains(pre, "to date") || strings.Contains(pre, "cumulative")) && reTotalBefore.MatchString(pre) ||
		strings.Contains(post, "in total") || strings.Contains(post, "to date") || strings.Contains(post, "so far")
}

var reTotalBefore = regexp.MustCompile(`(?:bringing|brings|bring|brought|lifting|lifts|taking|takes|raising)\b.{0,40}\btotal|\btotal(?:ing|ling)?\b(?: \w+){0,3} (?:of|to|at)\s*(?:about |around |roughly |nearly |approximately |more than |some )?$|\btotal(?:ing|ling)\s*$|to date|cumulative`)

func isValuation(si *sentenceInfo, m *Money) bool {
	pre := strings.ToLower(si.Text[max(0, m.Start-30):m.Start])
	post := strings.ToLower(si.Text[m.End:min(len(si.Text), m.End+25)])
	if dealValuedAt(strings.ToLower(si.Text[max(0, m.Start-110):m.Start])) {
		return false // "a cloud contract valued at 1.2 billion euros": the deal's amount
	}
	return strings.Contains(pre, "valu") || strings.Contains(pre, "market cap") || strings.Contains(post, "valuation") && !valuationOfAnother(post) ||
		strings.Contains(pre, "revenue of") || strings.Contains(pre, "revenue rose") || strings.Contains(pre, "sales of") ||
		strings.Contains(post, "in revenue") || strings.Contains(post, "in annual revenue") || strings.Contains(pre, "rose to") ||
		strings.Contains(post, "to the company's market value") || strings.Contains(pre, "capital expenditure")
}

// capacityNear picks the capacity that belongs to the trigger at t: inside
// [lo, hi) and not closer to another commitment word.
func capacityNear(si *sentenceInfo, t, lo, hi int) *Capacity {
	for i := range si.caps {
		c := &si.caps[i]
		wi := wordIndexAt(si.ws, c.Start)
		if wi < lo || wi >= hi {
			continue
		}
		d := wordDist(wi, t)
		owned := false
		for _, u := range si.commitTriggers {
			if u != t && wordDist(wi, u) < d && (u < t) == (wi < t) {
				owned = true
				break
			}
		}
		if !owned {
			return c
		}
	}
	return nil
}

// minDealAmount is the smallest amount a deal between organisations is
// told in: below it an amount is a price per unit, a share price or costs
// ("offering $5,000 per book", r4095; "paying $88 for each of its 30
// million users", r4515; "share price jumped to $6.97", r4269; "a $600
// share-price milestone", r4399; "ordering Nscale to pay £7,000 in
// costs", r4436), never a deal's value.
const minDealAmount = 1e5

// dealAmounts returns the amounts of a sentence that may be a deal's:
// FindAmounts's, without those below minDealAmount (vague ones stay).
func dealAmounts(s string) []Money {
	ms := FindAmounts(s)
	out := ms[:0]
	for _, m := range ms {
		if m.Value != nil && *m.Value < minDealAmount {
			continue
		}
		out = append(out, m)
	}
	return out
}
