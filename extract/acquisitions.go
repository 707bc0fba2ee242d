package extract

import (
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

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
// seller. A takeover no other rule reads is read by takeoverInvestments
// when its price is told (the labels split on whether a takeover without
// one is a deal event at all).

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

// takenOverEnds reports that the name of the company at m ends where a
// takeover's object ends: afterTakenOver or a legal form follows it, or the
// sentence does.
func takenOverEnds(si *sentenceInfo, m *mention) bool {
	return m.wj >= len(si.low) || afterTakenOver[si.low[m.wj]] || legalForms[si.ws[m.wj].Text]
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
		if m != nil && (m.poss || !takenOverEnds(si, m)) && !unitBought(low, m.wj) {
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

// pastLegalForms returns the first word from k that is no legal form of a
// name nor its full stop: "Arm Ltd." ends before the word after "Ltd.".
func pastLegalForms(si *sentenceInfo, k int) int {
	for k < len(si.low) && (legalForms[si.ws[k].Text] || si.low[k] == ".") {
		k++
	}
	return k
}

// soldBy reports the seller of a company bought whole named just after it:
// "Arm from SoftBank", "Arm Ltd. from Japan's SoftBank Group".
func soldBy(si *sentenceInfo, target, seller *mention) bool {
	k := pastLegalForms(si, target.wj)       // "Arm Limited", "Arm Ltd."
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

// takeoverInvestments reads a takeover no other rule read, told with its
// price, as the acquirer's investment in the company it buys (LABELING.md:
// equity bought with money is an investment): "Qualcomm has agreed to buy
// Nuvia for $1.4 billion", "Samsung completed its acquisition of NeuralCore,
// a chip startup, for approximately $1.2 billion", "its $28 billion
// acquisition of Splunk". Told in the passive ("Verne Global has been
// acquired by Digital 9"), a takeover is read with or without its price.
// Acquirers named together ("DigitalBridge and IFM will buy Switch for
// $11 billion") each make one, with no amount: the price is neither's own.
func takeoverInvestments(si *sentenceInfo, idx int, out []frame) []frame {
	low := si.low
	var ms []*mention
	for t, w := range low {
		if !takeoverFilter.mayHold(w) || mergerWords[w] {
			continue
		}
		noun := takeoverNouns[w] && t+1 < len(low) && low[t+1] == "of"
		if !noun && !takeoverVerbs[w] {
			continue
		}
		if ms == nil {
			ms = mentionPtrs(si)
		}
		k := t + 1
		if noun {
			k = t + 2
		}
		lo, hi := clauseBounds(low, t)
		if !noun && k+1 < len(low) && low[k] == "by" && passiveParticiples[w] {
			// "Verne Global has been acquired by Digital 9", "agreed to be acquired by KnowBe4"
			acq := mentionAfterDescriptor(si, ms, k+1, len(low))
			target := subjectBefore(si, mentionsIn(si.ments, lo, hi), lo, t)
			if acq != nil && target != nil && acq.org != target.org && !target.poss && !committedBetween(out, acq.org, target.org) {
				out = append(out, takeoverFrame(acq, target, takeoverPrice(si, t, acq), idx, t))
			}
			continue
		}
		target := mentionAfterDescriptor(si, ms, k, len(low))
		if target == nil || target.poss || !bareDescription(low, k, target.wi) || !takenOverEnds(si, target) {
			continue
		}
		var acq *mention
		if noun {
			acq = acquirerOfNoun(si, ms, lo, hi, t, target)
		} else {
			acq = subjectBefore(si, mentionsIn(si.ments, lo, hi), lo, t)
		}
		if acq == nil || acq.org == target.org || !actsItself(low, acq, t) || committedBetween(out, acq.org, target.org) {
			continue
		}
		f := takeoverFrame(acq, target, takeoverPrice(si, t, target), idx, t)
		if f.money == nil {
			continue // "Eaton acquires Boyd Thermal": the labels split on whether a takeover without its price is an event
		}
		co := coordinatedBefore(si, ms, acq)
		if len(co) > 0 {
			f.money = nil // "DigitalBridge and IFM will acquire Switch for $11 billion": a price for both is neither's own (LABELING.md)
		}
		out = append(out, f)
		for _, c := range co {
			if c.org != target.org {
				g := f
				g.from = c
				out = append(out, g)
			}
		}
	}
	return out
}

// takeoverFrame is the investment of acquirer acq in the company it buys,
// read at word t of sentence idx.
func takeoverFrame(acq, target *mention, price *Money, idx, t int) frame {
	return frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindInvestment, from: acq, to: target,
		money: price, directed: true, score: 1.5, sent: idx, trig: t}
}

// acquirerOfNoun names who makes the takeover a noun tells: "X's acquisition
// of Y", "its acquisition of Y" (X the subject), "the acquisition of Y by X".
func acquirerOfNoun(si *sentenceInfo, ms []*mention, lo, hi, t int, target *mention) *mention {
	low := si.low
	if k := target.wj; k+1 < len(low) && low[k] == "by" {
		if m := mentionAfterDescriptor(si, ms, k+1, len(low)); m != nil {
			return m
		}
	}
	for _, m := range ms {
		if m.poss && m.wj+1 >= t-4 && m.wj < t {
			return m
		}
	}
	return subjectBefore(si, mentionsIn(si.ments, lo, hi), lo, t)
}

// committedBetween reports a commitment frame between a and b.
func committedBetween(fs []frame, a, b *Org) bool {
	for _, f := range fs {
		if f.typ == schemas.TypeCommitment && f.from != nil && f.to != nil && (f.from.org == a && f.to.org == b || f.from.org == b && f.to.org == a) {
			return true
		}
	}
	return false
}

// takeoverPrice is the price of a takeover: the amount right after "for"
// or "in" after the company bought (past a legal form and an apposition),
// or one at most five words before the takeover word with no comma or
// "and" between ("its $28 billion acquisition of Splunk").
func takeoverPrice(si *sentenceInfo, t int, target *mention) *Money {
	low := si.low
	si.readAmounts()
	k := pastLegalForms(si, target.wj) // "Calpine Corp. for"
	if k < len(low) && low[k] == "," {
		for j := k + 1; j < len(low) && j < k+25; j++ {
			if low[j] == "," {
				k = j + 1 // "Habana Labs, an Israeli start-up that develops chips, for about US$2 billion"
				break
			}
		}
	}
	for i := range si.money {
		m := &si.money[i]
		wi := wordIndexAt(si.ws, m.Start)
		if k < len(low) && (low[k] == "for" || low[k] == "in") && wi > k && wi <= k+3 { // "for $2 billion", "in a $10.1bn deal"
			return m
		}
		if wi < t && wi >= t-5 && !hasAny(low, wi, t, ",", "and") {
			return m
		}
	}
	return nil
}

// bareDescription reports that the words [k, j) before the company a
// takeover buys only describe it ("rival", "server chip startup"): no
// preposition or adverb ("complete purchases directly inside ChatGPT",
// "acquired material influence over OpenAI").
func bareDescription(low []string, k, j int) bool {
	for _, w := range low[k:j] {
		if preps[w] || strings.HasSuffix(w, "ly") || w == "“" || w == "\"" {
			return false
		}
	}
	return true
}

// actsItself reports that the acquirer named at m makes the takeover at t
// itself: no relative clause stands between ("OpenAI, which eBay partnered
// with ... users looking to purchase eBay"), and m is no modifier of a
// unit of it ("the Anthropic venture acquired Fractional AI").
func actsItself(low []string, m *mention, t int) bool {
	if m.wj < len(low) && (unitWords[low[m.wj]] || low[m.wj] == "venture" || low[m.wj] == "arm" || low[m.wj] == "fund") {
		return false
	}
	for _, w := range low[m.wj:t] {
		if w == "that" || w == "who" || w == "which" || w == "whose" {
			return false
		}
	}
	return true
}

// passiveParticiples tell a takeover in the passive before "by": "has been
// acquired by", "agreed to be acquired by", "Manus Acquired by Meta".
var passiveParticiples = map[string]bool{"acquired": true, "bought": true, "purchased": true}
