package extract

import "github.com/dealwatch/dealwatch/schemas"

// Rounds named by their lead. A funding round is often named by the
// investor that led or backed it, in one hyphenated word before the round
// noun: "Axelera AI's $250M BlackRock-backed round" (r2762), "banks $11m
// Series A funding in Toyota, S2G-led round" (r3712), "raised $40 million
// in an Accel-led round". The investor (and the investors joined to it,
// "Toyota, S2G-led") invests in the raiser: the company whose round it is
// ("Axelera AI's") or the subject that raised it. The round's total is not
// the investor's own, so the event has no amount (LABELING.md).

// compoundLeadVerbs make an investor's hyphenated description of a round.
var compoundLeadVerbs = map[string]bool{"led": true, "co-led": true, "backed": true}

// compoundLeadRound returns the investments of the investors that a
// hyphenated description of a round names.
func compoundLeadRound(si *sentenceInfo, idx int, fs []frame) []frame {
	low := si.low
	var out []frame
	var ms []*mention
	for t := 1; t+2 < len(low); t++ {
		if low[t] != "-" || !compoundLeadVerbs[low[t+1]] || !roundNounNear(low, t+2) {
			continue
		}
		if ms == nil {
			ms = mentionPtrs(si)
		}
		var lead *mention
		for _, m := range ms {
			if m.wj == t && !m.implicit {
				lead = m
				break
			}
		}
		if lead == nil {
			continue
		}
		leads := append([]*mention{lead}, coordinatedBefore(si, ms, lead)...)
		raiser := leadRoundRaiser(si, ms, leads)
		if raiser == nil || raiser.org == lead.org {
			continue
		}
		for _, inv := range leads {
			if inv.org == raiser.org || commitsTo(fs, inv.org, raiser.org) || commitsTo(out, inv.org, raiser.org) {
				continue
			}
			out = append(out, frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindInvestment,
				from: inv, to: raiser, directed: true, score: 0.7, sent: idx, trig: t + 1})
		}
	}
	return out
}

// roundNounNear reports a round noun at k or after a round's name of up to
// two words ("Series A", "seed"): "-led round", "-backed Series B funding".
func roundNounNear(low []string, k int) bool {
	for j := k; j < len(low) && j <= k+2; j++ {
		if roundNouns[low[j]] && low[j] != "investment" {
			return true
		}
		if low[j] != "series" && low[j] != "seed" && !(j > k && low[j-1] == "series") {
			return false
		}
	}
	return false
}

// leadRoundRaiser returns the company whose round starts with the
// description by leads (the lead, then the co-leads joined to it): a
// possessive before it ("Axelera AI's $250M BlackRock-backed round"), else
// the sentence's subject before it, told as raising the round in it
// ("Zorbit raised $40 million in an Accel-led round").
func leadRoundRaiser(si *sentenceInfo, ms []*mention, leads []*mention) *mention {
	low := si.low
	start := leads[0].wi
	for _, c := range leads[1:] {
		start = min(start, c.wi)
	}
	k := start - 1
	for k >= 0 && amountWord(low[k]) {
		k-- // "Axelera AI's $250M BlackRock-backed round"
	}
	if k > 0 && possessiveMark(low[k]) {
		for _, m := range ms {
			if m.wj == k && !m.implicit && m.org != leads[0].org {
				return m
			}
		}
		return nil
	}
	for k >= 0 && (low[k] == "a" || low[k] == "an") {
		k--
	}
	if k < 0 || low[k] != "in" && low[k] != "through" {
		return nil // "Nvidia-led funding values Firmus at ...": no raiser before it
	}
	return adopter(si, ms, start)
}
