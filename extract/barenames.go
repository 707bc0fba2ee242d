package extract

import "strings"

// Bare names: organisations missing from the gazetteer and introduced
// without a company word ("Deloitte will pay Anthropic ..."). A capitalised
// name becomes an article-local organisation only when it appears at least
// twice and at least once in a deal slot: right after "with", "from", "by",
// "to", "in" shortly after a deal word, or as the subject right before one.
// Places, months, people's titles and sentence-initial words are excluded.

// places are words of place names, and the institutions and news outlets
// that sentences name as places do ("on Wall Street", "told Reuters").
var places = unionSet(geoPlaces, placeLikeNames)

// placeLikeNames are capitalised words that a sentence uses as it uses a
// place, but that name no place: an institution, an exchange, an outlet.
var placeLikeNames = map[string]bool{
	"Wall": true, "Street": true, "Congress": true, "Senate": true, "White": true, "House": true,
	"Commission": true, "Nasdaq": true, "NYSE": true, "Reuters": true, "Bloomberg": true,
	"Journal": true, "Times": true, "News": true, "CNBC": true, "Information": true,
}

// geoPlaces are words of the names of countries, regions and cities.
var geoPlaces = map[string]bool{
	"United": true, "States": true, "America": true, "Americas": true, "Europe": true, "Asia": true, "Africa": true,
	"China": true, "Japan": true, "India": true, "Korea": true, "Taiwan": true, "Germany": true, "France": true,
	"Britain": true, "England": true, "Kingdom": true, "UK": true, "Ireland": true, "Spain": true, "Italy": true,
	"Canada": true, "Mexico": true, "Brazil": true, "Australia": true, "Singapore": true, "Malaysia": true, "Indonesia": true,
	"Vietnam": true, "Thailand": true, "Israel": true, "Saudi": true, "Arabia": true, "Arab": true, "Qatar": true, "UAE": true,
	"Emirates": true, "Dubai": true, "Abu": true, "Dhabi": true, "Norway": true, "Sweden": true, "Finland": true,
	"Denmark": true, "Netherlands": true, "Switzerland": true, "Poland": true, "Russia": true, "Ukraine": true,
	"Texas": true, "California": true, "Virginia": true, "Ohio": true, "Arizona": true, "Nevada": true, "Oregon": true,
	"Washington": true, "Georgia": true, "Louisiana": true, "Wisconsin": true, "Indiana": true, "Iowa": true,
	"Pennsylvania": true, "Michigan": true, "Tennessee": true, "Carolina": true, "North": true, "South": true,
	"West": true, "East": true, "Western": true, "Eastern": true, "Northern": true, "Southern": true, "Midwest": true, // "in West Texas"
	"Middle": true, "Pacific": true, "Northwest": true, "Northeast": true, "Southwest": true, "Southeast": true, // "Middle Eastern investors", "the Pacific Northwest"
	// peoples, which a deal reaches but which sign none ("deliver to Indians")
	"Indians": true, "Americans": true, "Europeans": true, "Africans": true, "Asians": true, "Canadians": true,
	"Australians": true, "Germans": true, "Britons": true, "Brits": true, "Koreans": true, "Saudis": true, "Emiratis": true,
	"Israelis": true, "Brazilians": true, "Mexicans": true, "Nigerians": true, "Kenyans": true, "Indonesians": true,
	"New": true, "York": true, "Jersey": true, "Illinois": true, "Wyoming": true, "Utah": true, "Oklahoma": true,
	"Mississippi": true, "Alabama": true, "Florida": true, "Massachusetts": true, "Minnesota": true, "Kansas": true,
	"Nebraska": true, "Dakota": true, "Montana": true, "Idaho": true, "Colorado": true, "Kentucky": true,
	"London": true, "Paris": true, "Berlin": true, "Tokyo": true, "Seoul": true, "Beijing": true, "Shanghai": true,
	"Shenzhen": true, "Taipei": true, "Mumbai": true, "Bangalore": true, "Sydney": true, "Toronto": true,
	"Seattle": true, "Redmond": true, "Francisco": true, "San": true, "Jose": true, "Santa": true, "Clara": true,
	"Mountain": true, "View": true, "Silicon": true, "Valley": true, "Austin": true, "Dallas": true, "Houston": true,
	"Abilene": true, "Chicago": true, "Boston": true, "Atlanta": true, "Phoenix": true, "Amsterdam": true,
	"Stockholm": true, "Oslo": true, "Zurich": true, "Madrid": true, "Milan": true, "Hong": true, "Kong": true,
	"Childress": true,
	// countries, regions and cities seen as place possessives ("Kenya's EcoCloud")
	"Afghanistan": true, "Albania": true, "Algeria": true, "Angola": true, "Argentina": true, "Armenia": true,
	"Austria": true, "Azerbaijan": true, "Bahrain": true, "Bangladesh": true, "Belarus": true, "Belgium": true,
	"Bolivia": true, "Bulgaria": true, "Cambodia": true, "Chile": true, "Colombia": true, "Croatia": true,
	"Cyprus": true, "Czechia": true, "Ecuador": true, "Egypt": true, "Estonia": true, "Ethiopia": true,
	"Ghana": true, "Greece": true, "Hungary": true, "Iceland": true, "Iran": true, "Iraq": true, "Jordan": true,
	"Kazakhstan": true, "Kenya": true, "Kuwait": true, "Latvia": true, "Lebanon": true, "Lithuania": true,
	"Luxembourg": true, "Morocco": true, "Nigeria": true, "Oman": true, "Pakistan": true, "Peru": true,
	"Philippines": true, "Portugal": true, "Romania": true, "Rwanda": true, "Serbia": true, "Slovakia": true,
	"Slovenia": true, "Tanzania": true, "Tunisia": true, "Turkey": true, "Türkiye": true, "Uganda": true,
	"Uruguay": true, "Uzbekistan": true, "Venezuela": true, "Zealand": true, "Zambia": true, "Zimbabwe": true,
	"Scotland": true, "Wales": true, "Bavaria": true, "Quebec": true, "Ontario": true, "Munich": true,
	"Frankfurt": true, "Dublin": true, "Riyadh": true, "Doha": true, "Jakarta": true, "Bangkok": true,
	"Manila": true, "Nairobi": true, "Lagos": true, "Cairo": true, "Istanbul": true, "Osaka": true,
	"Hanoi": true, "Lisbon": true, "Vienna": true, "Brussels": true, "Warsaw": true, "Prague": true,
	"Helsinki": true, "Copenhagen": true,
}

var titleWords = map[string]bool{
	"chief": true, "executive": true, "officer": true, "ceo": true, "cfo": true, "cto": true, "founder": true,
	"co-founder": true, "president": true, "chairman": true, "chairwoman": true, "analyst": true, "mr": true, "ms": true,
	"dr": true, "head": true, "director": true, "spokesperson": true, "spokesman": true, "spokeswoman": true,
	"minister": true, "secretary": true, "senator": true, "professor": true, "investor": false,
}

var slotPreps = map[string]bool{"with": true, "from": true, "by": true, "to": true, "in": true, "into": true}

// learnBareNames registers bare organisation names for the article.
func (x *Extractor) learnBareNames(d *docState, all [][]word, lows [][]string, lower map[string]bool) {
	type cand struct {
		count, slots int
		nonInitial   bool
		person       bool
		product      int    // uses as a product's name: "Galaxy phones", "its Cortex"
		contract     bool   // "the JEDI contract": the name of a contract or programme
		strong       bool   // named once, but right after "partnered with", "invested in", "led by"
		power        bool   // described as a producer of power: "X, a geothermal energy company,"
		place        string // the place word before every use ("Silicon" of "Silicon Ranch"), else ""
		toks         []string
	}
	cands := map[string]*cand{}
	var order []string
	listed := map[string]bool{}
	for si, ws := range all {
		low := lows[si]
		if titleCase(ws) {
			continue // a title-case headline capitalises every word: no evidence of a name
		}
		for _, key := range x.listedNames(ws, low) {
			listed[key] = true
		}
		knownEnd := -1 // where the last name the gazetteer knows ends
		for i := 0; i < len(ws); i++ {
			if !isCapitalised(ws[i].Text) || !isBareToken(ws[i].Text) && !acronymLedName(ws, i) && !suffixLedName(ws, i) {
				continue
			}
			if e, n, ok := x.gaz.match(ws, i); ok {
				if n >= 2 && e.org != nil && !e.product && !e.descriptor {
					x.addShortGazetteerAlias(d, ws[i:i+n], e.org)
				}
				i += n - 1
				knownEnd = i + 1
				continue
			}
			if i == knownEnd {
				continue // "Yotta Infrastructure", "Telefónica Tech": the rest of a known name, not a name of its own
			}
			if _, n, ok := d.matchUnknown(ws, i); ok {
				i += n - 1
				continue
			}
			if i == 0 && len(ws) > 1 && isCapitalised(ws[1].Text) && commonOpener(ws[0].Text, lower) {
				continue // "Struggling Acme ...", "Meanwhile Acme ...": the name starts after the opener
			}
			j := i + 1
			for j < len(ws) && j-i < 3 && isCapitalised(ws[j].Text) && isBareToken(ws[j].Text) && !legalForms[ws[j].Text] { // "Thales SA": the name is Thales
				if _, _, ok := x.gaz.match(ws, j); ok {
					break
				}
				j++
			}
			if i == 0 && j == 1 && commonOpener(ws[0].Text, lower) {
				continue // "However, the company ...", "Earlier, X said": a sentence adverb alone
			}
			toks := make([]string, 0, j-i)
			for k := i; k < j; k++ {
				toks = append(toks, ws[k].Text)
			}
			key := strings.Join(toks, " ")
			c := cands[key]
			if c == nil {
				c = &cand{toks: toks}
				cands[key] = c
				order = append(order, key)
			}
			c.count++
			if i > 0 {
				c.nonInitial = true
			}
			switch pw := placeBefore(ws, i); {
			case c.count == 1:
				c.place = pw
			case pw != c.place:
				c.place = "" // a use with another place word, or none: the place word is no part of the name
			}
			if i > 0 && titleWords[low[i-1]] || i > 1 && titleWords[low[i-2]] && isCapitalised(ws[i-1].Text) || j-i >= 2 && titleWords[low[i]] {
				c.person = true // "Secretary Alfredo Pascual signed the MOU": a title opens a person's name
			}
			if j < len(ws) && (low[j] == "said" || low[j] == "says" || low[j] == "told") && j-i == 2 && !acronymLedName(ws, i) && (givenNames[low[i]] || !lower[low[i+1]]) {
				c.person = true // "Jensen Huang said"; not "Elementl Power said" where the article also writes "power"
			}
			if j+1 < len(ws) && low[j] == "," && places[ws[j+1].Text] && (i == 0 || low[i-1] == "in" || low[i-1] == "near" || low[i-1] == "at" || low[i-1] == "of") {
				c.person = true // "in Ellendale, North Dakota": a town, named with its state or country
			}
			if j-i >= 2 && givenNames[low[i]] {
				c.person = true // "Elon Musk", "Mira Murati": a given name first; "Musk" alone follows
			}
			if looksLikeProduct(ws, low, i, j) {
				c.product++ // "Galaxy phones", "Exynos 2600", "its Cortex"
			}
			// deal slots
			if i > 0 && slotPreps[low[i-1]] && triggerWithin(low, i-6, i-1) {
				c.slots++
			}
			if triggerWithin(low, j, j+3) && i > 0 || reportedSubject(low, j) {
				c.slots++
			}
			je := j // where the name's phrase ends, after a legal form ("Thales SA to launch")
			for je < len(ws) && legalForms[ws[je].Text] {
				je++
			}
			if strongSlot(low, i, je) || describedSlot(ws, low, i) || i > 0 && basedWord(low[i-1]) || leadsRound(low, j) || companyApposition(ws, low, j) || dealClauseSubject(low, j) ||
				x.partnerOfKnown(ws, low, i, j) {
				c.strong = true
			}
			// a longer capitalised run ("Commercial Lunar Payload Services") is one
			// name: its fourth word starts no name of its own
			for j < len(ws) && isCapitalised(ws[j].Text) && isBareToken(ws[j].Text) {
				j++
			}
			if powerApposition(ws, low, je) {
				c.power = true
			}
			if namesContract(low, j) {
				c.contract = true
			}
			i = j - 1
		}
	}
	markPersonSurnames(cands, func(c *cand) ([]string, bool) { return c.toks, c.person }, func(c *cand) { c.person = true })
	for _, key := range order {
		c := cands[key]
		if listed[key] {
			c.strong = true // an item of a list of organisations
		}
		// a name used as a product's is none, unless a deal slot names it as a
		// party and the product uses are the fewer ("a power deal with X ...
		// beyond its X deal", "X and Alibaba announced a partnership ... X phone owners")
		product := c.product > 0 && (!c.strong || 2*c.product >= c.count)
		if (c.count < 2 || c.slots == 0) && !c.strong || !c.nonInitial && !c.strong || c.person || product || c.contract {
			continue
		}
		if len(c.toks) == 1 && !c.strong && lower[strings.ToLower(key)] {
			continue // "a Store or Services page": a common word the article also writes in lower case
		}
		if d.unknown == nil {
			d.unknown = map[string]*Org{}
			d.unknownIdx = map[string][]unknownAlias{}
		}
		toks := c.toks
		if c.place != "" {
			toks = append([]string{c.place}, toks...) // "Silicon Ranch": the article never writes "Ranch" alone
			key = strings.Join(toks, " ")
		}
		if _, ok := d.unknown[key]; ok {
			continue
		}
		id := slug(key)
		if id == "" {
			continue
		}
		org := &Org{ID: id, Name: key, Kind: kindOther}
		if c.power {
			makePowerProducer(org)
		}
		d.unknown[key] = org
		d.unknownIdx[toks[0]] = append(d.unknownIdx[toks[0]], unknownAlias{toks: toks, org: org})
	}
}

// placeBefore is the place word right before a bare name at i, alone ("the
// Silicon Ranch deal"; not the second word of "North Dakota Ranch"), or "".
// A name the article always writes after the same place word starts with
// it: the place word is the name's first word, not where the company is.
func placeBefore(ws []word, i int) string {
	if i == 0 || !geoPlaces[ws[i-1].Text] || i > 1 && isCapitalised(ws[i-2].Text) {
		return ""
	}
	return ws[i-1].Text
}

// namesContract reports a contract or programme named by the capitalised
// words that end before j: "the JEDI contract", "its Joint Warfighting Cloud
// Capability contracts", "the JWCC cloud contract", "the Stargate program".
// Such a name is no organisation anywhere in the article.
func namesContract(low []string, j int) bool {
	if j < len(low) && low[j] == "cloud" {
		j++
	}
	return j < len(low) && namedContractNouns[low[j]]
}

var namedContractNouns = map[string]bool{"contract": true, "contracts": true, "program": true, "programme": true}

// addShortGazetteerAlias lets an article that names a known organisation
// by a long name ending in a company word ("Scale AI", "Thinking Machines
// Lab") call it by the rest later ("Scale", "Thinking Machines"), when the
// rest names nothing else the gazetteer knows.
func (x *Extractor) addShortGazetteerAlias(d *docState, name []word, org *Org) {
	toks := make([]string, len(name))
	for k, w := range name {
		toks[k] = w.Text
	}
	head := shortName(toks)
	if head == nil {
		return
	}
	if _, ok := x.gaz.Resolve(strings.Join(head, " ")); ok {
		return
	}
	d.addShortAlias(head, org)
}

// partnerOfKnown reports a name coordinated with a known organisation as the
// subject of a partnership: "Google Cloud and Liberty Global have announced a
// significant partnership", "Liberty Global and Google signed an alliance".
func (x *Extractor) partnerOfKnown(ws []word, low []string, i, j int) bool {
	known := false
	end := j
	switch {
	case i >= 2 && low[i-1] == "and":
		for k := max(0, i-5); k < i-1; k++ {
			if _, n, ok := x.gaz.match(ws, k); ok && k+n == i-1 {
				known = true
			}
		}
	case j+1 < len(low) && low[j] == "and":
		if _, n, ok := x.gaz.match(ws, j+1); ok {
			known, end = true, j+1+n
		}
	}
	if !known {
		return false
	}
	for k := end; k < len(low) && k <= end+6; k++ {
		if allianceNouns[low[k]] || low[k] == "partnerships" || low[k] == "partnered" || low[k] == "joint" {
			return true
		}
		if low[k] == "," || low[k] == "." || low[k] == "with" {
			return false
		}
	}
	return false
}

// acronymLedName reports whether ws[i] is a short all-caps group prefix that
// opens a two-word company name ("LG Uplus", "KT Nexa", "SK Hynix"): letters
// only, not a common acronym, followed by a capitalised bare word that is not
// itself all caps ("AI Act", "GPU Cloud" and "US Steel" stay out).
func acronymLedName(ws []word, i int) bool {
	s := ws[i].Text
	if len(s) < 2 || len(s) > 3 || strings.ToUpper(s) != s || notNames[s] || places[s] || commonAcronyms[s] || i+1 >= len(ws) {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	next := ws[i+1].Text
	return isCapitalised(next) && isBareToken(next) && strings.ToUpper(next) != next
}

// investorLeadWords are the company words that may open an investor's name.
var investorLeadWords = map[string]bool{"Capital": true, "Partners": true, "Ventures": true}

// suffixLedName reports a name whose first word is an investor's company
// word, followed by a name word: "Capital Factory", "Partners Group". (Not
// "AI Safety Institute" or "Energy Center": other company words open
// phrases that are no names.)
func suffixLedName(ws []word, i int) bool {
	if !investorLeadWords[ws[i].Text] || i+1 >= len(ws) {
		return false
	}
	next := ws[i+1].Text
	_, nextSuffix := orgSuffixes[next]
	return isCapitalised(next) && isBareToken(next) && !nextSuffix && !legalForms[next]
}

// reportedSubject reports whether the name ending before j is the subject of
// a reported deal: "X said it had committed to ...", "X says it will invest".
func reportedSubject(low []string, j int) bool {
	if j+1 >= len(low) {
		return false
	}
	switch low[j] {
	case "said", "says", "announced", "confirmed":
	default:
		return false
	}
	k := timeAdjunctEnd(low, j+1) // "X said Wednesday it", "X announced on May 21 that it"
	if k < len(low) && low[k] == "that" {
		k++
	}
	if k >= len(low) || low[k] != "it" {
		return false
	}
	return triggerWithin(low, k+1, k+5) // "it has agreed to spend"
}

// weekdays name the day a statement was made: "said Wednesday it".
var weekdays = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true}

// timeAdjunctEnd returns the index after a short time adjunct at k ("on
// Wednesday", "Wednesday", "on May 21", "today", "this week"), or k.
func timeAdjunctEnd(low []string, k int) int {
	j := k
	if j < len(low) && low[j] == "on" {
		j++
	}
	switch {
	case j < len(low) && weekdays[low[j]], j < len(low) && (low[j] == "today" || low[j] == "yesterday"):
		return j + 1
	case j+1 < len(low) && months[low[j]] && isNumberLike(low[j+1]):
		return j + 2
	case k+1 < len(low) && (low[k] == "this" || low[k] == "last") && (low[k+1] == "week" || low[k+1] == "month"):
		return k + 2
	}
	return k
}

// companyApposition reports a name followed at j by an apposition that calls
// it a company: "Pylon, the agent start-up, agreed ...", "Quill, a Berlin
// software company, said ...". The apposition must close with a comma or
// full stop ("X, the company's chief executive" is a person).
func companyApposition(ws []word, low []string, j int) bool {
	if j+2 >= len(low) || low[j] != "," || low[j+1] != "the" && low[j+1] != "a" && low[j+1] != "an" {
		return false
	}
	n := companyPhraseLen(ws, low, j+1)
	if n == 0 || j+1+n >= len(low) {
		return false
	}
	return low[j+1+n] == "," || low[j+1+n] == "."
}

// powerApposition reports an apposition after a name at j that describes a
// producer of power: "Sage Geosystems, a geothermal energy company,", "X,
// a nuclear power startup,". Such an organisation sells power to data centres,
// which LABELING.md's labels count as compute, as they do for the power
// producers the gazetteer marks as hosts.
func powerApposition(ws []word, low []string, j int) bool {
	if !companyApposition(ws, low, j) {
		return false
	}
	n := companyPhraseLen(ws, low, j+1)
	for k := j + 2; k < j+1+n; k++ {
		if powerWords[low[k]] {
			return true
		}
	}
	return false
}

// powerWords describe what a power producer makes.
var powerWords = map[string]bool{
	"energy": true, "power": true, "nuclear": true, "geothermal": true, "utility": true, "solar": true, "wind": true,
	"hydro": true, "hydropower": true, "reactor": true, "fusion": true, "electricity": true, "renewables": true,
}

var signVerbs = map[string]bool{"signed": true, "inked": true, "struck": true, "sealed": true, "signs": true, "inks": true, "strikes": true}

var signedNouns = map[string]bool{"agreement": true, "deal": true, "contract": true, "pact": true}

var relationVerbs = map[string]bool{"expanded": true, "extended": true, "deepened": true, "renewed": true, "expands": true, "extends": true, "deepens": true, "renews": true}

var allianceNouns = map[string]bool{"partnership": true, "alliance": true, "collaboration": true}

// dealClauseSubject reports a name at the head of a clause whose verb makes a
// deal with it as the subject: "X, meanwhile, has signed a S$500 million
// agreement", "X expanded its partnership with Y". Such a name is an
// organisation even when the article names it once.
func dealClauseSubject(low []string, j int) bool {
	k := j
	if k < len(low) && dashes[low[k]] {
		// a dashed apposition: "Cartesia — a startup co-founded by two researchers — announced"
		for e := k + 1; e < len(low) && e <= k+25; e++ {
			if low[e] == low[k] {
				return dealClauseSubject(low, e+1)
			}
			if low[e] == "." {
				break
			}
		}
		return false
	}
	if k+1 < len(low) && low[k] == "," && (low[k+1] == "a" || low[k+1] == "an") {
		// an apposition: "X, a blockchain-based compute protocol, announced"
		for e := k + 2; e < len(low) && e <= k+16; e++ {
			switch low[e] {
			case ",":
				return dealClauseSubject(low, e+1)
			case ".", ";", "and", "which", "who", "that":
				return false
			}
		}
		return false
	}
	if k < len(low) && low[k] == "," {
		// one parenthetical adverb: "X, meanwhile, has signed"
		if k+2 >= len(low) || low[k+2] != "," {
			return false
		}
		k += 3
	}
	for k < len(low) && (low[k] == "has" || low[k] == "have" || low[k] == "also" || low[k] == "has'" || low[k] == "will" || low[k] == "just" || low[k] == "recently" || low[k] == "is" || low[k] == "are") {
		k++
	}
	if k+1 >= len(low) {
		return false
	}
	if raisesRound(low, k) {
		return true
	}
	if chooseVerbs[low[k]] && hasAny(low, k+1, min(len(low), k+6), "as") && hasAny(low, k+1, min(len(low), k+10), "provider", "supplier", "vendor") &&
		hasAny(low, k+1, min(len(low), k+10), "cloud", "preferred") {
		return true // "Southwest Airlines selected AWS as its preferred cloud provider"
	}
	if (low[k] == "was" || low[k] == "is") && companySeatWords[low[k+1]] {
		return true // "Moore Threads was established in October 2020", "X is headquartered in Paris"
	}
	switch low[k] {
	case "invest", "invests", "invested":
		// "HCLTech invests $150M in Sarvam AI": the subject of an investment
		// with its amount and its investee is an organisation
		money := false
		for m := k + 1; m < len(low) && m <= k+6; m++ {
			if moneyAfter(low, k, m) {
				money = true
			}
			if low[m] == "in" && money {
				return true
			}
		}
		return false
	}
	switch {
	case signVerbs[low[k]]:
		for m := k + 1; m < len(low) && m <= k+7; m++ {
			if signedNouns[low[m]] {
				return true
			}
			if allianceNouns[low[m]] || low[m] == "memorandum" || low[m] == "mou" {
				return hasAny(low, m+1, min(len(low), m+5), "with") // "X signed a memorandum of understanding with Y"
			}
			if low[m] == "," || low[m] == "." || low[m] == "with" {
				return false
			}
		}
	case low[k] == "joined" && low[k+1] == "forces" && k+2 < len(low) && low[k+2] == "with":
		return true // "X has joined forces with Y"
	case relationVerbs[low[k]]:
		return (low[k+1] == "its" || low[k+1] == "their") && k+2 < len(low) && allianceNouns[low[k+2]]
	case partnerVerbs[low[k]] || low[k] == "teamed" || low[k] == "teams":
		// "Zorbit partnered with Google Cloud", "Zorbit teamed up with Oracle"
		return low[k+1] == "with" || low[k+1] == "up" && k+2 < len(low) && low[k+2] == "with"
	case formVerbs[low[k]]:
		// "Zorbit announced a strategic partnership with Google Cloud",
		// "Zorbit entered into a multi-year alliance with Oracle"
		for m := k + 1; m+1 < len(low) && m <= k+7; m++ {
			if allianceNouns[low[m]] {
				return low[m+1] == "with"
			}
			if low[m] == "," || low[m] == "." || low[m] == "with" || low[m] == "that" {
				return false
			}
		}
	}
	return false
}

// formVerbs announce or form an alliance with its subject as a party.
var formVerbs = map[string]bool{
	"announced": true, "announces": true, "formed": true, "forms": true, "forged": true, "forges": true,
	"entered": true, "enters": true, "launched": true, "launches": true, "struck": true, "strikes": true,
	"unveiled": true, "unveils": true,
}

// companySeatWords tell a company's founding or seat: "X was founded in 2019".
var companySeatWords = map[string]bool{"founded": true, "established": true, "incorporated": true, "headquartered": true, "co-founded": true}

// fundingVerbs take a round as their object: "X has collected $215m in
// funding", "X announced a $107 million Series B".
var fundingVerbs = map[string]bool{"collected": true, "received": true, "bagged": true, "snagged": true, "announced": true,
	"announces": true, "nabbed": true, "attracted": true}

// moneyAfter reports a word of an amount at m, after the verb at k: a
// currency sign, a scale word, or a number's "m" ("250 m").
func moneyAfter(low []string, k, m int) bool {
	w := low[m]
	return currencySign(w) || scaleWord(w) || strings.HasSuffix(w, "m") && m > k+1 && isNumberLike(low[m-1])
}

// raisesRound reports a verb at k that raises money for its subject: a
// raise verb with an amount within six words ("DeepInfra just raised $107
// million"), or a funding verb whose object is a round with an amount ("X
// announced a $107 million Series B"); the six words are counted after
// "the close of" when it follows the verb ("X announced the close of its
// $15 million Series A"). The subject of such a verb is a company even when
// the article names it once.
func raisesRound(low []string, k int) bool {
	if !raiseVerbs[low[k]] && !fundingVerbs[low[k]] {
		return false
	}
	money, round := false, false
	from := roundCloseEnd(low, k+1)
scan:
	for m := from; m < len(low) && m <= from+6; m++ {
		switch w := low[m]; {
		case moneyAfter(low, k, m):
			money = true
		case roundNouns[w] && w != "investment" || w == "series" || w == "seed": // "announced an investment of $N" invests
			round = true
		case w == "," || w == "." || w == ";":
			break scan
		case w == "forecast" || w == "guidance" || w == "outlook" || w == "prices" || w == "stake" || w == "dividend" || w == "debt" || w == "loan":
			return false
		}
	}
	if raiseVerbs[low[k]] {
		return money
	}
	return money && round
}

// roundCloseNouns name the end of a round as a noun: "announced the close
// of its $15 million Series A", "announced the completion of a $43 million
// financing round".
var roundCloseNouns = map[string]bool{"close": true, "closing": true, "completion": true, "conclusion": true}

// roundCloseEnd returns the index after "the close of" (or "the closing
// of", "the completion of", "the successful close of") at k, or k when no
// such phrase stands there.
func roundCloseEnd(low []string, k int) int {
	j := k
	if j < len(low) && low[j] == "the" {
		j++
	}
	if j < len(low) && low[j] == "successful" {
		j++
	}
	if j+1 < len(low) && roundCloseNouns[low[j]] && low[j+1] == "of" {
		return j + 2
	}
	return k
}

func isNumberLike(s string) bool {
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

// commonAcronyms are all-caps words that name things, not company groups.
var commonAcronyms = map[string]bool{
	"AI": true, "GPU": true, "CPU": true, "TPU": true, "NPU": true, "API": true, "IT": true, "HPC": true, "LLM": true,
	"IPO": true, "SEC": true, "FTC": true, "DOJ": true, "CFO": true, "CTO": true, "COO": true, "VP": true, "GW": true,
	"MW": true, "TV": true, "PC": true, "ML": true, "AR": true, "VR": true, "EV": true, "HR": true, "PR": true,
	// memory and chip technologies: "supply HBM3e 12-layer DRAM" (r4282), "HBM4" (r3607, r4295)
	"DRAM": true, "NAND": true, "SRAM": true, "HBM": true, "HBM2": true, "HBM2E": true, "HBM3": true, "HBM3E": true,
	"HBM3e": true, "HBM4": true, "HBM4E": true, "HBM4e": true, "ASIC": true, "ASICs": true, "FPGA": true, "SoC": true,
	"CoWoS": true, "EUV": true, "LPDDR5": true, "LPDDR5X": true, "GDDR6": true, "GDDR7": true, "SiC": true, "GaN": true,
	// documents a deal is signed as: "a Memorandum of Understanding (MoU)" (r4802, r5562)
	"MoU": true, "MOU": true, "MoUs": true, "MOUs": true, "LOI": true, "NDA": true,
}

func isBareToken(s string) bool {
	if len(s) < 2 || notNames[s] || nationalities[s] || places[s] || commonAcronyms[s] {
		return false
	}
	if _, ok := orgSuffixes[s]; ok {
		return false
	}
	var buf [32]byte
	if l := lowered(buf[:], s); months[string(l)] || isNumberWord(string(l)) || isAcronymPlural(s) {
		return false // "Two", "GPUs"
	}
	// all-caps short words are often acronyms of things, not companies (GPU, AI, CEO)
	if len(s) <= 3 && strings.ToUpper(s) == s {
		return false
	}
	return true
}

// lowered is s in lower case, as strings.ToLower gives it, for looking it
// up: an ASCII word that fits buf is lowered there, not allocated.
func lowered(buf []byte, s string) []byte {
	if len(s) > len(buf) {
		return []byte(strings.ToLower(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return []byte(strings.ToLower(s))
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(s)]
}

func triggerWithin(low []string, lo, hi int) bool {
	for k := max(lo, 0); k < min(hi, len(low)); k++ {
		switch triggerWords[low[k]] {
		case trNone, trRelation, trTerms, trExclusive:
		default:
			return true
		}
	}
	return false
}

// smallWords stay in lower case in a title-case headline.
var smallWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "of": true, "in": true, "on": true, "at": true, "to": true,
	"for": true, "with": true, "by": true, "as": true, "from": true, "vs": true, "via": true, "into": true, "its": true,
}

// titleCase reports a title-case headline: five words or more, and every
// word but small ones (articles, prepositions) capitalised.
func titleCase(ws []word) bool {
	words := 0
	for _, w := range ws {
		r := w.Text[0]
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			continue
		}
		if hasUpperASCII(w.Text) {
			var buf [32]byte
			if smallWords[string(lowered(buf[:], w.Text))] {
				continue
			}
		} else if smallWords[w.Text] {
			continue
		}
		if !isCapitalised(w.Text) {
			return false // one word in lower case that is no small word: no title case
		}
		words++
	}
	return words >= 5
}

func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return true
		}
	}
	return false
}
