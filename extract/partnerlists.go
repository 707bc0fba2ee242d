package extract

import "github.com/dealwatch/dealwatch/schemas"

// Partner lists. Real news announces a programme's or a company's partners
// as a list: "X has recruited its first batch of partners, including A, B
// and C", "our first partners: A, B and C", "X has signed licensing deals
// with several news publishers, including A and B". The organisation whose
// partners they are forms a partnership with each one named.

// partnerGroupNouns name the group a list of partners is drawn from.
var partnerGroupNouns = map[string]bool{
	"partners": true, "publishers": true, "outlets": true, "companies": true, "firms": true, "organisations": true,
	"organizations": true, "media": true, "operators": true, "banks": true, "carriers": true,
}

// partnerFormVerbs announce partners as news.
var partnerFormVerbs = []string{"recruited", "recruits", "announce", "announced", "announces", "signed", "signs", "added",
	"adds", "welcomed", "welcomes", "unveiled", "unveils", "onboarded", "launched", "launches", "named", "names", "struck", "inked"}

// partnerListStart returns the word where a list of partners starts in the
// sentence, or -1: after "partners, including", "partners include",
// "partners:" or "deals with several publishers, including".
func partnerListStart(low []string) int {
	for k, w := range low {
		dealt := (w == "deals" || w == "agreements" || w == "partnerships" || w == "alliances") && hasAny(low, k+1, min(len(low), k+3), "with")
		if w != "partners" && !dealt {
			continue
		}
		g := k
		if dealt {
			// "deals with several news publishers": the group noun after "with"
			g = -1
			for q := k + 2; q < len(low) && q <= k+6; q++ {
				if partnerGroupNouns[low[q]] {
					g = q
					break
				}
			}
			if g < 0 {
				continue
			}
		}
		q := g + 1
		if q < len(low) && low[q] == "," {
			q++
		}
		switch {
		case q < len(low) && (low[q] == "including" || low[q] == "include" || low[q] == "includes" || low[q] == ":" || low[q] == "like"):
			return q + 1
		case q+1 < len(low) && low[q] == "such" && low[q+1] == "as":
			return q + 2
		}
	}
	return -1
}

// partnerList reads the partnerships of a list of partners: the owner of
// the list (the possessor of "partners" or the sentence's subject) with
// each organisation listed.
func partnerList(si *sentenceInfo, idx int, fs []frame) []frame {
	start := partnerListStart(si.low)
	if start < 0 || !hasAny(si.low, 0, start, partnerFormVerbs...) || hasAny(si.low, 0, start, "already", "since", "existing", "previously") {
		return nil // "partners such as A": who partners already; "recruited its first partners, including A": news
	}
	verb := 0
	for verb < start && !hasAny(si.low, verb, verb+1, partnerFormVerbs...) {
		verb++
	}
	ms := mentionPtrs(si)
	var owner *mention
	for _, m := range ms {
		if m.wj <= verb && !m.brand && (owner == nil || m.poss && !owner.poss) {
			owner = m // the subject of the announcing verb, or a possessor: "Perplexity's programme has recruited partners"
		}
	}
	if owner == nil && verb > 0 && hasAny(si.low, verb, start, "our") {
		// "we're excited to announce the Perplexity Publishers Program and our
		// first batch of partners": the company speaks, and names itself after the verb
		for _, m := range ms {
			if m.wi > verb && m.wj <= start && !m.brand {
				owner = m
				break
			}
		}
	}
	if owner == nil {
		return nil
	}
	have := map[*Org]bool{owner.org: true}
	for _, f := range fs {
		if f.typ == schemas.TypePartnership {
			for _, p := range f.partners {
				have[p.org] = true
			}
		}
	}
	// "licensing deals with publishers, including A": a licence bought from
	// each (LABELING.md: licences are cloud services), no partnership
	licences := hasPrefixAny(si.low, 0, start, "licens", "licenc")
	var out []frame
	for _, m := range investorsFrom(si, ms, start, len(si.low)) {
		if m.brand || m.implicit || have[m.org] {
			continue
		}
		have[m.org] = true
		if licences {
			out = append(out, frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindCloudServices,
				from: owner, to: m, directed: true, score: 1.2, sent: idx, trig: start})
			continue
		}
		out = append(out, frame{typ: schemas.TypePartnership, action: schemas.ActionFormed, partners: []*mention{owner, m},
			score: 1.2, sent: idx, trig: start})
	}
	return out
}
