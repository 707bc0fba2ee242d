package extract

import "github.com/dealwatch/dealwatch/schemas"

// Partnerships named by reference. Real articles announce a deal with a
// commitment verb and then call it a partnership in a later sentence ("the
// partnership highlights ...", "this multi-year partnership", "the AMD
// partnership slots into ..."). The labelling rules give a partnership
// event wherever the text describes the deal as a partnership, so the
// article's main deal (its first stated commitment) is a partnership of its
// two parties too when a sentence refers to it that way and names no other
// organisation.

var referenceNouns = map[string]bool{"partnership": true, "collaboration": true, "alliance": true}

var referenceDeterminers = map[string]bool{"the": true, "this": true, "that": true, "its": true, "their": true, "our": true, "a": true, "an": true, "'s": true, "’s": true}

// modifiedByPartnership are the nouns a partnership noun modifies when it
// names a kind of thing, not the deal: "What lies beneath the partnership
// strategy" (r2461), "Wall Street likes the Meta partnership news" (r3001).
// ("the partnership agreement" and "the partnership terms" still refer.)
var modifiedByPartnership = map[string]bool{"strategy": true, "strategies": true, "news": true, "model": true, "models": true,
	"tools": true, "roundtable": true, "program": true, "programs": true, "programme": true, "ecosystem": true, "network": true}

var expandWords = []string{"expand", "deepen", "extend", "broaden", "strengthen", "doubling", "doubles"}

// partnershipByReference returns the partnership the article's main deal
// is called, or nothing.
func partnershipByReference(infos []sentenceInfo, frames []frame) []frame {
	var main *frame
	for i := range frames {
		f := &frames[i]
		if f.typ == schemas.TypeCommitment && f.modality == schemas.ModalityStated && f.from != nil && f.to != nil && f.from.org != f.to.org &&
			(main == nil || f.sent < main.sent) {
			main = f
		}
	}
	if main == nil {
		return nil
	}
	a, b := main.from.org, main.to.org
	// (a partnership of the two read elsewhere merges with this one: the
	// confidence model takes the reading it trusts more, mergeFrames)
	for i := range infos {
		si := &infos[i]
		k := referenceAt(si.low)
		if k < 0 || sentenceModality(si.low) != schemas.ModalityStated || !onlyOrgs(si, a, b) {
			continue
		}
		action := schemas.ActionFormed
		if hasPrefixAny(si.low, 0, len(si.low), expandWords...) {
			action = schemas.ActionExpanded
		}
		pa, pb := *main.from, *main.to
		return []frame{{typ: schemas.TypePartnership, action: action, partners: []*mention{&pa, &pb},
			score: 0.6, sent: i, trig: k, modality: schemas.ModalityStated}}
	}
	return nil
}

// referenceAt returns the index of a partnership noun that refers to a
// deal ("the partnership", "this multi-year, tens-of-billions-dollar
// partnership", "the AWS-Anthropic partnership"), or -1.
func referenceAt(low []string) int {
	for k, w := range low {
		if !referenceNounFilter.mayHold(w) || !referenceNouns[w] || k+1 < len(low) && modifiedByPartnership[low[k+1]] {
			continue // "the partnership strategy", "the Meta partnership news": a modifier, no reference
		}
		for j := k - 1; j >= 0 && j >= k-8; j-- {
			if referenceDeterminers[low[j]] {
				if j > 0 && (low[j-1] == "under" || low[j-1] == "within" || low[j-1] == "through" || low[j-1] == "of") {
					break // "under the partnership": the deal is made in an older one
				}
				return k
			}
			if preps[low[j]] || low[j] == "and" {
				break
			}
		}
	}
	return -1
}

// onlyOrgs reports whether the sentence names no organisation but a and b.
func onlyOrgs(si *sentenceInfo, a, b *Org) bool {
	for _, m := range si.ments {
		if m.org != a && m.org != b {
			return false
		}
	}
	return true
}
