package extract

// wordFilter is a quick test before looking a word up in a map of words:
// the first bytes and lengths of the map's words. A word whose first byte
// and length no word of the map has is not in it; most words of a
// sentence are turned away without hashing them.
type wordFilter [256]uint64 // by first byte: a bit per length, lengths of 63 and more sharing the last

func lengthBit(n int) uint64 { return 1 << min(n, 63) }

// add files w under its first byte and length.
func (f *wordFilter) add(w string) {
	if w != "" {
		f[w[0]] |= lengthBit(len(w))
	}
}

// mayHold reports whether a word added to f could be w. The empty word
// is never added.
func (f *wordFilter) mayHold(w string) bool {
	return w != "" && f[w[0]]&lengthBit(len(w)) != 0
}

// newWordFilter returns the filter of the words of sets, which are built
// once and never changed.
func newWordFilter[V any](sets ...map[string]V) *wordFilter {
	f := &wordFilter{}
	for _, set := range sets {
		for w := range set {
			f.add(w)
		}
	}
	return f
}

// hasWord reports whether w is a key of set, asking the map only if f, the
// filter of set, lets w through.
func hasWord[V any](f *wordFilter, set map[string]V, w string) bool {
	if !f.mayHold(w) {
		return false
	}
	_, ok := set[w]
	return ok
}

// The filters of the word sets rules look every word of a sentence up in:
// most words are turned away without hashing them.
var (
	awardNounFilter        = newWordFilter(awardNouns)                                // listedAwardees
	securedVerbFilter      = newWordFilter(securedVerbs)                              // securedDeal
	channelDealFilter      = newWordFilter(channelDealWords)                          // endedChannelDeal
	agreementNounFilter    = newWordFilter(agreementNouns)                            // modelAccessDeal
	referenceNounFilter    = newWordFilter(referenceNouns)                            // referenceAt
	stakeNounFilter        = newWordFilter(stakeNouns)                                // possessiveInvestment
	runVerbFilter          = newWordFilter(runVerbs)                                  // trainOn
	vehicleVerbFilter      = newWordFilter(vehicleVerbs)                              // jointVehicle
	takeoverFilter         = newWordFilter(takeoverNouns, mergerWords, takeoverVerbs) // takenOver
	accessParticipleFilter = newWordFilter(computeAccessParticiples)                  // accessToCompute
	rolloutVerbFilter      = newWordFilter(rolloutVerbs)                              // workforceRollout
	hypoWordFilter         = newWordFilter(hypoWords)                                 // clauseModality
	bodyHeadFilter         = newWordFilter(bodyHeads)                                 // govBodyAt
	orgSuffixFilter        = newWordFilter(orgSuffixes)                               // learnUnknown
	introNounFilter        = newWordFilter(introNouns)                                // learnUnknown
)
