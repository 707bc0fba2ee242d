package extract

import (
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

var irregularParticiples = map[string]bool{
	"built": true, "run": true, "made": true, "owned": true, "held": true, "driven": true, "written": true,
	"hosted": true, "operated": true, "powered": true, "designed": true, "developed": true, "founded": true,
	"created": true, "manufactured": true, "supplied": true, "provided": true, "produced": true, "managed": true,
}

// otherVerbsAgent reports a "by" (at index by) that introduces the agent of
// another participle than the trigger at t: "access to GPUs hosted by AWS",
// "chips made by TSMC". "$38 billion spent by X", "a round led by X" and "an
// investment of $5 billion by X" keep their agent.
func otherVerbsAgent(low []string, by, t int) bool {
	if by < 1 || by-1 == t {
		return false
	}
	p := low[by-1]
	switch p {
	case "led", "co-led", "backed", "funded", "financed", "joined", "spent", "paid", "invested", "committed", "signed", "made":
		return false
	}
	// Only participles that name what a provider does with hardware or a
	// company: a general "-ed" test also caught agents of the deal itself.
	return irregularParticiples[p]
}

// frontedWith returns X in a sentence opening "With X, ..." before the
// trigger at t: "With Meta, it formed a joint venture".
func frontedWith(si *sentenceInfo, t int) *mention {
	if len(si.low) < 3 || si.low[0] != "with" {
		return nil
	}
	for i := range si.ments {
		m := &si.ments[i]
		if m.wi == 1 && !m.implicit && !m.brand && m.wj < t && m.wj < len(si.low) && si.low[m.wj] == "," {
			return m
		}
	}
	return nil
}

// frontedPrepObject reports a name in a sentence-opening prepositional
// phrase, "With Meta, it formed ...": not what "it" refers to.
func frontedPrepObject(low []string, i, j int) bool {
	if i != 1 || j >= len(low) || low[j] != "," {
		return false
	}
	switch low[0] {
	case "with", "like", "unlike", "for", "beyond", "besides", "alongside":
		return true
	}
	return false
}

// productNamed reports whether one of org's products ("Claude", "Azure") is
// named in [lo, hi) of the sentence: in a deal between two organisations of
// the same sort, the one whose product is delivered is the seller.
func (x *Extractor) productNamed(si *sentenceInfo, org *Org, lo, hi int) bool {
	for i := range si.ments {
		m := &si.ments[i]
		if m.org != org || m.implicit || m.wi < lo || m.wi >= hi {
			continue
		}
		if e, n, ok := x.gaz.match(si.ws, m.wi); ok && e.product && n == m.wj-m.wi {
			return true
		}
	}
	return false
}

// objectOfPayment reports "it" as the recipient of a payment or supply verb:
// "IREN said Microsoft would pay it $9.7 billion".
func objectOfPayment(low []string, i int) bool {
	if i == 0 || low[i] != "it" {
		return false
	}
	switch low[i-1] {
	case "pay", "pays", "paid", "paying", "give", "gives", "gave", "giving", "award", "awarded", "awards":
		return true
	}
	return false
}

// dropBrandCounterparties removes, within one sentence, a commitment to the
// maker of the hardware named as a brand ("Nvidia GPUs") when the same buyer
// has a commitment with a named provider in that sentence: "Lambda has
// signed an agreement with Microsoft to deploy tens of thousands of Nvidia
// GPUs" is one deal, Microsoft–Lambda.
func dropBrandCounterparties(fs []frame) []frame {
	isBrandDeal := func(f frame) bool {
		return f.typ == schemas.TypeCommitment && f.kind == schemas.KindCompute && f.to != nil && f.to.brand
	}
	out := fs[:0]
	for i, f := range fs {
		if f.typ == schemas.TypeCommitment && f.from != nil && f.from.brand && f.kind != schemas.KindInvestment {
			continue // "will host Nvidia GB200 racks": hardware named by its maker buys nothing
		}
		if isBrandDeal(f) && (f.money == nil || f.money.Value == nil) {
			other := false
			for j, g := range fs {
				if j != i && g.typ == schemas.TypeCommitment && !isBrandDeal(g) && g.to != nil && g.from != nil &&
					(g.from.org == f.from.org || g.to.org == f.from.org) && g.to.org != f.to.org && g.from.org != f.to.org {
					other = true
					break
				}
			}
			if other {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// rentVerbs hire hardware for a time: the maker of the hardware is not who
// rents it out.
var rentVerbs = map[string]bool{
	"rent": true, "rents": true, "renting": true, "rented": true, "lease": true, "leases": true, "leasing": true,
	"leased": true, "access": true, "hosted": true,
}

// hostPreps introduce who hosts rented hardware: "hosted at IREN's data
// centre", "from neocloud Nscale", "through Lambda's cloud".
var hostPreps = map[string]bool{"at": true, "from": true, "through": true, "by": true, "via": true, "on": true}

// rentedFromMaker reads hardware rented by its maker's name: "will rent
// 30,000 Nvidia Vera Rubin chips", "access to Nvidia systems hosted at
// IREN's data centre". The maker rents nothing out; the cloud named in the
// sentence does. Without one, a contract with its value stays with the
// maker, the only party named, and a bare mention of rented chips is no
// deal.
func rentedFromMaker(si *sentenceInfo, fs []frame) []frame {
	out := fs[:0]
	for _, f := range fs {
		if f.typ != schemas.TypeCommitment || f.kind != schemas.KindCompute || f.to == nil || !f.to.brand && f.to.org.Kind != kindChip || f.from == nil ||
			f.trig < 0 || f.trig >= len(si.low) || !rentVerbs[si.low[f.trig]] && !hasAny(si.low, f.trig, len(si.low), "hosted") {
			out = append(out, f)
			continue
		}
		var cloud *mention // the cloud named after the verb: "hosted at IREN's data centre", "from neocloud X"
		for i := range si.ments {
			m := &si.ments[i]
			if m.wi > f.trig && !m.implicit && !m.brand && m.org != f.from.org && m.org != f.to.org && (m.org.Kind == kindNeocloud || m.org.Kind == kindCloud) &&
				(hostPreps[si.low[max(0, m.wi-1)]] || m.wi >= 2 && hostPreps[si.low[m.wi-2]] && !determiners[si.low[m.wi-1]] && si.low[m.wi-1] != "this" && si.low[m.wi-1] != "that") {
				cloud = m
				break
			}
		}
		if cloud == nil && makersOwnCloud(si, f) {
			out = append(out, f) // "rent Nvidia GPU capacity through DGX Cloud": the maker's own cloud rents it out
			continue
		}
		if cloud == nil {
			if f.money != nil && f.money.Value != nil {
				out = append(out, f) // "a $750 million contract to lease Nvidia GPUs": the only party named
			}
			continue
		}
		f.to = cloud
		out = append(out, f)
	}
	return out
}

// makersOwnCloud reports the maker's own cloud named after the verb ("through
// DGX Cloud").
func makersOwnCloud(si *sentenceInfo, f frame) bool {
	for i := range si.ments {
		if m := &si.ments[i]; m.wi > f.trig && m.org == f.to.org && !m.brand && !m.implicit {
			return true
		}
	}
	return false
}

// coordinatedPartner returns B when the sentence opens with "A and B" and
// from is A (or A when from is B): the other side of the pair the sentence
// is about.
func coordinatedPartner(si *sentenceInfo, from *mention) *mention {
	var first, second *mention
	for i := range si.ments {
		m := &si.ments[i]
		if m.implicit || m.brand {
			continue
		}
		if first == nil {
			if m.wi > 2 {
				return nil
			}
			first = m
			continue
		}
		if m.wi == first.wj+1 && si.low[first.wj] == "and" {
			second = m
		}
		break
	}
	if first == nil || second == nil || first.org == second.org {
		return nil
	}
	switch from.org {
	case first.org:
		return second
	case second.org:
		return first
	}
	return nil
}

// reporterOf returns the organisation named right before a reporting verb
// that precedes the pronoun at i: "Nvidia said it would invest" (it =
// Nvidia), whatever was named earlier in the sentence.
func reporterOf(out []mention, low []string, i int) *Org {
	if i < 2 || !reportVerbs[low[i-1]] && !(low[i-1] == "that" && i >= 3 && reportVerbs[low[i-2]]) {
		return nil
	}
	end := i - 1
	if low[i-1] == "that" {
		end = i - 2
	}
	if end > 0 && low[end-1] == "," {
		// "after Perplexity, the AI search company, said it ...": skip the apposition
		for c := end - 2; c > 0 && c >= end-9; c-- {
			if low[c] == "," {
				end = c
				break
			}
		}
	}
	for k := len(out) - 1; k >= 0; k-- {
		if out[k].wj == end && !out[k].brand {
			return out[k].org
		}
	}
	return nil
}

// objectDescriptorNot returns the organisation a generic descriptor at i
// cannot be when it is the object of a preposition: the subject of its
// clause ("Nvidia said it would invest $5 billion in the chipmaker" – the
// chipmaker is not Nvidia).
func objectDescriptorNot(out []mention, low []string, i int) *Org {
	if i < 2 || !preps[low[i-2]] {
		return nil
	}
	for k := len(out) - 1; k >= 0; k-- {
		m := out[k]
		if (m.wi == 0 || !preps[low[m.wi-1]]) && m.wj < len(low) && subjectFollowers[low[m.wj]] {
			return m.org // a subject: a name followed by its verb
		}
	}
	return nil
}

// participleCounterparty returns, for a payment told in a participle clause
// after a comma (", paying roughly $1 billion a year"), the organisation the
// main clause named last other than the payer: "Apple has chosen Google's
// Gemini to power Siri, paying ..." pays Google.
func participleCounterparty(si *sentenceInfo, from *mention, t int) *mention {
	if t < 2 || si.low[t-1] != "," || !strings.HasSuffix(si.low[t], "ing") {
		return nil
	}
	for i := len(si.ments) - 1; i >= 0; i-- {
		m := &si.ments[i]
		if m.wj > t || m.implicit || m.org == from.org {
			continue
		}
		return m
	}
	return nil
}

// describedByOf reports a partnership noun at t followed by "of" or
// "between" ("the joint venture of OpenAI and SoftBank"): with a definite
// article after a comma it is an apposition describing a name.
func describedByOf(low []string, t int) bool {
	k := t + 1
	if k < len(low) && low[t] == "joint" {
		k++ // "joint venture"
	}
	return k < len(low) && (low[k] == "of" || low[k] == "between")
}

// coordinatedAcrossApposition returns A in "A, the Abu Dhabi technology
// investor, and B": the name coordinated with subj across an apposition.
func coordinatedAcrossApposition(si *sentenceInfo, subj *mention) *mention {
	low := si.low
	if subj.wi < 4 || low[subj.wi-1] != "and" || low[subj.wi-2] != "," {
		return nil
	}
	for k := subj.wi - 3; k > 0 && k >= subj.wi-10; k-- {
		if low[k] != "," {
			continue
		}
		if k+1 >= len(low) || low[k+1] != "the" && low[k+1] != "a" && low[k+1] != "an" {
			return nil
		}
		for i := range si.ments {
			m := &si.ments[i]
			if m.wj == k && !m.implicit && !m.brand && m.org != subj.org {
				return m
			}
		}
		return nil
	}
	return nil
}

// descriptorTriggerNoun are trigger words that also describe an
// organisation before its name: "the sovereign fund GIC", "the investment
// firm KKR".
var descriptorTriggerNoun = map[string]bool{"fund": true, "funds": true, "investment": true}

// placePossessive reports "Singapore's" or "South Korea's" starting at word
// k: a place of up to three words in the possessive, which describes the
// organisation named after it.
func placePossessive(si *sentenceInfo, k int) bool {
	for n := k; n >= 0 && n < k+3 && n+1 < len(si.low) && places[si.ws[n].Text]; n++ {
		if si.low[n+1] == "'s" {
			return true
		}
	}
	return false
}

// personPossessive reports a person's name in the possessive starting at
// word k ("Elon Musk's xAI", "Peter Thiel's Founders Fund"): one to three
// capitalised words no organisation mention covers, then 's. It returns the
// index just after the 's, or -1.
func personPossessive(si *sentenceInfo, k int) int {
	if k < 0 || k >= len(si.ws) || !givenNames[si.low[k]] {
		return -1
	}
	for j := k; j < len(si.ws) && j < k+3; j++ {
		if !isCapitalised(si.ws[j].Text) {
			return -1
		}
		for i := range si.ments {
			if m := &si.ments[i]; m.wi <= j && j < m.wj && !m.implicit {
				return -1
			}
		}
		if j+1 < len(si.low) && (si.low[j+1] == "'s" || si.low[j+1] == "’s") {
			return j + 2
		}
	}
	return -1
}

// separatePartnerships reads "has formed new strategic partnerships with
// Microsoft and with Nvidia": two pairwise partnerships, not one three-way
// one. f is the frame read for the first object; each further "with Y" after
// it gives the subject's side a partnership with Y.
func separatePartnerships(si *sentenceInfo, f frame, t int) []frame {
	low := si.low
	var subj []*mention
	var obj *mention
	for _, p := range f.partners {
		if p.wi < t {
			subj = append(subj, p)
		} else if obj == nil || p.wi < obj.wi {
			obj = p
		}
	}
	if len(subj) == 0 || obj == nil {
		return nil
	}
	plural := low[t] == "partnerships" || low[t] == "alliances" || low[t] == "collaborations"
	if plural {
		// "A, B and C announced partnerships with D and E": each of the
		// subjects with each of the objects, pairwise
		objs := []*mention{obj}
		for _, m := range coordinatedAfter(si, mentionPtrs(si), obj) {
			if !m.implicit && !m.brand {
				objs = append(objs, m)
			}
		}
		if len(subj) > 1 || len(objs) > 1 {
			var pairs []frame
			for _, a := range subj {
				for _, b := range objs {
					if a.org != b.org {
						g := f
						g.partners = []*mention{a, b}
						pairs = append(pairs, g)
					}
				}
			}
			return pairs
		}
	}
	var out []frame
	for i := range si.ments {
		m := &si.ments[i]
		if m.wi <= obj.wj || m.implicit || m.brand || m.wi < 2 || low[m.wi-1] != "with" {
			continue
		}
		// "with X and with Y", or "partnerships with X and Y" (plural noun)
		if !(low[m.wi-2] == "and" || plural && low[m.wi-2] == ",") {
			continue
		}
		dup := false
		for _, p := range f.partners {
			if p.org == m.org {
				dup = true
			}
		}
		if dup {
			continue
		}
		g := f
		g.partners = append(append([]*mention{}, subj...), m)
		out = append(out, g)
	}
	return out
}

// describedListBefore returns the names listed before subj ("A, B and subj")
// where an item may carry a description before its name: "MGX, France's
// public investment bank Bpifrance, Mistral AI and Nvidia formed a joint
// venture".
func describedListBefore(si *sentenceInfo, subj *mention) []*mention {
	low := si.low
	var out []*mention
	end := subj.wi // the list item ends before end
	for {
		k := end - 1
		if k >= 0 && low[k] == "and" {
			k--
		}
		if k < 0 || low[k] != "," && !(k == end-1 && low[end-1] == "and") {
			if !(k >= 0 && low[k+1] == "and") {
				break
			}
		}
		if low[k] == "," {
			k--
		}
		// the item: a name ending at k+1, possibly preceded by a description
		var item *mention
		for i := range si.ments {
			m := &si.ments[i]
			if m.wj == k+1 && !m.implicit && !m.brand {
				item = m
			}
		}
		if item == nil {
			break
		}
		start := item.wi
		for j := item.wi - 1; j >= 0 && j >= item.wi-6; j-- {
			if low[j] == "," {
				break
			}
			if placePossessive(si, j) || low[j] == "'s" || !isCapitalised(si.ws[j].Text) && !preps[low[j]] && triggerWords[low[j]] == trNone || descriptorTriggerNoun[low[j]] {
				start = j
				continue
			}
			return out // something else than a description: not a list
		}
		out = append(out, item)
		end = start
		if end == 0 || low[end-1] != "," {
			break
		}
	}
	return out
}

// ownerInDescription reports a name at i that describes who owns or backs
// another organisation ("the AI company owned by Saudi Arabia's Public
// Investment Fund", "a unit of SoftBank"): it does not become one of "the
// two" companies the article is about.
func ownerInDescription(low []string, i int) bool {
	j := i - 1
	for j >= 1 && j >= i-4 && low[j] != "by" && low[j] != "of" {
		j-- // skip "Saudi Arabia's" before the name
	}
	if j < 1 {
		return false
	}
	switch {
	case low[j] == "by":
		switch low[j-1] {
		case "owned", "backed", "controlled", "funded", "chaired", "majority-owned", "wholly-owned":
			return true
		}
	case low[j] == "of":
		switch low[j-1] {
		case "unit", "subsidiary", "arm", "division", "affiliate", "part", "portfolio":
			return true
		}
	}
	return false
}

// possessiveOfPersonEndingAt reports whether word k belongs to a person's
// possessive ("Elon", "Musk" or "'s" of "Elon Musk's").
func possessiveOfPersonEndingAt(si *sentenceInfo, k int) bool {
	for start := k; start >= 0 && start >= k-3; start-- {
		if end := personPossessive(si, start); end > k {
			return true
		}
	}
	return false
}
