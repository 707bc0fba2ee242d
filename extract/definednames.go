package extract

import (
	"strings"

	"github.com/jdkato/prose/v2"
)

// Defined names. Press releases and filings define the short name they use
// for an organisation in brackets right after its full name: "Spring Lane
// Capital (“SLC”)", "Kotak Special Situations Fund (KSSF)", "Acme Holdings,
// Inc. (“Acme” or the “Company”)". The short name then stands for the full
// one for the rest of the article ("SLC has agreed to lead the round", "the
// KSSF investment"), so it must name the same organisation, not a second
// one the labels do not know.

// learnDefinedName registers the short name defined in brackets at token k,
// after the full name of the unknown organisation org, as org's alias.
func (x *Extractor) learnDefinedName(d *docState, toks []prose.Token, k int, name []string, org *Org) {
	short := definedName(toks, k, name)
	if short == "" {
		return
	}
	if _, known := x.gaz.Resolve(short); known {
		return // "(“Microsoft”)": a name the gazetteer already gives to someone
	}
	d.addShortAlias([]string{short}, org)
}

// definedName returns the short name defined in brackets at token k after
// the full name: skipping a comma and legal forms ("Holdings, Inc."), an
// opening bracket, an optional quote, one word, an optional quote, and then
// a closing bracket or "or" ("(“Soluna” or the “Company”)"). The word must
// be either the first word of the name ("Soluna") or an acronym of two to
// six capitals whose first letter opens the name ("SLC", "KSSF"); a stock
// ticker written with its exchange ("(NASDAQ: SLNH)") is no definition.
func definedName(toks []prose.Token, k int, name []string) string {
	for k < len(toks) && (toks[k].Text == "," || legalForms[toks[k].Text]) {
		k++
	}
	if k+2 >= len(toks) || toks[k].Text != "(" {
		return ""
	}
	k++
	quoted := isQuote(toks[k].Text)
	if quoted {
		k++
	}
	if k+1 >= len(toks) {
		return ""
	}
	w := toks[k].Text
	k++
	if quoted {
		if !isQuote(toks[k].Text) {
			return ""
		}
		k++
	}
	if k >= len(toks) || toks[k].Text != ")" && !(quoted && toks[k].Text == "or") {
		return ""
	}
	switch {
	case len(name) >= 2 && w == name[0] && quoted:
		return w
	case definedAcronym(w, name):
		return w
	}
	return ""
}

// definedAcronym reports an all-capitals word of two to six letters that
// opens with the name's first letter and is no country or common acronym.
func definedAcronym(w string, name []string) bool {
	if len(w) < 2 || len(w) > 6 || len(name) < 2 || commonAcronyms[w] || countryAbbrevs[w] || places[w] {
		return false
	}
	for _, r := range w {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return strings.HasPrefix(name[0], w[:1])
}

// isQuote reports a straight or curly quotation mark token.
func isQuote(s string) bool {
	switch s {
	case `"`, "“", "”", "'", "‘", "’", "``", "''":
		return true
	}
	return false
}
