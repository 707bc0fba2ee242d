package extract

import "github.com/dealwatch/dealwatch/schemas"

// Acquisitions. Buying a whole company is buying its equity, an investment
// by LABELING.md's kinds ("equity, shares or a stake bought with money"),
// made by the acquirer in the company it buys. A commitment another rule
// reads from a sentence that tells the takeover of one of its parties
// ("Cisco agreed to buy Splunk ... for $28B in one of the largest business
// acquisitions", r4237; "announced its $28 billion all-cash acquisition of
// Splunk, marking one of the largest deals", r4238; "is terminating a $5.4
// billion agreement to acquire Tower Semiconductor", r4240) is that
// investment, not a purchase of compute or cloud services from the
// acquirer or the target; nor, when it is bought from its owner ("had
// planned to purchase Arm from SoftBank", r4313, r4408, r4853), from the
// seller. A takeover no other rule reads stays no event
// (companyBought): the labels are split on whether a plain acquisition is
// a deal event at all.

// takeoverNouns name the takeover of the company after "of".
var takeoverNouns = map[string]bool{"acquisition": true, "takeover": true, "buyout": true, "purchase": true}

// mergerWords join two companies into one: "its merger with Inphi".
var mergerWords = map[string]bool{"merger": true, "merge": true, "merges": true, "merging": true}

// unitWords name a part of a company sold whole: "Intel's NAND memory chip
// unit", "IBM's x86 server business".
var unitWords = map[string]bool{"unit": true, "units": true, "business": true, "businesses": true, "division": true, "subsidiary": true, "operations": true}

// unitOwner returns the organisation whose unit the words from k name
// ("Intel's NAND memory chip unit", "the Intel's ..."), or nil.
func unitOwner(si *sentenceInfo, ms []*mention, k int) *mention {
	if k < len(si.low) && si.low[k] == "the" {
		k++
	}
	for _, m := range ms {
		if m.wi == k && !m.implicit && unitBought(si.low, m.wj) {
			return m
		}
	}
	return nil
}

// unitBought reports a unit word within the five words after a possessive
// "'s" at k: "Intel's NAND memory chip unit for $9 billion".
func unitBought(low []string, k int) bool {
	if k >= len(low) || low[k] != "'s" && low[k] != "’s" {
		return false
	}
	k++
	for j := k; j < len(low) && j < k+5; j++ {
		if unitWords[low[j]] {
			return true
		}
		if low[j] == "," || low[j] == "." || low[j] == "for" {
			return false
		}
	}
	return false
}

// afterTakenOver may follow the company a takeover verb buys: "to buy
// Splunk, a ... company, for $28B", "to acquire Tower Semiconductor after
// China failed to sign off", "acquired X from Y".
var afterTakenOver = map[string]bool{
	"for": true, ",": true, ".": true, "in": true, "and": true, "after": true, "from": true, "at": true,
	"last": true, "earlier": true, "this": true, "on": true, "following": true,
	"—": true, "–": true, // "is buying Element AI — which has ... —"
}

// takenOver returns the organisation a sentence says is bought whole, and
// the one named last before the takeover word (its acquirer, as a rule): the
// object of a takeover verb when afterTakenOver follows it, or what follows
// "acquisition of" ("all-cash acquisition of Splunk Inc."); nil when the
// sentence tells none.
func takenOver(si *sentenceInfo) (target *mention, acquirer *Org) {
	low := si.low
	var ms []*mention
	for t, w := range low {
		var m *mention
		switch {
		case !takeoverFilter.mayHold(w):
			continue // most words are neither a takeover noun, a merger word nor a takeover verb
		case takeoverNouns[w] && t+1 < len(low) && low[t+1] == "of",
			mergerWords[w] && t+1 < len(low) && low[t+1] == "with": // "its merger with Inphi Corp."
			if ms == nil {
				ms = mentionPtrs(si)
			}
			m = mentionAfterDescriptor(si, ms, t+2, len(low))
		case takeoverVerbs[w]:
			if ms == nil {
				ms = mentionPtrs(si)
			}
			if u := unitOwner(si, ms, t+1); u != nil {
				m = u // "to buy Intel's NAND memory chip unit": a part of the company, bought from it
				break
			}
			m = mentionAfterDescriptor(si, ms, t+1, len(low))
		}
		if m != nil && (m.poss || m.wj < len(low) && !afterTakenOver[low[m.wj]] && !legalForms[si.ws[m.wj].Text]) && !unitBought(low, m.wj) {
			m = nil // "buy Nvidia's chips", "acquire Nvidia GPUs": products, not the company
		}
		if m != nil {
			for _, c := range si.ments {
				if c.wj <= t && c.org != m.org {
					acquirer = c.org // "Cisco agreed to buy", "announced its ... acquisition of"
				}
			}
			return m, acquirer
		}
	}
	return nil, nil
}

// acquisitionsAsInvestments makes a commitment between an acquirer and the
// company its sentence says it buys the acquirer's investment in it; the
// acquirer is the party named last before the takeover word.
func acquisitionsAsInvestments(infos []sentenceInfo, frames []frame) {
	for i := range frames {
		f := &frames[i]
		if f.typ != schemas.TypeCommitment || f.kind == schemas.KindInvestment || f.from == nil || f.to == nil || f.sent >= len(infos) {
			continue
		}
		si := &infos[f.sent]
		m, acquirer := takenOver(si)
		if m == nil {
			continue
		}
		switch target := m.org; {
		case target == f.from.org && acquirer == f.to.org:
			f.from, f.to = f.to, f.from
		case target == f.to.org && acquirer == f.from.org:
		case acquirer == f.from.org && soldBy(si, m, f.to):
			f.to = m // "to buy Arm from SoftBank": SoftBank sells Arm, it is not paid for compute
		default:
			continue // "after reports that OpenAI planned to acquire Windsurf": another acquirer
		}
		f.kind, f.directed = schemas.KindInvestment, true
	}
}

// soldBy reports the seller of a company bought whole named just after it:
// "Arm from SoftBank", "Arm Ltd. from Japan's SoftBank Group".
func soldBy(si *sentenceInfo, target, seller *mention) bool {
	k := target.wj
	for k < len(si.low) && (legalForms[si.ws[k].Text] || si.low[k] == ".") {
		k++ // "Arm Limited", "Arm Ltd."
	}
	if k < len(si.low) && si.low[k] == "(" { // "Arm Limited (Arm) from SBG"
		for k < len(si.low) && si.low[k] != ")" {
			k++
		}
		k++
	}
	if k >= len(si.low) || si.low[k] != "from" {
		return false
	}
	m := mentionAfterDescriptor(si, mentionPtrs(si), k+1, len(si.low))
	return m != nil && m.org == seller.org
}
