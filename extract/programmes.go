package extract

import (
	"github.com/dealwatch/dealwatch/schemas"
)

// Revenue-sharing programmes. Real news announces a programme that shares
// revenue in one sentence and names its members in a later one: "Perplexity
// ... has launched a revenue-sharing initiative called the Perplexity
// Publishers Program. It has signed several publishing partners: Time, Der
// Spiegel, Fortune, ..." (r4832); "Perplexity is set to launch its
// revenue-sharing program with six publishing partners ... The initial
// publishing partners include Time, Der Spiegel, ..." (r4528, r4004,
// r4097, r4449). The programme's owner pays each member a share of its
// revenue (LABELING.md: revenue_share), no amount told.

// programmeNouns name a scheme others join.
var programmeNouns = map[string]bool{
	"program": true, "programme": true, "initiative": true, "plan": true, "model": true, "scheme": true,
}

// memberNouns name those who joined a scheme.
var memberNouns = map[string]bool{
	"partners": true, "publishers": true, "members": true, "participants": true, "publications": true, "outlets": true,
}

// memberListOpeners open the list of members after memberNouns: "partners
// include", "partners: Time, ...", "publishers to participate ... are",
// "outlets such as", "names like".
var memberListOpeners = map[string]bool{"include": true, "includes": true, "including": true, ":": true, "are": true, "were": true, "like": true, "as": true}

// programmeWindow is how many sentences after the announcement may name
// its members.
const programmeWindow = 8

// revenueProgrammeFrames returns a revenue share from a revenue-sharing
// programme's owner to each member a following sentence lists, where no
// commitment between the two is read already.
func revenueProgrammeFrames(infos []sentenceInfo, frames []frame) []frame {
	var out []frame
	for i := range infos {
		owner := revenueProgrammeOwner(&infos[i])
		if owner == nil || sentenceModality(infos[i].low) != schemas.ModalityStated {
			continue
		}
		for j := i; j < len(infos) && j <= i+programmeWindow; j++ {
			members := programmeMembers(&infos[j], owner.org)
			if len(members) < 2 {
				continue
			}
			for _, m := range members {
				if commitmentBetween(frames, owner.org, m.org) || commitmentBetween(out, owner.org, m.org) {
					continue
				}
				from := *owner // the owner as named in the announcement, for the evidence's parties
				out = append(out, frame{
					typ: schemas.TypeCommitment, kind: schemas.KindRevenueShare, action: schemas.ActionNew,
					from: &from, to: m, sent: j, trig: m.wi, modality: schemas.ModalityStated, directed: true, score: 1,
				})
			}
			break
		}
	}
	return out
}

// revenueProgrammeOwner returns the organisation that announces a
// revenue-sharing programme in the sentence ("Perplexity ... has launched a
// revenue-sharing initiative", "Perplexity unveils revenue sharing plan
// for publishers"): the first organisation named before "revenue", or nil.
func revenueProgrammeOwner(si *sentenceInfo) *mention {
	low := si.low
	for k := 1; k < len(low); k++ {
		if low[k] != "revenue" && low[k] != "revenues" {
			continue
		}
		if !(low[k-1] == "ad" || k+1 < len(low) && (low[k+1] == "sharing" || low[k+1] == "share" || low[k+1] == "-")) {
			continue
		}
		if !hasAnyIn(low, k+1, min(len(low), k+5), programmeNouns) && !hasAnyIn(low, k-5, k, programmeNouns) {
			continue // "a revenue-sharing program", "a program to share ad revenue"
		}
		for n := range si.ments {
			if m := &si.ments[n]; m.wi < k && !m.implicit && !m.brand {
				return m
			}
		}
	}
	return nil
}

// programmeMembers returns the organisations a sentence lists as a
// scheme's members ("publishing partners include A, B and C", "several
// publishing partners: A, B, C"), other than owner, or nil.
func programmeMembers(si *sentenceInfo, owner *Org) []*mention {
	low := si.low
	ms := mentionPtrs(si)
	for k, w := range low {
		if !memberNouns[w] {
			continue
		}
		for o := k + 1; o < len(low) && o <= k+8; o++ {
			if !memberListOpeners[low[o]] || low[o] == "as" && low[o-1] != "such" {
				continue
			}
			first := firstListItem(si, ms, o+1)
			if first == nil {
				continue // "partners, including prominent names like Time, ...": the list is further on
			}
			if first.org == owner {
				return nil
			}
			out := []*mention{first}
			for _, m := range coordinatedAfter(si, ms, first) {
				if m.org != owner {
					out = append(out, m)
				}
			}
			return out
		}
	}
	return nil
}

// firstListItem is the organisation whose name starts at word k, known or
// read as a listed name the gazetteer lacks.
func firstListItem(si *sentenceInfo, ms []*mention, k int) *mention {
	if m := explicitAt(ms, k); m != nil {
		return m
	}
	return listedUnknown(si, k)
}

// hasAnyIn reports a word of set among low[lo:hi].
func hasAnyIn(low []string, lo, hi int, set map[string]bool) bool {
	for k := max(lo, 0); k < hi && k < len(low); k++ {
		if set[low[k]] {
			return true
		}
	}
	return false
}
