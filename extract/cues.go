package extract

import "strings"

// Cue phrases: multi-word phrases looked up by their first word in a
// sentence's lower-cased words.

// hasPhrase matches single words or space-separated phrases.
func hasPhrase(low []string, lo, hi int, phrases ...string) bool {
	hi = min(hi, len(low))
	for _, p := range phrases {
		first := firstWord(p)
		for k := max(lo, 0); k < hi; k++ {
			if low[k] == first && cueAt(low, k, hi, p) {
				return true
			}
		}
	}
	return false
}

// cueAt reports the cue p at word k, whose word is p's first: a single word
// is no cue where it is a noun ("the end of", "an end", "year end"), a
// phrase needs its other words before hi.
func cueAt(low []string, k, hi int, p string) bool {
	if strings.IndexByte(p, ' ') < 0 && strings.IndexByte(p, '\'') < 0 {
		return !((p == "end" || p == "ends") && (k > 0 && (low[k-1] == "the" || low[k-1] == "an" || low[k-1] == "year") || k+1 < len(low) && low[k+1] == "of"))
	}
	return phraseAt(low, k, hi, p)
}

// cueList is a list of cues indexed by their first words, for the lists
// extraction asks about for every clause: one map lookup per word, not one
// comparison per word and cue. in answers as hasPhrase does.
type cueList struct {
	byFirst map[string][]string
	starts  *wordFilter // the first words of byFirst's keys: most words start no cue
}

func newCueList(phrases ...string) cueList {
	c := cueList{byFirst: make(map[string][]string, len(phrases)), starts: &wordFilter{}}
	for _, p := range phrases {
		f := firstWord(p)
		c.byFirst[f] = append(c.byFirst[f], p)
		c.starts.add(f)
	}
	return c
}

func (c cueList) in(low []string, lo, hi int) bool {
	hi = min(hi, len(low))
	for k := max(lo, 0); k < hi; k++ {
		if !c.starts.mayHold(low[k]) {
			continue
		}
		for _, p := range c.byFirst[low[k]] {
			if cueAt(low, k, hi, p) {
				return true
			}
		}
	}
	return false
}

// firstWord is a phrase's first word.
func firstWord(p string) string {
	w, _, _ := strings.Cut(p, " ")
	return w
}

// phraseAt reports the space-separated phrase p at word k, before hi. It
// allocates nothing: extraction calls it for every cue list. A contracted
// negation is two words (words() reads "won't" as "will", "not"), so cues
// spell it out: "will not", "has not signed".
func phraseAt(low []string, k, hi int, p string) bool {
	for rest := p; rest != ""; {
		var w string
		w, rest, _ = strings.Cut(rest, " ")
		if k >= hi || low[k] != w {
			return false
		}
		k++
	}
	return true
}
