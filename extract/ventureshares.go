package extract

import (
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// Joint-venture shares. Real news tells who is in a joint venture by the
// shares each one takes: "A and B will each control a 37.5% equity interest
// in the joint venture, and C will own a 25% equity interest", "A will
// acquire an 80 percent ownership interest in the joint venture, while B
// will maintain a 20 percent interest", "Under the proposed structure, A
// will control 40% while B will own the remaining 60%" after a sentence
// about the venture; "The joint venture will be 70% owned by A, with B, C and
// D each holding a 10% stake". The owners form one partnership (the labels write it
// so: r3543, r3049, r3540, r3628, r3307); their shares are no payment between
// them.

// stakeVerbs take or keep a share of a venture.
var stakeVerbs = map[string]bool{
	"own": true, "owns": true, "owning": true, "hold": true, "holds": true, "holding": true, "control": true,
	"controls": true, "controlling": true, "maintain": true, "maintains": true, "retain": true, "retains": true,
	"keep": true, "keeps": true, "take": true, "takes": true, "taking": true, "acquire": true, "acquires": true,
}

// ventureReach is how many sentences after one naming a joint venture a
// split of shares still describes it.
const ventureReach = 3

// namesVenture reports a sentence about a joint venture: "joint venture",
// "JV".
func namesVenture(low []string) bool {
	for k, w := range low {
		if w == "jv" || w == "venture" && k > 0 && low[k-1] == "joint" {
			return true
		}
	}
	return false
}

// ventureSize reports an amount that sizes a joint venture, not a payment
// between its partners: "a $1 billion joint venture with GIC", "a joint
// venture deal worth over $1 billion with GIC" (r10696, r10697). The money
// goes to the venture, which the labels leave out unless it is named.
func ventureSize(si *sentenceInfo, m *Money) bool {
	at, end := wordIndexAt(si.ws, m.Start), wordIndexAt(si.ws, m.End)
	low := si.low
	for k := end; k < len(low) && k <= end+1; k++ {
		if low[k] == "jv" || low[k] == "joint" && k+1 < len(low) && low[k+1] == "venture" {
			return true // "a $1 billion joint venture"
		}
	}
	for k := at - 1; k >= 0 && k >= at-5; k-- {
		if low[k] == "jv" || low[k] == "venture" && k > 0 && low[k-1] == "joint" {
			return true // "a joint venture deal worth over $1 billion"
		}
		if low[k] == "," || low[k] == "in" || low[k] == "into" {
			return false // "invest in the joint venture, putting $800 million into it" names a payment
		}
	}
	return false
}

// ventureShares returns one partnership of the organisations the sentence
// gives a percentage share of a joint venture, when at least two take one.
func ventureShares(si *sentenceInfo, st *frameState, idx int, fs []frame) []frame {
	low := si.low
	if namesVenture(low) {
		st.lastVentureSent, st.ventureSeen = idx, true
	} else if !st.ventureSeen || idx-st.lastVentureSent > ventureReach {
		return nil
	}
	ms := mentionPtrs(si)
	var owners []*mention
	add := func(m *mention) {
		if !m.brand && !m.implicit {
			owners = appendNewOrg(owners, m)
		}
	}
	for _, m := range ms {
		if m.wi >= 3 && (low[m.wi-1] == "by" && (low[m.wi-2] == "owned" || low[m.wi-2] == "held" || low[m.wi-2] == "controlled")) && percentAfter(low, max(0, m.wi-6)) {
			add(m) // "will be 70% owned by TSMC"
			continue
		}
		v := stakeVerbAfter(low, m.wj)
		if v < 0 || !percentAfter(low, v+1) {
			continue
		}
		for _, c := range coordinatedBefore(si, ms, m) {
			add(c) // "A and B will each control"
		}
		add(m)
	}
	if len(owners) < 2 {
		return nil
	}
	for _, f := range fs {
		if f.typ == schemas.TypePartnership && len(f.partners) == len(owners) && sameOrgs(f.partners, owners) {
			return nil
		}
	}
	return []frame{{typ: schemas.TypePartnership, action: schemas.ActionFormed, partners: owners, score: 1.2, sent: idx, trig: owners[0].wj}}
}

// stakeVerbAfter returns the index of a share verb that follows a subject
// ending at word k ("will each control", "owning", "would retain"), or -1.
func stakeVerbAfter(low []string, k int) int {
	for j := k; j < len(low) && j <= k+3; j++ {
		switch w := low[j]; {
		case stakeVerbs[w]:
			return j
		case w == "will" || w == "would" || w == "each" || w == "to" || w == "is" || w == "set" || w == "also":
		default:
			return -1
		}
	}
	return -1
}

// percentAfter reports a percentage within the few words after k: "a 25%
// equity interest", "the remaining 60%", "an 80 percent ownership interest".
func percentAfter(low []string, k int) bool {
	for j := k; j < len(low) && j <= k+4; j++ {
		if w := low[j]; w == "%" || w == "percent" || strings.HasSuffix(w, "%") || w == "per" && j+1 < len(low) && low[j+1] == "cent" {
			return true
		}
	}
	return false
}

// sameOrgs reports whether two lists of mentions name the same
// organisations.
func sameOrgs(a, b []*mention) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			if x.org == y.org {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
