package extract

import "github.com/dealwatch/dealwatch/schemas"

// A partner by role: "OpenAI named Nvidia a preferred compute and networking
// partner", "OpenAI has agreed to treat Nvidia as a preferred strategic
// partner", "OpenAI will work with AMD as a core strategic compute partner".
// The one who names, treats or works with the other forms a partnership
// with it.

// roleVerbs give the organisation after them a role ("named X a partner").
var roleVerbs = map[string]bool{
	"named": true, "names": true, "name": true, "treat": true, "treats": true, "treated": true, "designated": true,
	"designates": true, "designate": true, "selected": true, "selects": true, "select": true, "chose": true, "chosen": true,
	"chooses": true, "choose": true, "picked": true, "picks": true, "pick": true, "tapped": true, "taps": true, "tap": true,
	"made": true, "makes": true, "make": true, "appointed": true, "appoints": true, "appoint": true,
}

var workVerbs = map[string]bool{"work": true, "works": true, "worked": true, "working": true}

// roleDeterminers open the role noun phrase.
var roleDeterminers = map[string]bool{"a": true, "an": true, "its": true, "their": true, "the": true, "our": true, "his": true, "her": true}

// partnerByRole reads a partnership stated as a role the subject gives the
// other organisation.
func partnerByRole(si *sentenceInfo, idx int) []frame {
	low := si.low
	var out []frame
	for t := 2; t < len(low); t++ {
		if low[t] != "partner" {
			continue
		}
		// back over the role's modifiers to its determiner
		det := -1
		for k := t - 1; k >= 0 && k >= t-7; k-- {
			w := low[k]
			if roleDeterminers[w] {
				det = k
				break
			}
			if w == "“" || w == "\"" || w == "-" || w == "and" || isLowerWord(si.ws[k].Text) {
				continue
			}
			break
		}
		if det < 1 {
			continue
		}
		k := det - 1
		if low[k] == "as" {
			k--
		}
		if k < 0 {
			continue
		}
		y := namedMentionEndingAt(si, k+1)
		if y == nil {
			continue
		}
		v := y.wi - 1
		if v < 0 {
			continue
		}
		switch {
		case roleVerbs[low[v]]:
		case low[v] == "with" && v > 0 && workVerbs[low[v-1]]:
			v--
		default:
			continue
		}
		lo, _ := clauseBounds(low, v)
		x := subjectBefore(si, mentionPtrs(si), lo, v)
		if x == nil || x.org == y.org || x.brand {
			continue
		}
		out = append(out, frame{typ: schemas.TypePartnership, action: schemas.ActionFormed, partners: []*mention{x, y},
			score: 1.2, sent: idx, trig: t})
	}
	return out
}

// isLowerWord reports a word written in lower case (a modifier such as
// "preferred", "strategic", "compute").
func isLowerWord(s string) bool {
	return s != "" && !isCapitalised(s) && isAlnumByte(s[0])
}

// supplierListNouns name a buyer's roster of suppliers.
var supplierListNouns = map[string]bool{"providers": true, "suppliers": true, "partners": true, "vendors": true}

// addedToSuppliers reads "OpenAI has added Google Cloud to its list of
// cloud providers": the subject buys from the organisation it added, cloud
// services from a list of cloud providers or from a hyperscaler, compute
// from a neocloud on a list of compute or infrastructure providers.
func addedToSuppliers(si *sentenceInfo, idx int) []frame {
	low := si.low
	for t, w := range low {
		if w != "added" && w != "adds" && w != "adding" {
			continue
		}
		ms := mentionPtrs(si)
		seller := mentionAfterDescriptor(si, ms, t+1, min(len(low), t+4))
		if seller == nil || seller.implicit {
			continue
		}
		k := seller.wj
		if k+3 >= len(low) || low[k] != "to" || low[k+1] != "its" && low[k+1] != "their" || low[k+2] != "list" && low[k+2] != "roster" && low[k+2] != "lineup" && low[k+2] != "stable" {
			continue
		}
		end := -1
		for j := k + 3; j < len(low) && j <= k+7; j++ {
			if supplierListNouns[low[j]] {
				end = j
				break
			}
		}
		if end < 0 {
			continue
		}
		if !hasAny(low, k+3, end, "cloud", "compute", "computing", "infrastructure", "gpu", "capacity") {
			continue
		}
		kind := schemas.KindCompute
		if hasAny(low, k+3, end, "cloud") || seller.org.Kind == kindCloud {
			kind = schemas.KindCloudServices // a hyperscaler's platform (LABELING.md)
		}
		buyer := subjectBefore(si, ms, 0, t)
		if buyer == nil || buyer.org == seller.org {
			continue
		}
		return []frame{{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: kind, from: buyer, to: seller,
			directed: true, score: 0.8, sent: idx, trig: t}}
	}
	return nil
}
