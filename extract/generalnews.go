package extract

import "strings"

// General news is not deal news. On pages about consumer offers, public
// tenders and people, the rules would otherwise read a discount as a deal,
// an invitation to bid as a commitment, or a person as an organisation.
// These gates remove what is no deal between organisations.

// honorifics are titles that introduce a person, never an organisation.
var honorifics = map[string]bool{
	"dr": true, "dr.": true, "mr": true, "mr.": true, "ms": true, "ms.": true, "mrs": true, "mrs.": true,
	"sir": true, "dame": true, "prof": true, "prof.": true, "professor": true, "lord": true, "lady": true,
}

// dropPersons removes the organisations the gazetteer does not know whose
// name follows an honorific ("Dr. Patrick Soon-Shiong"): people are no
// parties to deals between organisations.
func (x *Extractor) dropPersons(ws []word, low []string, ments []mention) []mention {
	return dropWhere(ments, func(i int) bool {
		m := &ments[i]
		if m.implicit || !afterHonorific(ws, low, m.wi) && !afterTitle(low, m.wi) {
			return false
		}
		_, known := x.gaz.Org(m.org.ID)
		return !known
	})
}

// personTitles name a person's role; a name right after one ("CEO Jensen
// Huang", "Nvidia's CEO, Jensen Huang") is a person. Titles that also
// precede the organisation ("President Ascom North America") are left out.
var personTitles = map[string]bool{
	"ceo": true, "cfo": true, "cto": true, "coo": true, "founder": true, "co-founder": true, "cofounder": true,
	"chairman": true, "chairwoman": true, "boss": true, "spokesperson": true, "spokesman": true, "spokeswoman": true,
	"analyst": true, "minister": true,
}

// afterTitle reports a name at word i right after a person's title, with at
// most a comma between them.
func afterTitle(low []string, i int) bool {
	k := i - 1
	if k >= 0 && low[k] == "," {
		k--
	}
	return k >= 0 && personTitles[low[k]]
}

// afterHonorific reports a name at word i that an honorific introduces,
// with at most four words of the name between them ("Dr. Patrick
// Soon-Shiong").
func afterHonorific(ws []word, low []string, i int) bool {
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		if honorifics[low[k]] {
			return true
		}
		if low[k] != "." && low[k] != "-" && !isCapitalised(ws[k].Text) {
			return false
		}
	}
	return false
}

// consumerOffer reports a sentence about a price for shoppers: "$60
// cheaper", "$50 off", a discount, a coupon, Black Friday.
func consumerOffer(si *sentenceInfo) bool {
	low := si.low
	if hasAny(low, 0, len(low), "cheaper", "discount", "discounted", "coupon", "coupons") ||
		hasSeq(low, 0, len(low), "black", "friday") || hasSeq(low, 0, len(low), "cyber", "monday") || hasSeq(low, 0, len(low), "prime", "day") {
		return true
	}
	if !hasAny(low, 0, len(low), "off", "cheaper") {
		return false // the only cue left is an amount followed by one of these words
	}
	money := si.money
	if money == nil {
		money = FindAmounts(si.Text)
	}
	for _, mo := range money {
		k := wordIndexAt(si.ws, mo.End)
		if k < len(low) && (low[k] == "off" || low[k] == "cheaper") {
			return true
		}
	}
	return false
}

// invitesBids reports a trigger that invites offers ("chose to receive bids
// from A and B"): a tender, not a commitment.
func invitesBids(low []string, t int) bool {
	for k := t + 1; k < len(low) && k <= t+3; k++ {
		if strings.HasPrefix(low[k], "bid") || strings.HasPrefix(low[k], "proposal") || strings.HasPrefix(low[k], "tender") {
			return true
		}
	}
	return false
}

// dropGeneralNews removes a sentence's frames that are no deal between
// organisations: consumer offers, and invitations to bid.
func dropGeneralNews(si *sentenceInfo, fs []frame) []frame {
	if len(fs) == 0 {
		return fs
	}
	if consumerOffer(si) {
		return nil
	}
	out := fs[:0]
	for _, f := range fs {
		if f.trig >= 0 && f.trig < len(si.low) && invitesBids(si.low, f.trig) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// modifierNouns relate a name to the organisation named right after it:
// "OpenAI rival Anthropic", "Nvidia supplier SK Hynix". The first is a
// description of the second, not a party.
var modifierNouns = map[string]bool{
	"rival": true, "rivals": true, "competitor": true, "competitors": true, "challenger": true, "backer": true,
	"partner": true, "supplier": true, "customer": true, "investor": true, "spinoff": true, "spin-off": true,
	"peer": true, "startup": false,
}

// modifierVerbs make a hyphenated description: "Nvidia-backed CoreWeave".
var modifierVerbs = map[string]bool{"backed": true, "owned": true, "funded": true, "supported": true, "founded": true, "led": true}

// dropModifiers removes an organisation named only to describe the next
// one ("in OpenAI rival Anthropic", "Nvidia-backed CoreWeave").
func dropModifiers(low []string, ments []mention) []mention {
	return dropWhere(ments, func(i int) bool {
		m := ments[i]
		modifier := false
		if !m.implicit && !m.poss {
			for j := range ments {
				n := ments[j]
				if j == i || n.implicit || n.org == m.org {
					continue
				}
				if n.wi > m.wj && modifierNouns[low[m.wj]] && describes(low, m.wj+1, n.wi) ||
					n.wi == m.wj+2 && modifierNouns[low[m.wj]] && low[m.wj+1] == "," || // "another OpenAI rival, Cohere"
					n.wi == m.wj+2 && low[m.wj] == "-" && modifierVerbs[low[m.wj+1]] ||
					n.wi == m.wj+1 && strings.HasPrefix(low[m.wj], "-") && modifierVerbs[strings.TrimPrefix(low[m.wj], "-")] {
					modifier = true
					break
				}
			}
		}
		if !modifier && !m.implicit && m.wj < len(low) && personOfNouns[low[m.wj]] {
			modifier = true // "Amazon founder Jeff Bezos", "OpenAI co-founder's start-up": a person's tie
		}
		if !modifier && !m.implicit && m.wi >= 2 && low[m.wi-1] == "of" && personOfNouns[low[m.wi-2]] && !investorNouns[low[m.wi-2]] {
			modifier = true // "Jeff Bezos, the founder of Amazon,", "a former researcher of Google"
		}
		return modifier
	})
}

// mergeOwnedName makes one mention of an organisation named with its owner
// before it when both are the same organisation: "Alphabet Inc.'s Google",
// "Alphabet's CapitalG", "Microsoft's Azure" (r10646, r9982). As two
// mentions, the possessive one broke lists of investors ("from Alphabet
// Inc.'s Google, Nvidia Corp., Salesforce Inc.": only Google invested, with
// the round's whole amount).
func mergeOwnedName(low []string, ments []mention) []mention {
	merged := false
	for i := 0; i+1 < len(ments); i++ {
		a, b := &ments[i], &ments[i+1]
		if !a.poss || a.implicit || b.implicit || a.org != b.org || !ownerJoins(low, a.wj, b.wi) {
			continue
		}
		a.wj, a.poss, a.brand, a.surface = b.wj, b.poss, b.brand, b.surface
		b.org = nil
		merged = true
	}
	if !merged {
		return ments
	}
	return dropWhere(ments, func(i int) bool { return ments[i].org == nil })
}

// ownerJoins reports that only a possessive "'s" stands between the owner
// ending at j and the owned name starting at k.
func ownerJoins(low []string, j, k int) bool {
	switch k - j {
	case 0:
		return true
	case 1:
		return possessiveMark(low[j])
	}
	return false
}

// personOfNouns follow an organisation that only says whom a person belongs
// or belonged to: "Amazon founder Jeff Bezos", "Google researchers".
var personOfNouns = map[string]bool{
	"founder": true, "co-founder": true, "cofounder": true, "founders": true, "co-founders": true, "alum": true,
	"alums": true, "alumni": true, "veteran": true, "veterans": true, "researcher": true, "researchers": true,
	"engineer": true, "engineers": true, "employees": true, "staffers": true, "scientist": true, "scientists": true,
	"investor": true, "investor's": true, "backer": true, // "Temasek backs OpenAI investor's new fund"
}

// investorNouns among personOfNouns tie an organisation, not a person, when
// "of" follows: "the largest investor of OpenAI".
var investorNouns = map[string]bool{"investor": true, "investor's": true, "backer": true}

// describes reports that words [i, j) are a short description between a
// modifying organisation and the one it describes: nothing ("OpenAI rival
// Anthropic") or up to three lower-case words or "AI" ("OpenAI rival AI
// startup Anthropic").
func describes(low []string, i, j int) bool {
	if j-i > 3 {
		return false
	}
	for k := i; k < j; k++ {
		if w := low[k]; w == "," || w == "and" || w == "." || preps[w] {
			return false
		}
	}
	return true
}

// productKindNouns say that what a sentence's subject is, is a product.
var productKindNouns = map[string]bool{
	"addition": true, "product": true, "solution": true, "feature": true, "device": true, "app": true,
	"application": true, "version": true, "gadget": true, "console": true, "laptop": true, "phone": true,
}

// dropProducts removes an organisation the gazetteer does not know that the
// sentence says is a product ("Digistat Patient Watch is an important
// addition to GE Healthcare's portfolio"): products are no parties.
func (x *Extractor) dropProducts(low []string, ments []mention) []mention {
	return dropWhere(ments, func(i int) bool {
		m := &ments[i]
		if m.implicit || !isProductSubject(low, m.wj) {
			return false
		}
		_, known := x.gaz.Org(m.org.ID)
		return !known
	})
}

// isProductSubject reports "is a/an/the [up to three words] <product noun>"
// starting at word k.
func isProductSubject(low []string, k int) bool {
	if k+2 >= len(low) || low[k] != "is" && low[k] != "was" && low[k] != "becomes" {
		return false
	}
	if low[k+1] != "a" && low[k+1] != "an" && low[k+1] != "the" {
		return false
	}
	for j := k + 2; j < len(low) && j <= k+5; j++ {
		if productKindNouns[low[j]] {
			return true
		}
	}
	return false
}

// executiveNouns name a person's role at the organisation before them:
// "OpenAI CEO Sam Altman".
var executiveNouns = map[string]bool{
	"ceo": true, "founder": true, "co-founder": true, "cofounder": true, "chairman": true, "chairwoman": true,
	"president": true, "executive": true, "boss": true, "chief": true,
}

// dropPersonalStakes removes an organisation named only as a person's
// employer when the sentence says the person, not the organisation, put in
// the money: "OpenAI CEO Sam Altman maintains personal investments in
// Cerebras" (r3459), "received investment from OpenAI CEO Sam Altman"
// (r2546). "Nvidia CEO Jensen Huang announced a $5 billion investment" keeps
// Nvidia: an executive announcing speaks for the company.
func dropPersonalStakes(ws []word, low []string, ments []mention) []mention {
	return dropWhere(ments, func(i int) bool { return !ments[i].implicit && personalStake(ws, low, ments[i]) })
}

func personalStake(ws []word, low []string, m mention) bool {
	k := m.wj
	for k < len(low) && k < m.wj+3 && executiveNouns[low[k]] || k < len(low) && k < m.wj+4 && low[k] == "officer" {
		k++
	}
	if k == m.wj || k >= len(ws) || !isCapitalised(ws[k].Text) {
		return false
	}
	q := k
	for q < len(ws) && q < k+3 && isCapitalised(ws[q].Text) {
		q++ // the person's name
	}
	if q < len(low) && (low[q] == "'s" || low[q] == "’s") {
		return true // "Spotify CEO Daniel Ek's investment"
	}
	if m.wi > 0 && low[m.wi-1] == "from" {
		return true // "received investment from OpenAI CEO Sam Altman"
	}
	return hasAny(low, q, min(len(low), q+3), "personal", "personally", "himself", "herself", "privately")
}
