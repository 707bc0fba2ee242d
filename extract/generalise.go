package extract

import (
	"strings"

	prose "github.com/jdkato/prose/v2"
)

// businessVerbs describe a company's line of business in a relative clause
// that introduces it: "Foo Bar, which sells note-taking software, ...".
var businessVerbs = map[string]bool{
	"sells": true, "makes": true, "builds": true, "develops": true, "designs": true, "runs": true,
	"operates": true, "provides": true, "offers": true, "produces": true, "manufactures": true,
	"trains": true, "creates": true, "supplies": true,
}

// datelineEnd returns the index of the first token after a news dateline
// ("CHICAGO, June 30 (wire) -", "PARIS (Reuters) —"), or 0 when the tokens
// start with none. A dateline is a capitalised place, optionally a date,
// and a parenthesised source, closed by a dash, within the first dozen tokens.
func datelineEnd(toks []prose.Token) int {
	if len(toks) == 0 || !isCapitalised(toks[0].Text) {
		return 0
	}
	paren := false
	for i := 0; i < len(toks) && i < 14; i++ {
		switch t := toks[i].Text; {
		case t == ")":
			paren = true
		case paren && (t == "-" || t == "–" || t == "—" || t == "--"):
			return i + 1
		case t == "." || t == ";" || strings.EqualFold(t, "said"):
			return 0
		}
	}
	return 0
}
