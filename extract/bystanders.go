package extract

import (
	"slices"
	"strings"
)

// Organisations a sentence names beside its deal without taking part in
// it: the guarantor of someone else's obligation, the rivals the deal's
// parties are compared with, the bidder that lost the contract, and an
// investor's other holdings. All are
// dropped from the sentence's mentions before any frame is read, as
// dropModifiers drops "OpenAI" in "OpenAI rival Anthropic".

// backstopWord reports a word of the backstop family: "backstop",
// "backstops", "backstopped", "backstopping".
func backstopWord(w string) bool { return strings.HasPrefix(w, "backstop") }

// dropGuarantors removes the organisation that backstops another's
// obligation ("Google will provide a $1.4 billion financial backstop for
// Fluidstack's lease", "Google's $1.8 billion backstop", "a backstop from
// Google", "backstopped by Google"): a guarantee buys and sells nothing,
// and the labels give it no event (r2713, r3554, r3810). The lease it
// guarantees stays a deal between its own parties.
func dropGuarantors(low []string, ments []mention) []mention {
	if !slices.ContainsFunc(low, backstopWord) {
		return ments // (most sentences: no scan per mention)
	}
	return dropWhere(ments, func(i int) bool {
		m := ments[i]
		// The guarantor before the word: "Google will backstop", "Google
		// is providing a financial backstop", "a Google backstop". No
		// other organisation and no clause break may stand between.
		for k := m.wj; k < min(len(low), m.wj+9); k++ {
			if backstopWord(low[k]) {
				return true
			}
			if breaksGuarantee(low[k]) || mentionAt(ments, k) >= 0 {
				break
			}
		}
		// The guarantor after it: "a backstop from Google", "backstopped
		// by Google".
		if m.wi >= 2 && (low[m.wi-1] == "from" || low[m.wi-1] == "by") && backstopWord(low[m.wi-2]) {
			return true
		}
		return m.wi >= 3 && low[m.wi-1] == "by" && (low[m.wi-2] == "financially" || low[m.wi-2] == "supported") &&
			hasAny(low, m.wj, min(len(low), m.wj+6), "backstop")
	})
}

func breaksGuarantee(w string) bool {
	switch w {
	case ",", ";", ":", "and", "while", "which", "that", "but", "with":
		return true
	}
	return false
}

// rivalNouns name a competitor: "one of the rivals to OpenAI".
var rivalNouns = map[string]bool{
	"rival": true, "rivals": true, "competitor": true, "competitors": true, "challenger": true, "challengers": true,
}

// competeVerbs compete with someone: "to compete with OpenAI".
var competeVerbs = map[string]bool{
	"compete": true, "competes": true, "competed": true, "competing": true,
}

// rivalListStart returns where the rivals named after word k start ("rivals
// to OpenAI", "compete with companies such as OpenAI and Anthropic",
// "competitors like Google"), or -1.
func rivalListStart(low []string, k int) int {
	if k+1 >= len(low) {
		return -1
	}
	next := low[k+1]
	switch {
	case rivalNouns[low[k]] && (next == "to" || next == "of" || next == "like" || next == "including"):
	case rivalNouns[low[k]] && next == "such" && k+2 < len(low) && low[k+2] == "as":
		return k + 3
	case competeVerbs[low[k]] && (next == "with" || next == "against"):
	default:
		return -1
	}
	return k + 2
}

// rivalFillers may stand between "compete with" and the rivals it names:
// "compete with companies such as OpenAI", "compete with the likes of
// Google".
var rivalFillers = map[string]bool{
	"the": true, "likes": true, "of": true, "companies": true, "firms": true, "such": true, "as": true,
	"like": true, "including": true, "players": true, "giants": true, "incumbents": true, "established": true,
	"other": true, "larger": true, "bigger": true, "big": true, "tech": true, "labs": true, "rivals": true,
}

// dropRivals removes the organisations a sentence names as the parties'
// rivals ("building its stake in one of the most promising rivals to
// OpenAI", "startups developing models to compete with companies such as
// OpenAI and Anthropic", "to compete with Microsoft's OpenAI alliance and
// Google's Gemini"): no deal is made with a rival (r3471, r3463, r3454).
// "OpenAI rival Anthropic" is dropModifiers'.
func dropRivals(low []string, ments []mention) []mention {
	var starts []int
	for k, w := range low {
		if w == "" || w[0] != 'r' && w[0] != 'c' {
			continue // (every word: no map lookup unless it can be one)
		}
		if rivalNouns[w] || competeVerbs[w] {
			if s := rivalListStart(low, k); s >= 0 {
				starts = append(starts, s)
			}
		}
	}
	if len(starts) == 0 {
		return ments
	}
	rival := make([]bool, len(ments))
	for _, s := range starts {
		// The first organisation after the cue, past filler words; then
		// each one coordinated with the last ("OpenAI and Anthropic",
		// "Microsoft's OpenAI alliance and Google's Gemini").
		k := s
		for k < len(low) && rivalFillers[low[k]] && mentionAt(ments, k) < 0 {
			k++
		}
		for {
			j := mentionAt(ments, k)
			if j < 0 {
				break
			}
			rival[j] = true
			k = ments[j].wj
			if k < len(low) && low[k] == "'s" {
				if mentionAt(ments, k+1) >= 0 {
					k++
					continue // "Microsoft's OpenAI"
				}
			}
			k = nextCoordinated(low, ments, k)
			if k < 0 {
				break
			}
		}
	}
	return dropWhere(ments, func(i int) bool { return rival[i] && !ments[i].implicit })
}

// mentionAt returns the index of the mention starting at word k, or -1.
func mentionAt(ments []mention, k int) int {
	for i, m := range ments {
		if m.wi == k {
			return i
		}
	}
	return -1
}

// nextCoordinated returns where the organisation coordinated with the one
// ending at word k starts: after ", ", "and", "or", or a head noun of up to
// two words then "and" ("OpenAI alliance and Google"); -1 when none is.
func nextCoordinated(low []string, ments []mention, k int) int {
	for n := 0; n < 4 && k < len(low); n++ {
		switch low[k] {
		case ",", "and", "or":
			if k+1 < len(low) && mentionAt(ments, k+1) >= 0 {
				return k + 1
			}
			if k+2 < len(low) && (low[k+1] == "and" || low[k+1] == "or") && mentionAt(ments, k+2) >= 0 {
				return k + 2 // ", and Google"
			}
			return -1
		case ".", ";", ":", "to", "in", "with", "for", "by", "from", "is", "are", "was", "were", "has", "have", "will":
			return -1
		}
		if mentionAt(ments, k) >= 0 {
			return -1
		}
		k++
	}
	return -1
}

// portfolioNouns name what an investor already holds: "whose other
// investments include …", "whose recent robotics bets include …".
var portfolioNouns = map[string]bool{"investments": true, "bets": true, "holdings": true, "portfolio": true, "stakes": true}

// dropPortfolio removes the organisations a relative clause lists as an
// investor's other holdings ("SoftBank, whose other investments include
// ByteDance and Arm, is an investor in OpenAI", "The round was led by
// SoftBank, whose other recent robotics bets include Zume and Berkshire
// Grey"): they neither invest in the sentence's company nor receive its
// money (r3436, r3682). The investor itself stays.
func dropPortfolio(low []string, ments []mention) []mention {
	start := -1
	for k := 0; k+2 < len(low) && start < 0; k++ {
		if low[k] != "whose" {
			continue
		}
		for j := k + 1; j < len(low) && j <= k+5; j++ {
			if portfolioNouns[low[j]] && j+1 < len(low) && strings.HasPrefix(low[j+1], "includ") {
				start = j + 2
				break
			}
		}
	}
	if start < 0 {
		return ments
	}
	held := make([]bool, len(ments))
	k := start
	for {
		// the next organisation, past a description of up to six words
		// ("the British chip designer Arm")
		j := -1
		for n := 0; n < 7 && k < len(low); n, k = n+1, k+1 {
			if j = mentionAt(ments, k); j >= 0 || portfolioStops[low[k]] {
				break
			}
		}
		if j < 0 {
			break
		}
		held[j] = true
		k = ments[j].wj
		// the same organisation named again right after its description:
		// "the British chip designer Arm", "the TikTok parent, ByteDance"
		for {
			q := k
			if q < len(low) && low[q] == "," {
				q++
			}
			if i := mentionAt(ments, q); i >= 0 && ments[i].org == ments[j].org {
				held[i], k = true, ments[i].wj
				continue
			}
			break
		}
		// the separator, past a head noun of up to two words
		for n := 0; n < 2 && k < len(low) && low[k] != "," && low[k] != "and" && !portfolioStops[low[k]] && mentionAt(ments, k) < 0; n++ {
			k++
		}
		sep := k
		for k < len(low) && (low[k] == "," || low[k] == "and") {
			k++
		}
		if k == sep {
			break // no separator: the list has ended
		}
	}
	return dropWhere(ments, func(i int) bool { return held[i] && !ments[i].implicit })
}

// portfolioStops end the search for a holding: a verb or a clause's end.
var portfolioStops = map[string]bool{".": true, ";": true, ":": true, "is": true, "are": true, "was": true, "were": true, "has": true, "have": true, "had": true, "will": true, "said": true}

// contestNouns name a bidder's fight for a contract it did not get:
// "legal challenges by Amazon".
var contestNouns = map[string]bool{
	"challenge": true, "challenges": true, "protest": true, "protests": true, "lawsuit": true, "lawsuits": true,
}

// loseVerbs tell that their subject did not get the contract.
var loseVerbs = map[string]bool{"lost": true, "loses": true, "lose": true, "losing": true}

// losingWords turns most words away before loseVerbs and contestNouns are asked.
var losingWords = newWordFilter(loseVerbs, contestNouns)

// dropLosingBidders removes the bidder a sentence says lost a contract or
// fights its award ("Amazon lost out on the $10 billion contract to
// Microsoft", r5639; "legal challenges by Amazon to the original contract
// awarded to Microsoft", r4974, r5518): it pays nobody and is paid by
// nobody there.
func dropLosingBidders(low []string, ments []mention) []mention {
	if !slices.ContainsFunc(low, func(w string) bool { return losingWords.mayHold(w) && (loseVerbs[w] || contestNouns[w]) }) {
		return ments // (most sentences: no scan per mention)
	}
	return dropWhere(ments, func(i int) bool {
		m := ments[i]
		if m.wi >= 2 && low[m.wi-1] == "by" && contestNouns[low[m.wi-2]] {
			return true // "challenges by Amazon"
		}
		for k := m.wj; k < len(low) && k <= m.wj+2; k++ { // "Amazon lost", "Amazon, which lost"
			switch {
			case loseVerbs[low[k]]:
				return true
			case low[k] != "," && low[k] != "which" && low[k] != "had" && low[k] != "has":
				return false
			}
		}
		return false
	})
}
