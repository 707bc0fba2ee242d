package extract

import (
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// Deal nouns and the words around them: which word of a sentence names the
// deal, who won it, and who is paid when one party hosts the other.

// securedVerbs are the verbs of raising money that also say a deal was won:
// "secured a $5.5 billion lease with AWS", "received an order from Tesla".
var securedVerbs = map[string]bool{
	"secured": true, "secures": true, "securing": true, "received": true, "receives": true, "receive": true,
	"receiving": true, "obtained": true, "snagged": true, "snags": true, "bagged": true, "bags": true, "nabbed": true,
	"nabs": true, "garnered": true, "garners": true,
}

// wonVerbs say a deal was won ("landed a $1 billion contract"), or money
// raised when money is their object ("landed $140 million from ByteDance").
var wonVerbs = map[string]bool{"landed": true, "lands": true, "won": true, "wins": true}

// moneyRaisedFrom reports a verb of winning at t whose object is money
// itself, followed by who gave it: "landed $140 million from ByteDance",
// "won $20 million in funding from Sequoia". A deal noun after the money
// ("landed a $1 billion contract from the Pentagon") is a deal won.
func moneyRaisedFrom(si *sentenceInfo, t, hi int) bool {
	if !wonVerbs[si.low[t]] {
		return false
	}
	for _, m := range si.money {
		if wordIndexAt(si.ws, m.Start) != t+1 {
			continue
		}
		k := wordIndexAt(si.ws, m.End)
		if k < hi && si.low[k] == "in" && k+1 < hi && (si.low[k+1] == "funding" || si.low[k+1] == "financing" || si.low[k+1] == "investment") {
			return true
		}
		return k < hi && (si.low[k] == "from" || si.low[k] == "led")
	}
	return false
}

// dealObjectNouns are what a deal won is called.
var dealObjectNouns = map[string]bool{
	"deal": true, "deals": true, "contract": true, "contracts": true, "agreement": true, "agreements": true,
	"lease": true, "leases": true, "order": true, "orders": true, "pact": true,
}

// securedDeal reports a verb of raising money at t whose object is a deal,
// not money raised: "secured a $5.5 billion, 15-year lease with AWS". The
// deal noun reads the sentence; the verb would read it as a funding round.
func securedDeal(low []string, t int) bool {
	if !securedVerbFilter.mayHold(low[t]) || !securedVerbs[low[t]] {
		return false
	}
	for k := t + 1; k < len(low) && k <= t+9; k++ {
		switch w := low[k]; {
		case dealObjectNouns[w]:
			return true
		case w == "with" || w == "from" || w == "by" || w == "for" || w == "." || w == ";" || w == "funding" || w == "financing" ||
			w == "investment" || w == "round" || w == "capital" || w == "loan" || w == "backing" || w == "stake":
			return false
		}
	}
	return false
}

// receivedOrder reports the noun "order" won by the sentence's subject:
// "Samsung secured a significant order from Preferred Networks", "received
// an order for chips for Tesla's supercomputers". The subject sells.
func receivedOrder(low []string, t int) bool {
	if low[t] != "order" && low[t] != "orders" {
		return false
	}
	for k := t - 1; k >= max(0, t-6); k-- {
		switch low[k] {
		case "received", "receives", "receive", "secured", "secures", "won", "wins", "landed", "lands", "booked", "books",
			"obtained", "bagged", "clinched", "winning", "securing", "receiving":
			return true
		case ",", ".", "and", "with", "to":
			return false
		}
	}
	return false
}

// compoundDeal reports a buying or selling word that only names the kind of
// a deal noun right after it: "a power purchase agreement with Microsoft", "a
// supply deal with Tesla". Who buys is not said by the word's place; the deal
// noun reads the parties' roles from their kinds.
func compoundDeal(low []string, t int) bool {
	switch low[t] {
	case "purchase", "supply", "lease":
		return t+1 < len(low) && dealObjectNouns[low[t+1]]
	}
	return false
}

// nounPhraseStart is the determiner that opens the noun phrase of the noun
// at t ("a 20-year power purchase agreement", "two 10-year high-performance
// computing (HPC) colocation agreements"), within fourteen words, or -1.
func nounPhraseStart(low []string, lo, t int) int {
	for k := t - 1; k >= max(lo, t-14); k-- {
		switch low[k] {
		case "a", "an", "the", "its", "their", "two", "three", "several", "multiple":
			return k
		case ",", ".", ";", "and", "with", "that", "which":
			return -1
		}
	}
	return -1
}

// amountedNoun reports an amount of money that premodifies the noun at t:
// "a $38 billion partnership", "a five-year, $300B partnership", "the $100
// billion alliance between". Only modifiers stand between them.
func amountedNoun(si *sentenceInfo, t int) bool {
	for i := range si.money {
		m := &si.money[i]
		if m.Value == nil {
			continue
		}
		end := wordIndexAt(si.ws, m.End-1) + 1
		if end > t || t-end > 4 || wordIndexAt(si.ws, m.Start) < t-8 {
			continue
		}
		ok := true
		for k := end; k < t; k++ {
			if w := si.low[k]; w != "," && w != "-" && !strings.Contains(w, "year") && w != "multi" && w != "multiyear" && w != "strategic" && w != "long-term" && w != "long" && w != "term" && w != "new" && w != "landmark" && w != "historic" {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// firstRight reports a right of first refusal or first offer, or a "first
// chance" to supply, within [lo, hi): an option, not a purchase.
func firstRight(low []string, lo, hi int) bool {
	for k := lo; k+1 < hi; k++ {
		if low[k] == "first" && (low[k+1] == "refusal" || low[k+1] == "offer" || low[k+1] == "chance" || low[k+1] == "dibs") {
			return true
		}
	}
	return false
}

// hostOf reports that in a deal between them, host is the data-centre host
// that sells to other: a data-centre host or power producer (gazetteer
// "host") dealing with anyone but another host or the maker of chips or
// hardware, which it buys. It outranks the product rule: "a power purchase
// agreement with AWS" is Amazon buying.
func hostOf(host, other *Org) bool {
	return host.Host && !other.Host && other.Kind != kindChip && other.Kind != kindHardware
}

// orientLease makes the data-centre host the one paid in a lease or a
// colocation deal, and what it sells compute, whichever side of the sentence
// it stands on: "Cipher Mining signed a 15-year lease with AWS" and "TeraWulf
// signed colocation agreements with Fluidstack" are AWS and Fluidstack
// paying. It changes nothing unless exactly one party is a host (gazetteer
// "host") and a lease word is near the trigger; investments ("backstops
// the lease in return for a stake") keep their direction.
func orientLease(f *frame, low []string, lo, hi int) {
	orientToSeller(f, low, lo, hi, func(o *Org) bool { return o.Host }, leaseWords, schemas.KindCompute)
}

// contentWords tell that a deal is for content: what a publisher, an
// agency, a studio or a library licenses.
var contentWords = map[string]bool{
	"content": true, "contents": true, "articles": true, "archive": true, "archives": true, "journalism": true,
	"news": true, "characters": true, "images": true, "photos": true, "music": true, "library": true,
	"catalog": true, "catalogue": true, "books": true, "posts": true, "licensing": true, "licence": true,
	"license": true, "licensed": true,
}

// orientContent makes the owner of content the one paid in a deal for its
// content: "Disney and OpenAI have entered into a three-year licensing
// agreement", "OpenAI has inked a content licensing deal with News Corp",
// "News Corp has inked a deal with OpenAI, allowing it to use its content"
// (the labels: the AI company pays the publisher, for cloud services,
// LABELING.md's kind of a licence). It changes nothing unless exactly one
// party owns content (gazetteer "content") and a content word is near the
// trigger; investments keep their direction.
func orientContent(f *frame, low []string, lo, hi int) {
	orientToSeller(f, low, lo, hi, func(o *Org) bool { return o.Content }, contentWords, schemas.KindCloudServices)
}

// contentBought makes what an owner of content is paid for its content, not
// compute, when nothing in the clause names chips or capacity: "OpenAI will
// pay Dotdash Meredith $16 million a year to use the publisher's content"
// (r3990), "Microsoft will pay Informa $10 million in the first year"
// (r3580). An owner of content (gazetteer "content") sells no compute;
// LABELING.md makes a licence cloud services.
func contentBought(f *frame, low []string, lo, hi int) {
	if f.kind == schemas.KindCompute && f.to.org.Content && !f.from.org.Content && f.capacity == nil && !hasPrefixAny(low, lo, hi, chipCues...) {
		f.kind = schemas.KindCloudServices
	}
}

// orientToSeller makes the one party that sells (a host, an owner of
// content) the one paid, and kind what it sells, when a word of cues stands
// in low[lo:hi]. Investments and revenue shares keep their direction, and
// nothing changes when both parties, or neither, sell.
func orientToSeller(f *frame, low []string, lo, hi int, sells func(*Org) bool, cues map[string]bool, kind string) {
	if f.kind == schemas.KindInvestment || f.kind == schemas.KindRevenueShare || sells(f.from.org) == sells(f.to.org) {
		return
	}
	for k := lo; k < hi; k++ {
		if cues[low[k]] {
			if sells(f.from.org) {
				f.from, f.to = f.to, f.from
			}
			f.kind = kind
			return
		}
	}
}
