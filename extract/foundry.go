package extract

import "github.com/dealwatch/dealwatch/schemas"

// Foundry orders. "Intel will make custom chips for Microsoft", "Under the
// new agreement, Intel will produce chips developed by Microsoft": the
// company whose chips a chipmaker will manufacture buys its manufacturing,
// a compute commitment from that company to the maker (r2946, r3758).

// fabVerbs manufacture chips.
var fabVerbs = map[string]bool{
	"make": true, "produce": true, "manufacture": true, "fabricate": true, "build": true,
}

// fabNouns are what a foundry manufactures.
var fabNouns = map[string]bool{
	"chip": true, "chips": true, "processor": true, "processors": true, "semiconductors": true,
	"accelerators": true, "wafers": true, "silicon": true,
}

// foundryOrder reads a chipmaker that will manufacture another company's
// chips: the customer named after "for" or after "designed by" / "developed
// by". Only a manufacture still to come ("will make", "to produce", "agreed
// to manufacture") is a deal: "TSMC makes chips for Apple" describes a
// business. fs holds the frames already found in the sentence.
func foundryOrder(si *sentenceInfo, idx int, fs []frame) []frame {
	low := si.low
	for t := 1; t+1 < len(low); t++ {
		if !(low[t-1] == "will" || low[t-1] == "to" || low[t-1] == "would") || !fabVerbs[low[t]] {
			continue
		}
		noun := -1
		for k := t + 1; k < min(len(low), t+5); k++ {
			if fabNouns[low[k]] {
				noun = k
				break
			}
		}
		if noun < 0 {
			continue
		}
		_, hi := clauseBounds(low, t)
		maker := fabSubject(si, t)
		if maker == nil || maker.org.Kind != kindChip && maker.org.Kind != kindHardware {
			continue
		}
		customer := foundryCustomer(si, maker, noun, min(hi, noun+10))
		if customer == nil || commitmentBetween(fs, customer.org, maker.org) {
			continue
		}
		return []frame{{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindCompute,
			from: customer, to: maker, directed: true, score: 1.2, sent: idx, trig: t}}
	}
	return nil
}

// fabAuxiliaries stand between a chipmaker and its manufacturing verb:
// "Intel will make", "TSMC has agreed to produce", "Samsung is set to
// manufacture".
var fabAuxiliaries = map[string]bool{
	"will": true, "would": true, "to": true, "agreed": true, "has": true, "have": true, "also": true, "is": true,
	"set": true, "plans": true, "expected": true,
}

// fabSubject is the organisation right before the manufacturing verb at t,
// past its auxiliaries. Its chips are named after it, so the mention reads
// as a hardware brand ("Intel will make custom chips"); here it is the
// maker.
func fabSubject(si *sentenceInfo, t int) *mention {
	k := t - 1
	for k >= 0 && fabAuxiliaries[si.low[k]] {
		k--
	}
	for i := range si.ments {
		if m := &si.ments[i]; m.wj == k+1 && !m.implicit {
			return m
		}
	}
	return nil
}

// foundryCustomer is the organisation after the chips that the chips are
// made for: "chips for Microsoft", "chips for computers designed by
// Microsoft", "chips developed by Microsoft".
func foundryCustomer(si *sentenceInfo, maker *mention, from, to int) *mention {
	low := si.low
	for i := range si.ments {
		m := &si.ments[i]
		if m.wi <= from || m.wi >= to || m.implicit || m.brand || m.org == maker.org || m.wi < 1 {
			continue
		}
		switch low[m.wi-1] {
		case "for":
			return m
		case "by":
			if m.wi >= 2 && (low[m.wi-2] == "designed" || low[m.wi-2] == "developed") {
				return m
			}
		}
	}
	return nil
}
