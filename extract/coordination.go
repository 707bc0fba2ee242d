package extract

import "strings"

// Coordination: the organisations a list or a coordinated phrase names
// beside one already found ("A, B and C", "A and B"), and what a list item
// may carry besides its name (a legal form, "X-based", a person).

// coordinatedAfter returns the mentions joined to m by "," / "and":
// "from Salesforce Ventures and Cisco", "led by A, B and C".
func coordinatedAfter(si *sentenceInfo, ms []*mention, m *mention) []*mention {
	var out []*mention
	end := m.wj
	skipped := false
	// a list after a preposition ("from A, B, and C") ends where a clause
	// starts ("..., and Oracle said"); a subject list ("A, B, and C will
	// each install") goes on to its verb
	objectList := m.wi > 0 && preps[si.low[m.wi-1]]
	for {
		k := itemEnd(si, ms, end, len(si.low))
		if k < len(si.low) && si.low[k] == "'s" {
			break
		}
		if k < len(si.low) && si.low[k] == "," {
			k++
		}
		if k < len(si.low) && (si.low[k] == "and" || si.low[k] == "as" && k+1 < len(si.low) && si.low[k+1] == "well") {
			if si.low[k] == "as" {
				k += 3
			} else {
				k++
			}
		}
		if k == end {
			break
		}
		if placePossessive(si, k) {
			for k < len(si.low) && si.low[k] != "'s" {
				k++ // "AMD, Cisco and India's Jio Platforms": the place is the item's description
			}
			k++
		}
		k = backerPrefixEnd(si, k)
		next := explicitAt(ms, k)
		if next == nil && k+1 < len(si.low) && si.low[k] == "the" && isCapitalised(si.ws[k+1].Text) {
			k++ // "Reddit, Vox Media, and the Atlantic"
			next = explicitAt(ms, k)
		}
		if next == nil {
			// an investor the gazetteer does not know, inside a list of investors: "Nvidia, eBay and ..."
			next = listedUnknown(si, k)
		}
		if next == nil {
			// a person in the list ("Jeff Bezos (through Bezos Expeditions)"): no party, but the list goes on
			if j := personAt(si, k); j > k {
				end = skipParenthetical(si.low, j, len(si.low))
				continue
			}
			// a name we do not recognise: the list goes on after it
			if j := unknownItemEnd(si, k, len(si.low)); j > k {
				end, skipped = j, true
				continue
			}
			break
		}
		if skipped && !listGoesOnAfter(si, ms, next) || objectList && startsClause(si, ms, next) {
			break // "Sony and Tokyo Rail, and Oracle said ...": a clause, not the list
		}
		out = append(out, next)
		end = next.wj
	}
	return out
}

// backerPrefixEnd returns the index after a description that opens a list
// item by naming who backs or owns it, or k when there is none: "Temasek-backed
// Vertex Ventures", "Jack Ma-backed Yunfeng Capital", "Chinese state-backed
// SDHS Capital", "Shandong Hi-Speed Group's investment arm SDHS Capital".
// The backer is no item of the list, and the list goes on after the item.
func backerPrefixEnd(si *sentenceInfo, k int) int {
	for n := 0; n < 3; n++ {
		s := k
		if s+1 < len(si.low) && placeWord(si.ws[s].Text) {
			s++ // "Chinese state-backed"
		}
		e := backerEnd(si, s)
		if e == s {
			return k
		}
		k = e
	}
	return k
}

// backerEnd returns the index after one backer's description starting at s
// ("Temasek-backed", "state-backed", "Lenovo's investment arm"), or s.
func backerEnd(si *sentenceInfo, s int) int {
	low, ws := si.low, si.ws
	j := s
	for j < len(low) && j-s < 6 {
		if isCapitalised(ws[j].Text) {
			j++
			continue
		}
		if j > s && low[j] == "-" && j+1 < len(low) && isCapitalised(ws[j+1].Text) && ws[j].Start == ws[j-1].End {
			j++ // "Hi-Speed"
			continue
		}
		break
	}
	if j == s && s < len(low) && isLowerWord(ws[s].Text) {
		j = s + 1 // "state-backed"
	}
	if j == s || j+2 >= len(low) {
		return s
	}
	if low[j] == "-" && modifierVerbs[low[j+1]] && ws[j].Start == ws[j-1].End {
		return j + 2
	}
	if low[j] != "'s" || !isCapitalised(ws[s].Text) {
		return s
	}
	e := j + 1
	for e < len(low) && e <= j+3 && !armNouns[low[e]] && isLowerWord(ws[e].Text) {
		e++
	}
	if e+1 >= len(low) || !armNouns[low[e]] || !isCapitalised(ws[e+1].Text) {
		return s
	}
	return e + 1
}

// armNouns name the part of an organisation that invests for it: "Lenovo's
// investment arm", "Samsung's venture unit".
var armNouns = map[string]bool{"arm": true, "unit": true, "subsidiary": true, "affiliate": true, "division": true}

// explicitAt returns the mention of ms that names an organisation from
// word k, or nil.
func explicitAt(ms []*mention, k int) *mention {
	for _, c := range ms {
		if c.wi == k && !c.implicit {
			return c
		}
	}
	return nil
}

// skipLegalForm returns the index after a legal form that follows a name
// ("NVIDIA Corp.", "BlackRock, Inc."), or k itself.
func skipLegalForm(si *sentenceInfo, k int) int {
	j := k
	if j+1 < len(si.ws) && si.low[j] == "," && legalForms[si.ws[j+1].Text] {
		j++
	}
	if j < len(si.ws) && legalForms[si.ws[j].Text] {
		j++
		if j < len(si.ws) && si.ws[j].Text == "." {
			j++
		}
		return j
	}
	return k
}

// listedUnknown reads the name of an investor the gazetteer does not know
// at word k of a list of investors (up to four capitalised words), or nil.
func listedUnknown(si *sentenceInfo, k int) *mention {
	if k >= len(si.ws) || !isCapitalised(si.ws[k].Text) && !isListName(si.ws[k].Text) {
		return nil
	}
	j := k
	for j < len(si.ws) && j-k < 4 && (isCapitalised(si.ws[j].Text) || isListName(si.ws[j].Text)) && isBareToken(si.ws[j].Text) {
		j++
	}
	if j == k || personItem(si.ws, si.low, listItem{i: k, j: j}) {
		return nil // "Bill Gates, co-founder of Microsoft": a person
	}
	name := joinWords(si.ws, k, j)
	id := unknownOrgID(strings.Fields(name))
	if id == "" {
		return nil
	}
	return &mention{org: &Org{ID: id, Name: name, Kind: kindInvestor}, surface: name, wi: k, wj: j}
}

// personAt returns the end of a person's name at word k of a list ("Jeff
// Bezos", "Eric Schmidt, former CEO of Google"), or k.
func personAt(si *sentenceInfo, k int) int {
	j := k
	for j < len(si.ws) && j-k < 3 && isCapitalised(si.ws[j].Text) {
		j++
	}
	if j-k >= 2 && personItem(si.ws, si.low, listItem{i: k, j: j}) {
		return j
	}
	return k
}

// isListName accepts lower-case-initial brand names such as "eBay".
func isListName(s string) bool {
	return len(s) > 2 && s[0] >= 'a' && s[0] <= 'z' && strings.ToLower(s) != s && !strings.Contains(s, "-")
}

// coordinatedBefore returns the mentions joined to m from the left: "A, B and C m".
func coordinatedBefore(si *sentenceInfo, ms []*mention, m *mention) []*mention {
	var out []*mention
	start := m.wi
	for {
		k := start - 1
		if k > 0 && si.low[k] == "the" && (si.low[k-1] == "and" || si.low[k-1] == ",") {
			k-- // "Brookfield and the Qatar Investment Authority"
		}
		if j := basedBefore(si, k); j < k && j >= 0 && (si.low[j] == "and" || si.low[j] == ",") {
			k = j // "AMD, Cisco and Saudi-based Humain"
		}
		if k >= 0 && si.low[k] == "and" {
			k--
		}
		if k >= 0 && si.low[k] == "," {
			k--
		}
		if k == start-1 || k < 0 {
			break
		}
		var prev *mention
		for _, c := range ms {
			if c.wj == k+1 && !c.implicit && !c.poss {
				prev = c
				break
			}
		}
		if prev == nil {
			prev = mentionBeforeTail(si, ms, k+1) // "Brookfield Asset Management (BAM.US) and"
		}
		if prev == nil {
			break
		}
		out = append(out, prev)
		start = prev.wi
	}
	return out
}

// basedBefore steps back from k over a place-based description ("Saudi-based",
// "Saudi-backed", "U.S.-based") and returns the index before it, or k.
func basedBefore(si *sentenceInfo, k int) int {
	j := k
	for n := 0; n < 4 && j >= 0; n++ {
		w := si.low[j]
		if basedWord(w) || w == "-" || w == "based" || w == "backed" || strings.HasSuffix(w, "-backed") || placeWord(si.ws[j].Text) {
			j--
			continue
		}
		break
	}
	if j == k {
		return k
	}
	return j
}

// mentionBeforeTail returns the mention that ends before a parenthetical
// ticker and up to two capitalised words the gazetteer left, ending at e:
// "Brookfield Asset Management (BAM.US)" is Brookfield.
func mentionBeforeTail(si *sentenceInfo, ms []*mention, e int) *mention {
	low := si.low
	k := e
	if k > 0 && low[k-1] == ")" {
		for k > 0 && low[k-1] != "(" && e-k < 6 {
			k--
		}
		if k == 0 || low[k-1] != "(" {
			return nil
		}
		k--
	}
	for n := 0; n <= 2 && k > 0; n++ {
		for _, c := range ms {
			if c.wj == k && !c.implicit && !c.poss {
				if k == e {
					return nil // no tail: the caller looked already
				}
				return c
			}
		}
		if !isCapitalised(si.ws[k-1].Text) {
			return nil
		}
		k--
	}
	return nil
}
