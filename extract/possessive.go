package extract

import (
	"github.com/dealwatch/dealwatch/schemas"
)

// Investments told as a possessor's noun. Real news names a stake as the
// object of another clause: "the EU's antitrust service has cast its gaze
// on Microsoft's $16.3 million investment in start-up Mistral AI" (r4061),
// "this follows Google's recent investment in TeraWulf" (r4404). The
// possessor invested in the company after "in". Read only with an amount or
// a word that makes the stake news ("recent", "new"): without them the
// phrase names a holding told again ("its substantial investment in X").
// Read only where no rule read a commitment between the two, and only as a
// stated act: a past year or a background phrase makes it background
// (purchaseStage).

// stakeNouns name an investment held in a company.
var stakeNouns = map[string]bool{"investment": true, "investments": true, "stake": true}

// possessiveGapStops may not stand between "X's" and the stake noun, where
// an amount and modifiers may: "X's $16.3 million minority investment in Y".
var possessiveGapStops = map[string]bool{
	",": true, ";": true, ":": true, "and": true, "or": true, "to": true, "the": true, "a": true, "an": true, "of": true,
	"that": true, "which": true, "with": true, "for": true, "in": true, "on": true, "from": true, "by": true,
}

// possessiveInvestmentFrames returns the investments told as
// "X's (amount) investment in Y" that frames leave unread.
func possessiveInvestmentFrames(infos []sentenceInfo, frames []frame, pubYear int) []frame {
	return purchaseStage(infos, frames, pubYear, possessiveInvestment)
}

// possessiveInvestment reads one sentence's "X's (amount) investment in Y".
func possessiveInvestment(si *sentenceInfo) (frame, bool) {
	low := si.low
	for t, w := range low {
		if !stakeNounFilter.mayHold(w) || !stakeNouns[w] || t+1 >= len(low) || low[t+1] != "in" && low[t+1] != "into" {
			continue
		}
		ms := mentionPtrs(si)
		var owner *mention
		for _, m := range ms {
			if m.poss && !m.implicit && !m.brand && m.wj < t && t-m.wj <= 7 && gapOfAmounts(low, m.wj+1, t) {
				owner = m
			}
		}
		if owner == nil || personPossessor(si, ms, t) {
			continue
		}
		to := mentionAfterDescriptor(si, ms, t+2, min(len(low), t+8))
		if to == nil || to.org == owner.org || to.brand || to.implicit {
			continue
		}
		f := frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindInvestment,
			from: owner, to: to, trig: t, directed: true, score: 1}
		for i := range si.money {
			if wi := wordIndexAt(si.ws, si.money[i].Start); wi > owner.wj && wi < t && si.ownAmount(i) {
				f.money = &si.money[i]
			}
		}
		if f.money == nil && !hasAny(low, owner.wj+1, t, "recent", "new", "latest", "fresh") {
			continue // "Google's current stake in X", "its substantial investment in X": a holding told again
		}
		return f, true
	}
	return frame{}, false
}

// gapOfAmounts reports that low[lo:hi] holds only an amount and modifiers
// ("$16.3 million", "minority", "recent"): no clause or phrase boundary,
// and no year or word that dates the stake before the news ("its 2019
// investment", "its earlier investment").
func gapOfAmounts(low []string, lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if low[k] == "'s" || possessiveGapStops[low[k]] || earlierStakeWords[low[k]] || isYear(low[k]) {
			return false
		}
	}
	return true
}

// earlierStakeWords date a stake before the news.
var earlierStakeWords = map[string]bool{
	"earlier": true, "previous": true, "prior": true, "past": true, "existing": true, "original": true, "initial": true,
	"early": true, "first": true, "longtime": true, "long-standing": true, "longstanding": true, "multiyear": true,
}

// isYear reports a year written as four digits, 1990 to 2099.
func isYear(w string) bool {
	if len(w) != 4 || w[0] != '1' && w[0] != '2' {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return w >= "1990" && w <= "2099"
}
