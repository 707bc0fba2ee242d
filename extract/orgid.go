package extract

import (
	"strings"

	"github.com/jdkato/prose/v2"
)

// Organisation ids for names missing from the gazetteer (LABELING.md: the
// lowercase name, no spaces or punctuation). Only company-law endings are
// dropped ("Acme Robotics Inc." → acmerobotics); words that are part of the
// name stay ("Halcyon AI" → halcyonai, "Radical Ventures" → radicalventures).
// The name without its trailing company word ("Halcyon", "Radical") is kept
// as a short alias so that later bare mentions resolve to the same
// organisation.

// legalForms are endings that say what legal form a company has, not what it
// is called.
var legalForms = map[string]bool{
	"Inc": true, "Inc.": true, "Corp": true, "Corp.": true, "Corporation": true, "Ltd": true, "Ltd.": true,
	"Limited": true, "LLC": true, "L.L.C.": true, "plc": true, "PLC": true, "Plc": true, "GmbH": true, "AG": true,
	"SA": true, "S.A.": true, "SE": true, "Co": true, "Co.": true, "NV": true, "N.V.": true, "BV": true,
	"B.V.": true, "SpA": true, "S.p.A.": true, "PBC": true, "KK": true, "LP": true, "L.P.": true, "AB": true, "ASA": true, "Oy": true,
	"Pvt": true, "Pvt.": true, "Pte": true, "Pte.": true, "Bhd": true, "Bhd.": true, "Sdn": true, "Sdn.": true,
}

// nameCompanyWords are words that end many company names and are part of
// the name ("Labs", "Capital"); without them the rest still names the
// organisation in later bare mentions.
var nameCompanyWords = map[string]bool{
	"AI": true, "Labs": true, "Lab": true, "Technologies": true, "Technology": true, "Capital": true,
	"Ventures": true, "Partners": true, "Systems": true, "Networks": true, "Computing": true, "Robotics": true,
	"Intelligence": true, "Compute": true, "Datacenters": true, "Software": true, "Semiconductor": true,
	"Semiconductors": true, "Investments": true, "Management": true, "Cloud": true, "Energy": true,
	// industry words that end many names: "Tessa Health" is later "Tessa"
	"Health": true, "Therapeutics": true, "Bio": true, "Biosciences": true, "Analytics": true, "Security": true,
	"Dynamics": true, "Digital": true, "Media": true, "Mobility": true, "Automation": true, "Studios": true,
	"Data": true,
	// part of the name for labellers ("Stepstone Group" → stepstonegroup), yet "Stepstone" later
	"Group": true, "Holdings": true, "Holding": true,
}

// trimLegalForms drops trailing legal-form words, keeping at least one word.
func trimLegalForms(name []string) []string {
	for len(name) > 1 && (legalForms[name[len(name)-1]] || name[len(name)-1] == "&" || name[len(name)-1] == ",") {
		name = name[:len(name)-1]
	}
	return name
}

// unknownOrgID is the id of an organisation the gazetteer does not know.
func unknownOrgID(name []string) string {
	return slug(strings.Join(trimLegalForms(name), " "))
}

// shortName returns the name without its trailing company word ("Halcyon AI"
// → "Halcyon"), or nil when nothing distinctive would be left.
func shortName(name []string) []string {
	name = trimLegalForms(name)
	if n := len(name); n >= 3 && name[n-2] == "Data" && (name[n-1] == "Centers" || name[n-1] == "Centres") {
		name = name[:n-1] // "Boreal Data Centers" is later "Boreal"
	}
	if len(name) < 2 || !nameCompanyWords[name[len(name)-1]] {
		return nil
	}
	head := name[:len(name)-1]
	last := head[len(head)-1]
	if len(last) < 3 || notNames[last] || nationalities[last] || places[last] || nameCompanyWords[last] || isNumberWord(strings.ToLower(last)) {
		return nil
	}
	return head
}

// shortAliasFits reports whether a short alias at ws[i:i+n] reads as a name:
// inside a sentence, or at its start when a verb or possessive follows
// ("Halcyon said"), not "Together, the companies ...".
func shortAliasFits(ws []word, i, n int) bool {
	if i > 0 {
		return true
	}
	if i+n >= len(ws) {
		return false
	}
	next := strings.ToLower(ws[i+n].Text)
	if next == "," && i+n+1 < len(ws) {
		// "Boreal, a Quebec developer, signed ...": an apposition describes the name
		switch strings.ToLower(ws[i+n+1].Text) {
		case "a", "an", "the", "which", "whose", "who":
			return true
		}
	}
	if next == "and" && i+n+1 < len(ws) && isCapitalised(ws[i+n+1].Text) {
		return true // "Ardent and Google have restructured ...": coordinated names
	}
	if tr, ok := triggerWords[next]; ok && tr != trNone && strings.HasSuffix(next, "s") {
		return true // "Ardent pays Google a share": a deal verb in the present follows its subject
	}
	return next == "'s" || subjectFollowers[next]
}

var numberWords = map[string]bool{
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true,
	"nine": true, "ten": true, "eleven": true, "twelve": true, "twenty": true, "thirty": true, "forty": true,
	"fifty": true, "hundred": true, "thousand": true, "million": true, "billion": true, "dozen": true, "dozens": true,
	"hundreds": true, "thousands": true, "millions": true, "billions": true, "half": true, "both": true,
}

func isNumberWord(low string) bool { return numberWords[low] }

// cardinals are the number words that can start a company's name ("Two
// Sigma", "Four Growers"), unlike "Million" or "Dozens".
var cardinals = map[string]bool{
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true,
	"nine": true, "ten": true, "eleven": true, "twelve": true, "twenty": true, "thirty": true, "forty": true, "fifty": true,
}

// isAcronymPlural reports plurals of technical acronyms ("GPUs", "TPUs",
// "LLMs"), which are things, not companies.
func isAcronymPlural(s string) bool {
	if len(s) < 3 || s[len(s)-1] != 's' {
		return false
	}
	stem := s[:len(s)-1]
	return strings.ToUpper(stem) == stem && strings.ToLower(stem) != stem
}

// productNouns follow a product's name ("Galaxy phones", "Exynos chips",
// "Cortex AI service").
var productNouns = map[string]bool{
	"phone": true, "phones": true, "smartphone": true, "smartphones": true, "device": true, "devices": true,
	"chip": true, "chips": true, "processor": true, "processors": true, "model": true, "models": true,
	"assistant": true, "chatbot": true, "app": true, "apps": true, "service": true, "services": true,
	"platform": true, "users": true, "subscribers": true, "series": true, "lineup": true, "line": true,
	"brand": true, "software": true, "tablet": true, "tablets": true, "laptop": true, "laptops": true,
	"browser": true, "engine": true, "product": true, "products": true, "feature": true, "features": true,
	"glasses": true, "headset": true, "headsets": true, "car": true, "cars": true, "vehicle": true, "vehicles": true,
	"family": true, "accelerator": true, "accelerators": true, "gpu": true, "gpus": true, "system": true,
	"systems": true, "superchip": true, "superchips": true, "servers": true, "server": true,
}

// looksLikeProduct reports whether the name ending before word j is used as a
// product here: followed by a product noun or a model code ("Galaxy S26",
// "Exynos 2600"), or owned ("its Cortex", "Samsung's Galaxy").
func looksLikeProduct(ws []word, low []string, i, j int) bool {
	if j < len(ws) {
		if productNouns[low[j]] {
			return true
		}
		if t := ws[j].Text; len(t) <= 6 && strings.ContainsAny(t, "0123456789") && !strings.ContainsAny(t, "$€£¥%") && !isDigitStart(t) || isDigitStart(t) && len(t) == 4 && !strings.HasPrefix(t, "19") && !strings.HasPrefix(t, "20") {
			return true
		}
	}
	if i > 0 && (low[i-1] == "its" || low[i-1] == "their" || low[i-1] == "'s") {
		return true
	}
	return false
}

// addUnknown registers an article-local organisation under its full name
// and, when it ends in a company word, under its short name as well.
func (d *docState) addUnknown(full string, org *Org) {
	if d.unknown == nil {
		d.unknown = map[string]*Org{}
		d.unknownIdx = map[string][]unknownAlias{}
	}
	d.unknown[full] = org
	ts := wordTexts(full)
	if len(ts) == 0 {
		return
	}
	d.unknownIdx[ts[0]] = append(d.unknownIdx[ts[0]], unknownAlias{toks: ts, org: org})
	if head := shortName(ts); head != nil {
		d.addShortAlias(head, org)
	}
}

// addShortAlias registers head, a name without its company word, as a
// short alias of org, unless the article already knows that name.
func (d *docState) addShortAlias(head []string, org *Org) {
	if d.unknown == nil {
		d.unknown = map[string]*Org{}
		d.unknownIdx = map[string][]unknownAlias{}
	}
	key := strings.Join(head, " ")
	if _, taken := d.unknown[key]; taken {
		return
	}
	d.unknown[key] = org
	d.unknownIdx[head[0]] = append(d.unknownIdx[head[0]], unknownAlias{toks: head, org: org, short: true})
}

func wordTexts(s string) []string {
	ws := words(s)
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Text
	}
	return out
}

// markPersonSurnames marks a one-word candidate as a person when it is the
// last word of a name already known to be a person's ("chief financial
// officer Amy Hood ... Hood said").
func markPersonSurnames[C any](cands map[string]C, get func(C) ([]string, bool), mark func(C)) {
	surnames := map[string]bool{}
	for _, c := range cands {
		if toks, person := get(c); person && len(toks) >= 2 {
			surnames[toks[len(toks)-1]] = true
		}
	}
	for key, c := range cands {
		if toks, _ := get(c); len(toks) == 1 && surnames[key] {
			mark(c)
		}
	}
}

var leadingSubordinators = map[string]bool{
	"if": true, "while": true, "although": true, "though": true, "whereas": true, "unlike": true, "like": true,
	"where": true, "just": true, "even": true,
}

// mainClauseSubject is the organisation a sentence is about for the next
// sentence's "the company": the first one named, unless the sentence opens
// with a subordinate clause ("If Mistral is Europe's model champion, Nebius
// is its most aggressive builder"), whose organisation is only a comparison.
func mainClauseSubject(low []string, ms []mention, first *Org) *Org {
	if len(low) == 0 || !leadingSubordinators[low[0]] {
		return first
	}
	comma := -1
	for k, w := range low {
		if w == "," {
			comma = k
			break
		}
	}
	if comma < 0 {
		return first
	}
	for _, m := range ms {
		if m.wi > comma && !m.implicit && !m.brand {
			return m.org
		}
	}
	return first
}

// aiProductHead reports whether the word at k makes the "X AI" name before
// it a product or a site rather than a company: a product noun ("Hopper AI
// chips") or a data-centre word ("the Helios AI datacenter campus"). A
// company named "X AI" is still registered where it stands as a name.
func aiProductHead(toks []prose.Token, k int) bool {
	if k >= len(toks) {
		return false
	}
	w := strings.ToLower(toks[k].Text)
	if productNouns[w] || siteNouns[w] {
		return true
	}
	return w == "data" && k+1 < len(toks) && siteNouns[strings.ToLower(toks[k+1].Text)]
}

// siteNouns name a data-centre site after a name: "the Helios AI datacenter",
// "the Stargate AI data center".
var siteNouns = map[string]bool{
	"datacenter": true, "datacenters": true, "datacentre": true, "datacentres": true, "center": true, "centre": true,
	"centers": true, "centres": true, "campus": true, "campuses": true, "cluster": true, "clusters": true,
	"supercomputer": true, "supercomputers": true, "racks": true, "servers": true,
}

// ownedProductName reports a name at toks[i:j] that is owned and followed by
// a product noun: "its Cortex AI service", "Samsung's Galaxy AI features".
func ownedProductName(toks []prose.Token, i, j int) bool {
	if i == 0 || j >= len(toks) {
		return false
	}
	prev := strings.ToLower(toks[i-1].Text)
	owned := prev == "its" || prev == "their" || prev == "our" || prev == "'s" || strings.HasSuffix(prev, "'s")
	return owned && productNouns[strings.ToLower(toks[j].Text)]
}

// strongSlotHeads are words after which "with", "in" or "by" introduces an
// organisation: "partnered with Helsing", "invested in Lovable", "led by
// Accel".
var strongSlotHeads = map[string]string{
	"partnered": "with", "partnering": "with", "partnership": "with", "partnerships": "with", "collaboration": "with",
	"alliance": "with", "deal": "with", "agreement": "with", "contract": "with", "pact": "with", "teamed": "with",
	"partner": "with", "partners": "with", "collaborate": "with", "collaborates": "with", "collaborated": "with", "collaborating": "with",
	"invest": "in", "invests": "in", "invested": "in", "investing": "in", "investment": "in", "stake": "in",
	"led": "by", "co-led": "by", "backed": "by", "funded": "by",
}

// investedAmountIn reports a name at i after an investment verb and its
// amount: "invested $100 million in Zorbit", "poured a further $2 billion
// into Zorbit".
func investedAmountIn(low []string, i int) bool {
	if i < 4 || low[i-1] != "in" && low[i-1] != "into" {
		return false
	}
	money := false
	for k := i - 2; k >= 1 && k >= i-9; k-- {
		switch w := low[k]; {
		case amountWord(w):
			money = true
		case amountModifiers[w]:
		case investVerbs[w]:
			return money
		default:
			return false
		}
	}
	return false
}

// amountWord reports a word of an amount as words() leaves it: a currency
// sign, a number ("100", "250m") or a scale word.
func amountWord(w string) bool {
	return currencySign(w) || isDigitStart(w) || scaleWord(w)
}

// currencySign reports a currency sign as words() leaves it, a token of its
// own ("$", "€", "£").
func currencySign(w string) bool {
	return w == "$" || w == "€" || w == "£"
}

// scaleWord reports the scale word of an amount ("million", "billion").
func scaleWord(w string) bool {
	return w == "million" || w == "billion"
}

// amountModifiers may stand between an investment verb and its amount.
var amountModifiers = map[string]bool{
	"a": true, "an": true, "up": true, "to": true, "about": true, "around": true, "roughly": true, "nearly": true,
	"more": true, "than": true, "over": true, "some": true, "additional": true, "further": true, "another": true,
	"us": true, "usd": true, "eur": true, "bn": true, "mn": true, "m": true,
}

// investVerbs put money into a company.
var investVerbs = map[string]bool{
	"invest": true, "invests": true, "invested": true, "investing": true, "poured": true, "pours": true,
	"pouring": true, "injected": true, "injects": true, "injecting": true, "put": true, "puts": true, "putting": true,
}

// describedSlot reports a name at i that such a phrase introduces with a
// description before it: "a partnership with Chinese automaker Nio",
// "partnering with French technology group Thales", "a deal with
// Ohio-based cloud provider Brightwell". The description ends in a
// descriptor head and holds only lower-case words, places and "-based"
// words; one mention is evidence enough.
func describedSlot(ws []word, low []string, i int) bool {
	if i < 3 || !descriptorHeads[low[i-1]] {
		return false
	}
	for k := i - 2; k >= 1 && k >= i-6; k-- {
		if strongSlotHeads[low[k-1]] == low[k] {
			return true
		}
		w := ws[k].Text
		switch {
		case low[k] == "-" || basedWord(low[k]) || placeWord(w):
		case w == low[k] && isAlnumByte(w[0]) && !preps[w] && !determiners[w] && triggerWords[w] == trNone:
		default:
			return false
		}
	}
	return false
}

// joinedWith reports a name at i after a verb phrase of joining that ends in
// "with": "teamed up with Helsing", "has joined forces with Helsing".
func joinedWith(low []string, i int) bool {
	if i < 3 || low[i-1] != "with" {
		return false
	}
	switch low[i-2] {
	case "up":
		return teamVerbs[low[i-3]]
	case "forces":
		return forcesVerbs[low[i-3]]
	}
	return false
}

var (
	teamVerbs   = map[string]bool{"team": true, "teams": true, "teamed": true, "teaming": true, "tie": true, "ties": true, "tied": true, "tying": true}
	forcesVerbs = map[string]bool{"join": true, "joins": true, "joined": true, "joining": true}
)

// strongSlot reports a name at [i, j) that is the whole object of such a
// phrase ("partnered with Helsing to ..."): one mention is evidence enough.
func strongSlot(low []string, i, j int) bool {
	if i >= 2 && (low[i-1] == "called" || low[i-1] == "named" || low[i-1] == "dubbed") && descriptorHeads[low[i-2]] {
		return true // "a Santa Clara-based startup called NUVIA", "a startup called Yotta"
	}
	if i < 2 || strongSlotHeads[low[i-2]] != low[i-1] && !joinedWith(low, i) && !investedAmountIn(low, i) {
		return false
	}
	if j >= len(low) {
		return true
	}
	switch low[j] {
	case ",", ".", ";", "to", "on", "in", "for", "and", "that", "which", "worth", "valued", "at", "as", "over", "under", "after", "with", ")", "(":
		return true
	}
	return dashes[low[j]] // "led by TWG Global—a $40 billion investment firm—": a dash closes the name as a comma does
}
