package extract

import (
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// maskParticipleCues hides action cues that sit in a participle clause after
// a comma ("have restructured their partnership, ending OpenAI's exclusive
// access"), when the clause's main verb carries another cue: the participle
// says what the restructuring did to something else, not what happened to
// the partnership. low is copied only when something is hidden.
func maskParticipleCues(low []string, lo, hi int) []string {
	var hide []int
	for k := max(lo, 1); k < min(hi, len(low)); k++ {
		if low[k-1] != "," || !strings.HasSuffix(low[k], "ing") || !partnershipCueWord(low[k]) {
			continue
		}
		about := false // ", extending their partnership into ...": the participle is about the partnership
		for j := k + 1; j < min(hi, len(low), k+5) && low[j] != ","; j++ {
			if cls := triggerWords[low[j]]; cls == trPartner || cls == trRelation {
				about = true
			}
		}
		if about {
			continue
		}
		hide = append(hide, k)
	}
	if len(hide) == 0 {
		return low
	}
	// another cue must remain before the participle
	other := false
	for k := max(lo, 0); k < hide[0]; k++ {
		if partnershipCueWord(low[k]) {
			other = true
			break
		}
	}
	if !other {
		return low
	}
	out := make([]string, len(low))
	copy(out, low)
	for _, k := range hide {
		// blank the participle and the words it governs up to the next comma
		for j := k; j < min(hi, len(out)) && out[j] != ","; j++ {
			out[j] = ""
		}
	}
	return out
}

var restructureVerbs = map[string]bool{
	"restructured": true, "restructure": true, "restructures": true, "restructuring": true, "renegotiated": true,
	"renegotiate": true, "renegotiates": true, "revised": true, "revise": true, "revises": true, "amended": true,
	"amend": true, "amends": true, "rewrote": true, "rewritten": true, "overhauled": true, "reworked": true,
}

// restructuredDeal reports a deal noun at t that is the object of a
// restructuring verb: "have restructured the distribution agreement",
// "renegotiated their cloud contract".
func restructuredDeal(low []string, t int) bool {
	if !isNoun(low[t]) || low[t] == "investment" || low[t] == "funding" || low[t] == "round" {
		return false
	}
	for k := t - 1; k >= 0 && k >= t-4; k-- {
		if restructureVerbs[low[k]] {
			return true
		}
		if low[k] == "," || preps[low[k]] || triggerWords[low[k]] != trNone {
			return false
		}
	}
	return false
}

// adverbialAgreement reports "by mutual agreement", "by agreement", "in
// agreement with": the noun says how something happened, not that a
// contract was made.
func adverbialAgreement(low []string, t int) bool {
	if low[t] != "agreement" && low[t] != "consent" {
		return false
	}
	return t > 0 && (low[t-1] == "mutual" || low[t-1] == "by" || low[t-1] == "in" && t+1 < len(low) && low[t+1] == "with")
}

// coordinatedModal cuts a trigger's clause before a second, coordinated verb
// phrase with its own modal: in "OpenAI will deploy 6 gigawatts of AMD GPUs
// and could take a stake of up to 10%", the "could" qualifies the stake only.
func coordinatedModal(low []string, t, hi int) int {
	for k := t + 1; k+1 < min(hi, len(low)); k++ {
		if low[k] != "and" && low[k] != "but" && low[k] != "or" {
			continue
		}
		switch low[k+1] {
		case "could", "might", "may", "would":
			return k
		}
	}
	return hi
}

var contractNouns = map[string]bool{
	"contract": true, "contracts": true, "deal": true, "order": true, "orders": true, "commitment": true,
	"purchase": true, "lease": true, "agreement": true,
}

// contractExpansion reports a sentence whose expansion verb governs a
// contract ("agreed to expand their computing contract by $6.5 billion"): a
// bigger contract, which gives a commitment, not a partnership event
// (LABELING.md: plain contracts give commitments only).
func contractExpansion(low []string) bool {
	for k, w := range low {
		switch w {
		case "expand", "expands", "expanded", "expanding", "extend", "extends", "extended", "enlarge", "enlarged", "increase", "increased", "boost", "boosted":
		default:
			continue
		}
		for j := k + 1; j < len(low) && j <= k+4; j++ {
			if contractNouns[low[j]] {
				return true
			}
			if low[j] == "," || preps[low[j]] {
				break
			}
		}
	}
	return false
}

var endCues = newCueList("no longer", "stop", "stops", "stopped", "stopping", "end", "ends", "ended", "ending", "terminate",
	"terminates", "terminated", "terminating", "cease", "ceases", "ceased", "cancel", "cancels", "cancelled", "canceled",
	"scrap", "scraps", "scrapped", "will not", "pull out", "pulls out", "pulled out", "walk away", "exit", "exits",
	"unwind", "drop", "drops", "dropped", "abandon", "abandoned", "halt", "halts", "halted")

func commitmentAction(si *sentenceInfo, lo, hi, t int, money *Money) string {
	low := si.low
	// "will keep paying ... until 2030, though the total will be capped"
	if hi < len(low) && (low[hi] == "though" || low[hi] == "although" || low[hi] == "but") {
		_, h2 := clauseBounds(low, hi+1)
		if hasAny(low, hi, h2, "cap", "capped", "caps", "ceiling") {
			return schemas.ActionCapped
		}
	}
	// "X pays Y a share of revenue; that revenue share will now be capped"
	if hi+1 < len(low) && low[hi] == ";" && (low[hi+1] == "that" || low[hi+1] == "this" || low[hi+1] == "the") {
		_, h2 := clauseBounds(low, hi+1)
		if hasAny(low, hi+1, h2, "capped") {
			return schemas.ActionCapped
		}
	}
	if endCues.in(low, lo, hi) {
		return schemas.ActionEnded
	}
	if hasAny(low, lo, hi, "cap", "capped", "caps", "ceiling") {
		return schemas.ActionCapped
	}
	if money != nil && money.Additional {
		return schemas.ActionIncreased
	}
	if hasAny(low, lo, hi, "increase", "increases", "increased", "increasing", "raise", "raised", "raises", "boost", "boosts", "boosted", "expand", "expands", "expanded", "lift", "lifts", "lifted", "top", "topped") &&
		money != nil && hasAny(low, lo, wordIndexAt(si.ws, money.Start), "by") {
		return schemas.ActionIncreased
	}
	return schemas.ActionNew
}
