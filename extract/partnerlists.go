package extract

import (
	"slices"

	"github.com/dealwatch/dealwatch/schemas"
)

// Partner lists. Real news announces a programme's or a company's partners
// as a list: "X has recruited its first batch of partners, including A, B
// and C", "our first partners: A, B and C", "X has signed licensing deals
// with several news publishers, including A and B". The organisation whose
// partners they are forms a partnership with each one named.

// partnerGroupNouns name the group a list of partners is drawn from.
var partnerGroupNouns = map[string]bool{
	"partners": true, "publishers": true, "outlets": true, "companies": true, "firms": true, "organisations": true,
	"organizations": true, "media": true, "operators": true, "banks": true, "carriers": true, "entities": true,
	"institutions": true, "insurers": true, "automakers": true, "carmakers": true, "telcos": true,
}

// partnerFormVerbs announce partners as news.
var partnerFormVerbs = []string{"recruited", "recruits", "announce", "announced", "announces", "signed", "signs", "added",
	"adds", "welcomed", "welcomes", "unveiled", "unveils", "onboarded", "launched", "launches", "named", "names", "struck", "inked"}

// partnerDealNouns are the deals a list of partners may be announced by:
// "signed deals with several publishers, including A and B".
var partnerDealNouns = map[string]bool{
	"deals": true, "agreements": true, "partnerships": true, "alliances": true, "collaborations": true, "tie-ups": true,
}

// partneringVerbs partner by themselves: "is partnering with several Indian
// entities including A, B and C" needs no announcing verb.
var partneringVerbs = map[string]bool{"partnering": true, "collaborating": true}

// partnerListStart returns the word where a list of partners starts in the
// sentence, or -1: after "partners, including", "partners include",
// "partners:", "deals with several publishers, including" or "partnering
// with 15 media outlets like". selfNews tells that the words themselves
// announce the partnerships ("partnering with"), so no announcing verb is
// needed.
func partnerListStart(low []string) (start int, selfNews bool) {
	for k, w := range low {
		dealt := (partnerDealNouns[w] || partneringVerbs[w]) && hasAny(low, k+1, min(len(low), k+3), "with")
		if w != "partners" && !dealt {
			continue
		}
		g := k
		if dealt {
			// "deals with several news publishers", "partnerships with 15 new
			// media outlets": the last group noun after "with"
			g = -1
			for q := k + 2; q < len(low) && q <= k+7; q++ {
				if partnerGroupNouns[low[q]] {
					g = q
				} else if g >= 0 {
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
			return q + 1, partneringVerbs[w]
		case q+1 < len(low) && low[q] == "such" && low[q+1] == "as":
			return q + 2, partneringVerbs[w]
		}
	}
	return -1, false
}

// partnerList reads the partnerships of a list of partners: the owner of
// the list (the possessor of "partners" or the sentence's subject) with
// each organisation listed.
func partnerList(si *sentenceInfo, idx int, fs []frame) []frame {
	start, selfNews := partnerListStart(si.low)
	if start < 0 || !selfNews && !hasAny(si.low, 0, start, partnerFormVerbs...) || hasAny(si.low, 0, start, "already", "since", "existing", "previously") {
		return nil // "partners such as A": who partners already; "recruited its first partners, including A": news
	}
	verb := 0
	for verb < start && !hasAny(si.low, verb, verb+1, partnerFormVerbs...) && !partneringVerbs[si.low[verb]] {
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

// Contracts awarded to a list. "The Pentagon has awarded $200 million in
// contracts to Anthropic, Google, OpenAI and xAI", "contracts were awarded
// to Google, Oracle, Amazon and Microsoft": the payer commits to each
// recipient; a total told for all of them is no one's (LABELING.md: a
// combined amount gives each an event with amount null). "Worth $N each"
// is eachRecipient's.

// awardedToList returns the sentence's frames with one commitment per
// recipient of a list after "awarded ... to".
func awardedToList(si *sentenceInfo, idx int, fs []frame) []frame {
	low := si.low
	verb := -1
	for k, w := range low {
		if w == "awarded" || w == "awards" || w == "award" || w == "granted" {
			verb = k
			break
		}
	}
	if verb < 0 || hasAny(low, verb, len(low), "each") {
		return fs
	}
	to := -1
	for k := verb + 1; k < len(low) && k <= verb+16; k++ {
		if low[k] == "to" && low[k-1] != "up" { // "worth up to $9 billion to A, B and C"
			to = k
			break
		}
		if low[k] == "." || low[k] == ";" {
			break
		}
	}
	if to < 0 {
		return fs
	}
	ms := mentionPtrs(si)
	recipients := investorsFrom(si, ms, to+1, len(low))
	if k := describedListStart(low, to+1); len(recipients) < 2 && k > 0 {
		recipients = investorsFrom(si, ms, k, len(low)) // "to five of the largest cloud providers including A, B, C and D"
	}
	if len(recipients) < 2 || !aiRecipients(recipients) && !hasPrefixAny(low, 0, len(low), "cloud", "artificial", "gpu", "comput") && !hasAny(low, 0, len(low), "ai") {
		return fs // "NASA awarded task orders to A, B and C for lunar landers": no AI or cloud deal
	}
	var payer *mention
	for _, m := range ms {
		if m.wj <= verb && !m.brand && (m.wi == 0 || !preps[low[m.wi-1]]) {
			payer = m // the subject: "The Pentagon has awarded", "The Pentagon announced that contracts were awarded"
			break
		}
	}
	if payer == nil {
		return fs
	}
	out := fs[:0:0]
	for _, f := range fs {
		if f.typ == schemas.TypeCommitment && f.from != nil && f.from.org == payer.org && f.to != nil && slices.ContainsFunc(recipients, func(m *mention) bool { return m.org == f.to.org }) {
			continue // read again below, without the total
		}
		out = append(out, f)
	}
	for _, m := range recipients {
		if m.org == payer.org || m.implicit || m.brand {
			continue
		}
		out = append(out, frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: commitmentKind(si, verb, len(low), m),
			from: payer, to: m, directed: true, untold: true, score: 1.5, sent: idx, trig: verb})
	}
	return out
}

// passiveAward reads contracts awarded to the sentence's subjects by a
// payer after "by" or "from" ("Amazon Web Services has been awarded a $10
// billion cloud contract by the National Security Agency", "Anthropic,
// Google, OpenAI and xAI have all been awarded up to $200 million in
// contracts from the Pentagon"): a commitment from the payer to each. An
// amount told for several recipients is each one's only when "all" or
// "each" says so. fs holds the frames already found in the sentence.
func passiveAward(si *sentenceInfo, idx int, fs []frame) []frame {
	low := si.low
	verb := -1
	for k := 1; k < len(low); k++ {
		if (low[k] == "awarded" || low[k] == "granted") && passiveAux[low[k-1]] {
			verb = k
			break
		}
	}
	if verb < 0 {
		return nil
	}
	lo, hi := clauseBounds(low, verb)
	var payer *mention
	for i := range si.ments {
		m := &si.ments[i]
		if m.wi <= verb+1 || m.wi >= min(hi, verb+16) || m.brand || m.implicit {
			continue
		}
		j := m.wi - 1
		if determiners[low[j]] {
			j-- // "from the Pentagon"
		}
		if low[j] == "by" || low[j] == "from" {
			payer = m
			break
		}
	}
	if payer == nil {
		return nil
	}
	var recipients []*mention
	for i := range si.ments {
		m := &si.ments[i]
		if m.wi < lo || m.wj > verb || m.brand || m.implicit || m.org == payer.org || m.wi > 0 && preps[low[m.wi-1]] {
			continue
		}
		if len(recipients) > 0 && !hasAny(low, recipients[len(recipients)-1].wj, m.wi, ",", "and") {
			recipients = recipients[:0] // not a list: the subject is the last name before the verb
		}
		recipients = append(recipients, m)
	}
	if len(recipients) == 0 {
		return nil
	}
	money := firstOwnAmount(si, verb, payer.wi)
	untold := false
	if len(recipients) > 1 && money != nil && !hasAny(low, recipients[0].wi, min(hi, payer.wi), "all", "each") {
		money, untold = nil, true // a total for several recipients is no one's
	}
	var out []frame
	for _, m := range recipients {
		if commitsTo(fs, payer.org, m.org) {
			continue
		}
		out = append(out, frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: commitmentKind(si, verb, len(low), m),
			from: payer, to: m, money: money, untold: untold, directed: true, score: 1.5, sent: idx, trig: verb})
	}
	return out
}

// directAward reads an award whose recipients are the verb's first object:
// "The National Security Agency has awarded Amazon a cloud contract worth
// up to $10 billion", "The Department of Defense has awarded Amazon,
// Google, Microsoft and Oracle positions on its $9 billion cloud contract".
// The subject commits to each recipient; the amount is the recipient's own
// only when there is one recipient. The award replaces the commitments
// other readers made in the sentence between its payer or a recipient and
// anyone else ("..., prompting an appeal from Microsoft" names no seller).
func directAward(si *sentenceInfo, idx int, fs []frame) []frame {
	low := si.low
	verb := -1
	for k := 1; k+1 < len(low); k++ {
		if (low[k] == "awarded" || low[k] == "awards" || low[k] == "award") && !passiveAux[low[k-1]] {
			verb = k
			break
		}
	}
	if verb < 0 {
		return fs
	}
	ms := mentionPtrs(si)
	recipients := investorsFrom(si, ms, verb+1, len(low))
	if len(recipients) == 0 || recipients[0].wi != verb+1 {
		return fs // "awarded a contract to X" is awardedToList's, or the general reader's
	}
	end := recipients[len(recipients)-1].wj
	if !hasAny(low, end, min(len(low), end+8), awardedObjects...) {
		return fs // "awarded Nvidia its supplier of the year prize": no contract this reader reads
	}
	lo, _ := clauseBounds(low, verb)
	var payer *mention
	for _, m := range ms {
		if m.wi >= lo && m.wj <= verb && !m.brand && !m.implicit && (m.wi == 0 || !preps[low[m.wi-1]]) {
			payer = m // the subject
			break
		}
	}
	if payer == nil {
		return fs
	}
	involved := func(o *Org) bool {
		return o == payer.org || slices.ContainsFunc(recipients, func(m *mention) bool { return m.org == o })
	}
	var money *Money
	if len(recipients) == 1 {
		money = firstOwnAmount(si, end, len(low))
	}
	out := fs[:0:0]
	for _, f := range fs {
		if f.typ == schemas.TypeCommitment && f.from != nil && f.to != nil && (involved(f.from.org) || involved(f.to.org)) {
			continue // read again below
		}
		out = append(out, f)
	}
	for _, m := range recipients {
		if m.org == payer.org || m.brand || m.implicit {
			continue
		}
		out = append(out, frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: commitmentKind(si, verb, len(low), m),
			from: payer, to: m, money: money, untold: money == nil && len(recipients) > 1, directed: true, score: 1.5, sent: idx, trig: verb})
	}
	return out
}

// firstOwnAmount returns the first amount with a value that starts at a
// word strictly between after and before and is no one else's (ownAmount),
// or nil: the amount of an award told after its verb.
func firstOwnAmount(si *sentenceInfo, after, before int) *Money {
	for i := range si.money {
		if wi := wordIndexAt(si.ws, si.money[i].Start); wi > after && wi < before && si.money[i].Value != nil && si.ownAmount(i) {
			return &si.money[i]
		}
	}
	return nil
}

// awardedObjects are what an award to a named recipient gives when it is a
// deal.
var awardedObjects = []string{"contract", "contracts", "deal", "positions", "orders", "agreement"}

// describedListStart returns where a list begins after a description of
// its items that starts at k ("five of the largest cloud providers
// including", "four major tech companies:", "companies such as"), or -1.
func describedListStart(low []string, k int) int {
	for j := k; j < len(low) && j <= k+9; j++ {
		switch low[j] {
		case ":", "including":
			return j + 1
		case "as":
			if j > k && low[j-1] == "such" {
				return j + 1
			}
		case ".", ";", ",":
			return -1
		}
	}
	return -1
}

// aiRecipients reports a list with an AI lab, a cloud, a neocloud, a chip
// maker or a software company in it.
func aiRecipients(ms []*mention) bool {
	for _, m := range ms {
		switch m.org.Kind {
		case kindLab, kindCloud, kindNeocloud, kindChip, kindSoftware:
			return true
		}
	}
	return false
}

// Joint vehicles. "Brookfield and the Qatar Investment Authority have
// announced a joint $20 billion investment platform", "QIA and Blue Owl
// Capital are launching a $3 billion digital infrastructure platform": two
// organisations that launch a platform, fund or venture together form a
// partnership (the labels call it one); its size is no payment between them.

// vehicleVerbs launch a joint vehicle.
var vehicleVerbs = map[string]bool{
	"launch": true, "launches": true, "launched": true, "launching": true, "announced": true, "announce": true,
	"announces": true, "form": true, "formed": true, "forming": true, "create": true, "created": true, "creating": true,
	"establish": true, "established": true, "establishing": true, "unveiled": true, "unveil": true, "unveils": true,
}

// vehicleNouns are what two partners launch together.
var vehicleNouns = map[string]bool{
	"platform": true, "venture": true, "fund": true, "vehicle": true,
	"cloud": true, "campus": true, "initiative": true, "project": true, "hub": true, "factory": true, // "A, B and C are launching an AI cloud" (r2521, r2965)
}

// jointVehicle returns a partnership of the coordinated subjects of a
// vehicle verb whose object is a platform, fund or venture.
func jointVehicle(si *sentenceInfo, idx int, fs []frame) []frame {
	low := si.low
	for v, w := range low {
		if !vehicleVerbFilter.mayHold(w) || !vehicleVerbs[w] {
			continue
		}
		obj := -1
		for k := v + 1; k < len(low) && k <= v+9; k++ {
			if vehicleNouns[low[k]] {
				obj = k
				break
			}
			if low[k] == "," || low[k] == "." || low[k] == "with" || low[k] == "to" || low[k] == "for" {
				break
			}
		}
		if obj < 0 {
			continue
		}
		ms := mentionPtrs(si)
		var subj *mention
		for _, m := range ms {
			if m.wj <= v && m.wj >= v-3 && !m.implicit && !m.brand {
				subj = m // "A and B are launching": the subject right before the verb
			}
		}
		if subj == nil {
			return nil
		}
		parts := append(coordinatedBefore(si, ms, subj), subj)
		if len(parts) < 2 {
			return nil
		}
		for _, f := range fs {
			if f.typ == schemas.TypePartnership {
				return nil // the frames read the partnership already
			}
		}
		return []frame{{typ: schemas.TypePartnership, action: schemas.ActionFormed, partners: parts, score: 1.3, sent: idx, trig: v}}
	}
	return nil
}
