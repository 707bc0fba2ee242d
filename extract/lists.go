package extract

import (
	"slices"
	"strings"
)

// Names in a list. Real news lists a round's investors or a venture's
// partners as "Mayfield, DNS Capital, BMW and SW Mobility Fund": funds and
// companies no gazetteer lists stand in a comma list beside organisations we
// do know. A capitalised name that is an item of such a list (three items or
// more, at least one of them a known organisation or a name ending in a
// company word) is an organisation of the article.

// listItem is one item of a comma list: words [i, j) of the sentence.
type listItem struct {
	i, j  int
	known bool
}

// maxListItemWords bounds a list item: "Qatar Investment Authority", "Fidelity
// Management & Research Company".
const maxListItemWords = 5

// listedNames returns the capitalised bare names (as learnBareNames keys
// them: up to three bare tokens) that are items of an organisation list in
// the sentence.
func (x *Extractor) listedNames(ws []word, low []string) []string {
	var out []string
	var run []listItem
	flush := func() {
		if len(run) >= 3 || len(run) == 2 && listCueEndsAt(low, run[0].i) {
			known := 0
			for _, it := range run {
				if it.known {
					known++
				}
			}
			if (known > 0 || len(run) >= 3 && groupListCue(low, run[0].i)) && known < len(run) && !productList(low, run[len(run)-1].j) {
				for _, it := range run {
					if it.known || personItem(ws, low, it) || it.j < len(low) && low[it.j] == "-" { // "Tyvak Nano-Satellite Systems"
						continue
					}
					// only whole items: "Hellman" of "Hellman & Friedman" is no name
					if key := bareKey(ws, it.i, it.j); key != "" && len(strings.Fields(key)) == it.j-it.i {
						out = append(out, key)
					}
				}
			}
		}
		run = run[:0]
	}
	for i := 0; i < len(ws); {
		it, ok := x.listItemAt(ws, i)
		if !ok {
			flush()
			i++
			continue
		}
		run = append(run, it)
		k := it.j
		k = skipParenthetical(low, k, len(low)) // "Stepstone Group (STEP)"
		switch {
		case k+1 < len(low) && low[k] == "," && low[k+1] == "and":
			i = k + 2
		case k < len(low) && (low[k] == "," || low[k] == "and" || low[k] == "&"):
			i = k + 1
		default:
			flush()
			i = max(k, i+1)
		}
	}
	flush()
	return out
}

// groupListCue reports a list at word i that a group of organisations
// opens: "15 new media outlets, including the Los Angeles Times, A and B",
// "organisations such as A, B and C". Its items are organisations even
// when none of them is known.
func groupListCue(low []string, i int) bool {
	if i > 0 && low[i-1] == "the" {
		i--
	}
	switch {
	case i >= 1 && (low[i-1] == "including" || low[i-1] == "like"):
		i--
	case i >= 2 && low[i-2] == "such" && low[i-1] == "as":
		i -= 2
	default:
		return false
	}
	if i >= 1 && low[i-1] == "," {
		i--
	}
	return i >= 1 && partnerGroupNouns[low[i-1]]
}

// productList reports a list that ends in a product noun: "its Azure, AI
// and Teams platforms" lists products, not organisations.
func productList(low []string, end int) bool {
	if end >= len(low) {
		return false
	}
	switch low[end] {
	case "platform", "platforms", "product", "products", "service", "services", "tools", "apps", "models", "chips",
		"gpus", "brands", "software", "systems", "devices", "offerings", "suites", "units", "divisions":
		return true
	}
	return false
}

// personItem reports a list item that names a person: a given name first
// ("Jeff Bezos", "Reid Hoffman"), or a role right after it ("Eric Schmidt,
// former CEO of Google").
func personItem(ws []word, low []string, it listItem) bool {
	if it.j-it.i >= 2 && it.j-it.i <= 3 && givenNames[low[it.i]] {
		return true
	}
	k := it.j
	if k < len(low) && low[k] == "," {
		k++
	}
	for n := 0; n < 2 && k < len(low); n, k = n+1, k+1 {
		if personTitles[low[k]] || titleWords[low[k]] {
			return true
		}
		if low[k] != "former" && low[k] != "the" && low[k] != "its" {
			break
		}
	}
	return false
}

// listItemAt reads a run of capitalised words at i (a list item), and
// whether it names a known organisation: a gazetteer entry or a name ending
// in a company word ("DNS Capital", "Thomvest Ventures").
func (x *Extractor) listItemAt(ws []word, i int) (listItem, bool) {
	if i >= len(ws) || !isCapitalised(ws[i].Text) {
		return listItem{}, false
	}
	if _, n, ok := x.gaz.match(ws, i); ok {
		return listItem{i: i, j: i + n, known: true}, true
	}
	j := i
	for j < len(ws) && j-i < maxListItemWords && (isCapitalised(ws[j].Text) || ws[j].Text == "&" && j > i) {
		j++
	}
	if _, suffix := orgSuffixes[ws[j-1].Text]; suffix && j-i >= 2 {
		return listItem{i: i, j: j, known: true}, true
	}
	if legalSuffixes[ws[j-1].Text] && j-i >= 2 {
		return listItem{i: i, j: j, known: true}, true
	}
	return listItem{i: i, j: j}, true
}

// bareKey is the name learnBareNames would register for words [i, j): up
// to three bare tokens from i, or "" when the item does not start with one.
func bareKey(ws []word, i, j int) string {
	var toks []string
	for k := i; k < j && k-i < 3; k++ {
		if !isBareToken(ws[k].Text) && !(k == i && (acronymLedName(ws, i) || suffixLedName(ws, i))) {
			break
		}
		toks = append(toks, ws[k].Text)
	}
	return strings.Join(toks, " ")
}

// listCueEndsAt reports an investor-list cue ("led by", "included",
// "participation from") ending just before word i: two names after it are
// a list of investors ("the round included Citic Goldstone and Shenzhen
// Investment Holdings"), where two names elsewhere may be anything.
func listCueEndsAt(low []string, i int) bool {
	for _, cue := range listCues {
		if n := len(cue); i >= n && slices.Equal(low[i-n:i], cue) {
			return true
		}
	}
	return false
}
