package extract

import (
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// Government bodies. Real news names ministries and departments as deal
// parties ("France's Ministry of the Armed Forces has awarded a framework
// agreement to Mistral AI", "the Ministry of Science and ICT signed ...").
// Such a name runs from "Ministry of" or "Department of" over capitalised
// words joined by "the", "and", "&" or "for"; the whole name is the
// organisation, as the labels write it (ministryofthearmedforces), not its
// last capitalised words.

// nationalGovernmentAt returns 2 for "<country or nationality> government"
// starting at word i after "the" ("the UK government", "the French
// government"; the labels write ukgovernment, frenchgovernment), else 0.
func nationalGovernmentAt(ws []word, i int) int {
	if i == 0 || i+1 >= len(ws) || !strings.EqualFold(ws[i-1].Text, "the") {
		return 0
	}
	if ws[i+1].Text != "government" && ws[i+1].Text != "Government" {
		return 0
	}
	if w := ws[i].Text; nationalities[w] || places[w] || countryAbbrevs[w] {
		return 2
	}
	return 0
}

// kindGovernment marks a national government: a party of partnerships and
// memoranda ("the UK government has signed a memorandum of understanding
// with Anthropic"), not of the commitments articles mention it in (grants,
// subsidies, chips supplied "to the Korean government and the country's
// largest companies"), which the labels leave out.
const kindGovernment = "government"

// dropGovernmentCommitments removes the commitments with a national
// government as a party.
func dropGovernmentCommitments(fs []frame) []frame {
	out := fs[:0]
	for _, f := range fs {
		if f.typ == schemas.TypeCommitment && (f.from != nil && f.from.org.Kind == kindGovernment || f.to != nil && f.to.org.Kind == kindGovernment) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// bodyHeads open a government body's name.
var bodyHeads = map[string]bool{"Ministry": true, "Department": true}

// bodyJoiners may stand inside a body's name between capitalised words.
var bodyJoiners = map[string]bool{"the": true, "and": true, "&": true, "for": true, "of": true}

// govBodyAt returns the length of a government body's name starting at word
// i ("Ministry of Science and ICT" is 5), or 0.
func govBodyAt(ws []word, i int, known func([]word, int) bool) int {
	if i+2 >= len(ws) || !bodyHeads[ws[i].Text] || ws[i+1].Text != "of" {
		return 0
	}
	end, comma := 0, 0
	for k := i + 2; k < len(ws) && k < i+12; k++ {
		w := ws[k].Text
		switch {
		case isCapitalised(w) && !strings.ContainsAny(w, ".,;:"):
			if comma != 0 && known(ws, k) {
				return bodyLen(i, cutAtComma(end, comma)) // "the Ministry of Finance, Nvidia and SoftBank"
			}
			end = k + 1
		case bodyJoiners[w]:
			if w == "and" && comma > 0 {
				comma = -1 // "Ministry of Economy, Trade and Industry": the comma was the name's
			}
		case w == "," && comma == 0 && k+1 < len(ws) && isCapitalised(ws[k+1].Text):
			comma = end // where the name ends if no "and" closes the series
		default:
			return bodyLen(i, cutAtComma(end, comma))
		}
	}
	return bodyLen(i, cutAtComma(end, comma))
}

// cutAtComma ends a body's name before a comma that no "and" followed:
// "the Ministry of Finance, Nvidia and ..." is the Ministry of Finance.
func cutAtComma(end, comma int) int {
	if comma > 0 {
		return comma
	}
	return end
}

func bodyLen(i, end int) int {
	if end == 0 {
		return 0
	}
	return end - i
}

// learnGovBodies registers every government body the article names as an
// article-local organisation.
func (x *Extractor) learnGovBodies(d *docState, all [][]word) {
	known := func(ws []word, k int) bool { _, _, ok := x.gaz.match(ws, k); return ok }
	for _, ws := range all {
		for i := range ws {
			n, kind := govBodyAt(ws, i, known), kindOther
			if n == 0 {
				n, kind = nationalGovernmentAt(ws, i), kindGovernment
			}
			if n == 0 {
				continue
			}
			toks := make([]string, n)
			for k := range toks {
				toks[k] = ws[i+k].Text
			}
			key := strings.Join(toks, " ")
			if d.unknown == nil {
				d.unknown = map[string]*Org{}
				d.unknownIdx = map[string][]unknownAlias{}
			}
			if _, ok := d.unknown[key]; ok {
				continue
			}
			org := &Org{ID: slug(key), Name: key, Kind: kind}
			d.unknown[key] = org
			d.unknownIdx[toks[0]] = append(d.unknownIdx[toks[0]], unknownAlias{toks: toks, org: org})
		}
	}
}
