package extract

import "strings"

// Robustness helpers for phrasing the tuning corpora did not show.

// openerWords are common words that open a sentence capitalised before a
// name: "Former rivals ...", "Meanwhile Acme ...", "Longtime partner ...".
var openerWords = map[string]bool{
	"former": true, "meanwhile": true, "separately": true, "longtime": true, "fellow": true, "rival": true,
	"startup": true, "newcomer": true, "upstart": true, "veteran": true, "chipmaker": true, "however": true,
	"elsewhere": true, "still": true, "now": true, "today": true, "yesterday": true, "later": true, "earlier": true,
	"together": true, "then": true, "instead": true, "indeed": true, "likewise": true, "similarly": true,
	"moreover": true, "further": true, "furthermore": true, "besides": true, "overall": true, "cloud": true,
	"chip": true, "software": true, "tech": true, "social": true, "search": true, "media": true, "internet": true,
	"memory": true, "smartphone": true, "ecommerce": true, "e-commerce": true, "giant": true, "hyperscaler": true,
	"ex": true, "young": true, "small": true, "big": true, "large": true, "major": true, "top": true, "key": true,
	"struggling": true, "embattled": true, "rival-turned-partner": true, "existing": true, "current": true,
	"longstanding": true, "long-standing": true, "lead": true, "new": true, "other": true, "another": true,
}

// commonOpener reports whether the capitalised first word of a sentence is
// an ordinary word (adverb, adjective, descriptive noun) rather than the
// start of a name: listed openers, adverbs in -ly, participles in -ing/-ed,
// and words the article also writes in lower case.
func commonOpener(w string, lowerSeen map[string]bool) bool {
	l := strings.ToLower(w)
	if openerWords[l] || lowerSeen[l] {
		return true
	}
	if len(l) > 5 && (strings.HasSuffix(l, "ly") || strings.HasSuffix(l, "ing") || strings.HasSuffix(l, "ed")) {
		return true
	}
	return false
}

// lowerWords collects the words an article writes in lower case.
func lowerWords(all [][]word) map[string]bool {
	seen := map[string]bool{}
	for _, ws := range all {
		for _, w := range ws {
			if w.Text != "" && !isCapitalised(w.Text) {
				seen[w.Text] = true
			}
		}
	}
	return seen
}
