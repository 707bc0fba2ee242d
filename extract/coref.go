package extract

import (
	"strings"
	"unicode"

	"github.com/jdkato/prose/v2"
	"golang.org/x/text/unicode/norm"
)

// mention is one reference to an organisation inside a sentence.
type mention struct {
	org      *Org
	surface  string
	wi, wj   int  // word range [wi, wj) in the sentence
	implicit bool // pronoun, "the company", "the chipmaker", "the companies"
	brand    bool // "Nvidia GPUs": the maker of the hardware, not a party
	poss     bool // followed by 's
	descr    bool // a descriptor ("the Claude developer"): the party is named by the organisation's name
}

// docState carries what coreference needs across the sentences of one
// article. It lives for one Extract call only.
type docState struct {
	recent      []*Org // most recently mentioned last (explicit mentions)
	lastSubject *Org
	unknown     map[string]*Org // name → article-local organisation
	unknownIdx  map[string][]unknownAlias
}

type unknownAlias struct {
	toks    []string
	org     *Org
	short   bool // the name without its company word ("Halcyon" for "Halcyon AI")
	country bool // a country standing for its government, only where a party stands
}

func (d *docState) touch(o *Org) {
	for i, r := range d.recent {
		if r == o {
			d.recent = append(d.recent[:i], d.recent[i+1:]...)
			break
		}
	}
	d.recent = append(d.recent, o)
}

// reviseSubject sets the sentence's subject for the next sentence's "the
// company" from the mentions left after the sentence's filters: an
// organisation dropped as a former employer or a person's tie ("founded by
// former Meta researchers, Mistral has ...") is no subject.
func (d *docState) reviseSubject(low []string, ms []mention) {
	for _, m := range ms {
		if !m.implicit && m.org == d.lastSubject {
			return
		}
	}
	for _, m := range ms {
		if !m.implicit && !m.brand {
			d.lastSubject = mainClauseSubject(low, ms, m.org)
			return
		}
	}
}

// lastOfKinds returns the most recent organisation of one of the kinds.
func (d *docState) lastOfKinds(kinds []string, not *Org) *Org {
	for i := len(d.recent) - 1; i >= 0; i-- {
		if d.recent[i] == not {
			continue
		}
		for _, k := range kinds {
			if d.recent[i].Kind == k {
				return d.recent[i]
			}
		}
	}
	return nil
}

// pair returns the two most recently mentioned organisations.
func (d *docState) pair() (*Org, *Org) {
	if len(d.recent) < 2 {
		return nil, nil
	}
	return d.recent[len(d.recent)-2], d.recent[len(d.recent)-1]
}

var pronounSingular = map[string]bool{"it": true, "its": true}

// payVerbs take the payee as direct object: "X will pay the publisher a share".
var payVerbs = map[string]bool{"pay": true, "pays": true, "paid": true, "paying": true}

var companyNouns = map[string]bool{"company": true, "firm": true, "group": true, "startup": true, "start-up": true,
	// industry nouns that name a company by its trade: "the German publisher", "the Paris-based broadcaster"
	"publisher": true, "broadcaster": true, "retailer": true, "insurer": true, "automaker": true, "carmaker": true}

// companyPhraseLen returns the length of "the [up to three describing words]
// company" starting at i, or 0. Known generic descriptors ("the chipmaker")
// are matched by the gazetteer before.
func companyPhraseLen(ws []word, low []string, i int) int {
	words := 0
	for n := 1; words < 4 && i+n < len(low); n++ {
		w := low[i+n]
		if w != "-" && low[i+n-1] != "-" {
			words++ // "enterprise-model" is one describing word: the tokeniser splits hyphens
		}
		if w == "start" && i+n+2 < len(low) && low[i+n+1] == "-" && low[i+n+2] == "up" {
			// "the robotics start-up", "the conversational-agent start-up": the tokeniser splits hyphens
			if i+n+3 < len(low) && (low[i+n+3] == "of" || isCapitalised(ws[i+n+3].Text)) {
				return 0
			}
			return n + 3
		}
		if companyNouns[w] {
			if i+n+1 < len(low) && (low[i+n+1] == "of" || isCapitalised(ws[i+n+1].Text)) {
				return 0 // "the company of ...", "the startup Anthropic"
			}
			if w == "company" && isCapitalised(ws[i+n].Text) && isCapitalised(ws[i+n-1].Text) && !nationalities[ws[i+n-1].Text] && !places[ws[i+n-1].Text] {
				return 0 // "The Walt Disney Company", "The Hillman Company": a name, not a description
			}
			return n + 1
		}
		if w == "," || w == "." || preps[w] || triggerWords[w] != trNone || w == "'s" || w == "and" {
			return 0
		}
	}
	return 0
}

// lastOther returns the most recently mentioned organisation other than not.
func (d *docState) lastOther(not *Org) *Org {
	for i := len(d.recent) - 1; i >= 0; i-- {
		if d.recent[i] != not {
			return d.recent[i]
		}
	}
	return nil
}

var pairPhrases = [][]string{
	{"the", "two", "companies"}, {"both", "companies"}, {"the", "companies"}, {"the", "two", "firms"},
	{"the", "two"}, {"the", "pair"}, {"both", "sides"}, {"the", "partners"}, {"the", "two", "sides"},
	{"they"}, {"their"}, {"both"},
}

// pronounFilter and pairPhraseStarts turn most words away before
// findMentions looks them up in pronounSingular and pairPhrases.
var (
	pronounFilter    = newWordFilter(pronounSingular)
	pairPhraseStarts = func() *wordFilter {
		f := &wordFilter{}
		for _, p := range pairPhrases {
			f.add(p[0])
		}
		return f
	}()
)

var hardwareNouns = map[string]bool{
	"gpus": true, "gpu": true, "chips": true, "chip": true, "processors": true, "graphics": true, "accelerators": true,
	"hardware": true, "systems": true, "servers": true, "superchips": true, "tpus": true, "blackwell": true,
	"hopper": true, "instinct": true, "silicon": true, "semiconductors": true, "processor": true, "accelerator": true,
	"racks": true, "rack": true, "cards": true,
}

// creditWords open a picture's credit: "Photo: Jane Roe (Getty Images)",
// "(Image credit: Getty Images)", "Photo by Jane Roe via AFP".
var creditWords = map[string]bool{"photo": true, "photos": true, "image": true, "images": true, "photograph": true,
	"picture": true, "pictures": true, "illustration": true, "credit": true, "video": true}

// photoCredit reports a mention at i that credits a picture, not a party:
// a credit word followed by ":", "by" or "credit" up to ten words before it
// ("Photo: Jane Roe (Getty Images)", "(Image credit: Getty Images)", "Photo
// by Jane Roe via Reuters"), or an owner of content right after a slash
// ("Pichai by Jane Roe/Getty Images").
func photoCredit(low []string, i int, o *Org) bool {
	if i > 0 && low[i-1] == "/" && o.Content {
		return true
	}
	for k := max(0, i-10); k+1 < i; k++ {
		if creditWords[low[k]] && (low[k+1] == ":" || low[k+1] == "by" || low[k+1] == "credit") {
			return true
		}
	}
	return false
}

// findMentions finds every organisation mention in one sentence: gazetteer
// names, article-local unknown organisations, descriptors and pronouns.
// It updates the coreference state.
func (x *Extractor) findMentions(d *docState, ws []word, low []string) []mention {
	var out []mention
	var firstExplicit *Org
	for i := 0; i < len(ws); {
		if e, n, ok := x.gaz.match(ws, i); ok {
			var org *Org
			implicit := false
			switch {
			case e.org != nil && e.descriptor:
				if i+n < len(ws) && isCapitalised(ws[i+n].Text) && isBareToken(ws[i+n].Text) && !notNames[ws[i+n].Text] {
					i += n // "French AI startup Zorbit": the name follows, the description is its own
					continue
				}
				org = e.org // unambiguous by design: as good as the name
			case e.org != nil:
				org = e.org
			case e.generic != nil:
				if i > 0 && low[i-1] == "the" {
					org = d.lastOfKinds(e.generic, objectDescriptorNot(out, low, i))
					implicit = true
				}
			}
			if org != nil && photoCredit(low, i, org) {
				i += n // "(Image credit: Getty Images)": the picture's source, no party of the story
				continue
			}
			if org != nil {
				m := x.newMention(org, ws, low, i, i+n, implicit)
				m.descr = e.descriptor
				out = append(out, m)
				if !implicit && !ownerInDescription(low, i) {
					d.touch(org) // ("owned by Saudi Arabia's Public Investment Fund" describes; it is no party of "the two")
				}
				if !implicit && !m.brand && !frontedPrepObject(low, i, i+n) {
					if firstExplicit == nil {
						firstExplicit = org
					}
				}
			}
			i += n
			continue
		}
		if m, n, ok := d.matchUnknown(ws, i); ok {
			if photoCredit(low, i, m) {
				i += n
				continue
			}
			// swallow a dropped suffix: "Valor Equity Partners", "Radical Ventures"
			for i+n < len(ws) && legalSuffixes[ws[i+n].Text] {
				n++
			}
			out = append(out, x.newMention(m, ws, low, i, i+n, false))
			d.touch(m)
			if firstExplicit == nil && !frontedPrepObject(low, i, i+n) {
				firstExplicit = m
			}
			i += n
			continue
		}
		w := low[i]
		switch {
		case pronounFilter.mayHold(w) && pronounSingular[w]:
			// "it", "its": the organisation this sentence is about so far, or
			// the subject of the previous sentence.
			org := firstExplicit
			if org == nil {
				org = d.lastSubject
			}
			if o := reporterOf(out, low, i); o != nil {
				org = o // "Intel shares rose after Nvidia said it would invest": it = Nvidia
			}
			if org != nil && (w == "its" || nextIsVerbish(low, i) || i+1 < len(low) && subjectFollowers[low[i+1]] || objectOfPayment(low, i)) {
				out = append(out, mention{org: org, surface: ws[i].Text, wi: i, wj: i + 1, implicit: true})
			}
		case w == "the" && companyPhraseLen(ws, low, i) > 0:
			// "the company", "the Canadian company", "the San Francisco-based startup"
			n := companyPhraseLen(ws, low, i)
			org := firstExplicit
			if org == nil {
				org = d.lastSubject
			}
			if i > 0 && (preps[low[i-1]] && low[i-1] != "as" || payVerbs[low[i-1]] && firstExplicit != nil) {
				// object of a preposition: the other organisation ("an investment in the company")
				payer := firstExplicit
				if payVerbs[low[i-1]] && len(out) > 0 {
					payer = out[len(out)-1].org // "under which B will pay the publisher": the payee is not B
				} else if r := reportedClauseSubject(out, low); r != nil {
					payer = r // "Anthropic said Microsoft will invest in the company": not Microsoft
				}
				if o := d.lastOther(payer); o != nil {
					org = o
				}
				if noun := low[i+n-1]; noun == "startup" || noun == "up" {
					// "its partnership with the start-up": the other young company, not a cloud or chip giant
					if o := d.lastOfKinds([]string{kindLab, kindSoftware, kindNeocloud, kindOther}, payer); o != nil {
						org = o
					}
				}
			} else if noun := low[i+n-1]; (noun == "startup" || noun == "start-up" || noun == "up") && firstExplicit != nil {
				// "the coding startup" after "Anthropic cut off Windsurf's access": the other young company
				if o := d.lastOfKinds([]string{kindLab, kindSoftware, kindNeocloud, kindOther}, firstExplicit); o != nil {
					org = o
				}
			}
			if k := len(out) - 1; k >= 0 && i > 0 && low[i-1] == "," && out[k].wj == i-1 && !out[k].implicit && i+n < len(low) && (low[i+n] == "," || low[i+n] == ".") {
				org = out[k].org // apposition: "Pylon, the agent start-up, agreed": the start-up is Pylon
			}
			if org != nil {
				out = append(out, x.newMention(org, ws, low, i, i+n, true))
				i += n
				continue
			}
		default:
			if !pairPhraseStarts.mayHold(w) {
				break // (the cheap test first: most words start no pair phrase)
			}
			if n := matchPhrase(low, i, pairPhrases); n > 0 {
				a, b := d.pair()
				if a != nil {
					// Only "both companies" style phrases, not "the two-year" etc.
					if n > 1 || w == "they" || w == "their" {
						out = append(out, mention{org: a, surface: ws[i].Text, wi: i, wj: i + n, implicit: true})
						out = append(out, mention{org: b, surface: ws[i].Text, wi: i, wj: i + n, implicit: true})
					}
				}
				i += n
				continue
			}
		}
		i++
	}
	if firstExplicit != nil {
		d.lastSubject = mainClauseSubject(low, out, firstExplicit)
	}
	return out
}

func (x *Extractor) newMention(org *Org, ws []word, low []string, i, j int, implicit bool) mention {
	m := mention{org: org, surface: joinWords(ws, i, j), wi: i, wj: j, implicit: implicit}
	k := j
	if k < len(ws) && low[k] == "'s" {
		m.poss = true
		k++
	}
	if k+1 < len(ws) && low[k] == "-" && ws[k].Start == ws[k-1].End && !isCapitalised(ws[k+1].Text) {
		m.brand = true // "Nvidia-powered", "AMD-based"
	}
	if k < len(ws) && rivalNouns[low[k]] {
		m.brand = true // "China's OpenAI rival Zhipu AI", "Nvidia challenger Cerebras": a description of another company
	}
	if (org.Kind == kindChip || org.Kind == kindHardware) && k < len(ws) {
		// "Nvidia GPUs", "Nvidia's GB300 systems", "AMD Instinct chips"
		for n := 0; n < 6 && k+n < len(ws); n++ {
			if hardwareNouns[low[k+n]] {
				m.brand = true
				break
			}
			if low[k+n] == "," || low[k+n] == "." || preps[low[k+n]] || triggerWords[low[k+n]] != trNone {
				break
			}
		}
	}
	return m
}

func isDigitStart(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

var subjectFollowers = map[string]bool{
	"had": true, "has": true, "have": true, "will": true, "would": true, "is": true, "was": true, "said": true, "says": true,
	"signed": true, "agreed": true, "plans": true, "planned": true, "expects": true, "also": true, "has'": true, "committed": true,
	"invested": true, "announced": true, "struck": true, "could": true, "may": true, "now": true, "already": true, "previously": true,
}

func nextIsVerbish(low []string, i int) bool {
	// "it had signed", "it will", "it is": keep the subject pronoun; skip "it" as an object.
	if i == 0 {
		return true
	}
	switch low[i-1] {
	case "said", "says", "that", "which", "when", "as", "and", "but", "while", ",", "because", "after", "where":
		return true
	}
	return false
}

func matchPhrase(low []string, i int, phrases [][]string) int {
	for _, p := range phrases {
		if i+len(p) > len(low) {
			continue
		}
		ok := true
		for k, t := range p {
			if low[i+k] != t {
				ok = false
				break
			}
		}
		if ok {
			return len(p)
		}
	}
	return 0
}

func joinWords(ws []word, i, j int) string {
	if i >= j {
		return ""
	}
	if j-i == 1 {
		return ws[i].Text
	}
	var b strings.Builder
	for k := i; k < j; k++ {
		if k > i && ws[k].Start > ws[k-1].End {
			b.WriteByte(' ')
		}
		b.WriteString(ws[k].Text)
	}
	return b.String()
}

func (d *docState) matchUnknown(ws []word, i int) (*Org, int, bool) {
	if d.unknownIdx == nil {
		return nil, 0, false
	}
	var best *Org
	bestN := 0
	for _, u := range d.unknownIdx[ws[i].Text] {
		if i+len(u.toks) > len(ws) || len(u.toks) <= bestN {
			continue
		}
		ok := true
		for k, t := range u.toks {
			if ws[i+k].Text != t {
				ok = false
				break
			}
		}
		if ok && (!u.short || shortAliasFits(ws, i, len(u.toks))) && (!u.country || countryPartySlot(ws, i, len(u.toks))) {
			best, bestN = u.org, len(u.toks)
		}
	}
	return best, bestN, best != nil
}

// Unknown organisations: a capitalised name ending in a company word
// ("Acme Labs", "Foo Technologies Inc."), or introduced as one ("startup
// Foo", "Foo, the GPU cloud company").
var orgSuffixes = map[string]string{
	"Inc": kindOther, "Inc.": kindOther, "Corp": kindOther, "Corporation": kindOther, "Ltd": kindOther, "LLC": kindOther,
	"plc": kindOther, "Labs": kindLab, "Lab": kindLab, "AI": kindLab, "Technologies": kindOther, "Capital": kindInvestor,
	"Ventures": kindInvestor, "Partners": kindInvestor, "Holdings": kindOther, "Systems": kindOther, "Networks": kindOther,
	"Computing": kindNeocloud, "Robotics": kindLab, "Semiconductor": kindChip, "Semiconductors": kindChip,
	"Energy": kindNeocloud, "Investments": kindInvestor, "Management": kindInvestor, "Fund": kindInvestor,
	"Intelligence": kindLab, "Compute": kindNeocloud, "Datacenters": kindNeocloud, "Software": kindSoftware,
	"Centers": kindNeocloud, "Centres": kindNeocloud, // "Boreal Data Centers"
	"Company": kindOther, // "H Company", "Acme Trading Company"
	"Group":   kindOther, // "CME Group"
	// public bodies that buy cloud and AI services: "the National Security
	// Agency", "the General Services Administration"
	"Agency": kindOther, "Administration": kindOther,
}

var legalSuffixes = map[string]bool{"Partners": true, "Capital": true, "Ventures": true, "Management": true, "Investments": true, "Holding": true, "Inc": true, "Inc.": true, "Corp": true, "Corp.": true, "Corporation": true, "Ltd": true, "LLC": true, "plc": true, "Co": true, "Holdings": true, "Group": true}

// facilityNouns follow a name that names a site or an event: "Clinton Clean
// Energy Center", "Calvert Cliffs Nuclear Plant", "the Global AI Summit",
// "Dubai AI Week".
var facilityNouns = map[string]bool{
	"Center": true, "Centre": true, "Plant": true, "Station": true, "Facility": true, "Campus": true, "Park": true,
	"Project": true, "Site": true, "Complex": true,
	"Summit": true, "Conference": true, "Forum": true, "Expo": true, "Week": true, "Festival": true, "Day": true,
	"Congress": true, "Symposium": true, "Hackathon": true, "Awards": true,
}

var introNouns = map[string]string{
	"startup": kindLab, "start-up": kindLab, "neocloud": kindNeocloud, "company": kindOther, "firm": kindOther,
	"operator": kindNeocloud, "provider": kindNeocloud, "developer": kindLab, "maker": kindOther, "chipmaker": kindChip,
	"investor": kindInvestor, "lab": kindLab, "fund": kindInvestor, "bank": kindInvestor, "lender": kindInvestor, "designer": kindChip, "manufacturer": kindHardware,
}

var nationalities = map[string]bool{
	"American": true, "Canadian": true, "French": true, "German": true, "British": true, "Chinese": true, "Japanese": true,
	"Korean": true, "South": true, "Indian": true, "Israeli": true, "Emirati": true, "Saudi": true, "European": true,
	"Swiss": true, "Dutch": true, "Swedish": true, "Spanish": true, "Italian": true, "Taiwanese": true, "Singaporean": true,
	"Australian": true, "Brazilian": true, "Finnish": true, "Norwegian": true, "Danish": true, "Irish": true, "Polish": true,
	"Qatari": true, "Abu": true, "Dhabi": true, "Gulf": true, "Asian": true, "Valley": true, "Texas": true,
	"California": true, "Generative": true, "Agentic": true, "Sovereign": true, "Frontier": true, "Leading": true, "Rival": true,
	"Arabian": true, "Malaysian": true, "Indonesian": true, "Vietnamese": true, "Thai": true, "Turkish": true,
	"Mexican": true, "African": true, "Nigerian": true, "Kenyan": true, "Egyptian": true, "Kuwaiti": true, "Omani": true,
}

var notNames = map[string]bool{
	"The": true, "A": true, "An": true, "In": true, "On": true, "At": true, "For": true, "But": true, "And": true, "As": true,
	"It": true, "Its": true, "This": true, "That": true, "Under": true, "With": true, "By": true, "From": true, "After": true,
	"Chief": true, "Executive": true, "Analysts": true, "Shares": true, "Our": true, "We": true, "If": true, "When": true,
	"January": true, "February": true, "March": true, "April": true, "May": true, "June": true, "July": true, "August": true,
	"September": true, "October": true, "November": true, "December": true, "Monday": true, "Tuesday": true, "Wednesday": true,
	"Thursday": true, "Friday": true, "Saturday": true, "Sunday": true, "US": true, "U.S": true, "UK": true, "EU": true, "UAE": true,
	"Generative": true, "Artificial": true, "Open": true, "New": true, "Private": true, "Both": true, "Each": true, "Some": true,
	"Why": true, "What": true, "How": true, "Context": true, "Background": true, "Brief": true, "Also": true, "First": true,
	"Second": true, "Third": true, "Mr": true, "Ms": true, "CEO": true, "Project": true,
	"Series": true, "Round": true, // "in Series B funding"
	"He": true, "She": true, "They": true, "His": true, "Her": true, "Their": true, "I": true, "You": true, // "He has secured $150 million ..."
}

// nameOpeners are words notNames keeps out of names, which open an
// organisation's name when a company word ends it: "New Space Capital",
// "First Minute Capital" (not at the start of a sentence, where "New" may
// be an adjective of a headline).
var nameOpeners = map[string]bool{"New": true, "First": true}

// learnUnknown scans a sentence for organisations missing from the
// gazetteer and registers them for the rest of the article. It uses prose's
// tokenizer; the sentence is tokenised only when a cue is present.
func (x *Extractor) learnUnknown(d *docState, text string, ws []word, low []string, lower map[string]bool) {
	cue := false
	for i, w := range ws {
		if hasWord(orgSuffixFilter, orgSuffixes, w.Text) && i > 0 && isCapitalised(ws[i-1].Text) {
			cue = true
			break
		}
		if (hasWord(introNounFilter, introNouns, low[i]) || low[i] == "up" && i >= 2 && low[i-2] == "start") && i+1 < len(ws) && isCapitalised(ws[i+1].Text) {
			cue = true // words() splits "start-up" into "start", "-", "up"
			break
		}
		if w.Text == "," && i > 0 && i+2 < len(ws) && (low[i+1] == "the" || low[i+1] == "a" || low[i+1] == "an" || low[i+1] == "which" && businessVerbs[low[i+2]]) && isCapitalised(ws[i-1].Text) {
			cue = true
			break
		}
	}
	if !cue {
		return
	}
	// prose keeps an unspaced em dash inside its token ("Capital—bringing",
	// "Global—a"): spaced, the name before it stands alone
	doc, err := prose.NewDocument(strings.ReplaceAll(text, "—", " — "), prose.WithSegmentation(false), prose.WithTagging(false), prose.WithExtraction(false))
	if err != nil {
		return
	}
	toks := doc.Tokens()
	start := datelineEnd(toks) // "CHICAGO, June 30 (wire) - Foo Bar, a maker of ...": the sentence starts after the dash
	ctxKind := map[string]string{}
	kindFromContext := func(text, def string) string {
		k, ok := ctxKind[def]
		if !ok {
			k = kindFromContext(text, def)
			ctxKind[def] = k
		}
		return k
	}
	isName := func(s string) bool {
		if i := strings.IndexAny(s, "-–"); i >= 0 && i+1 < len(s) && !isCapitalised(s[i+1:]) {
			return false // "Paris-based"
		}
		// "However, the company ...": a sentence adverb is no name introduced by an apposition
		return isCapitalised(s) && !notNames[s] && !sentenceAdverbs[strings.ToLower(s)] && !strings.ContainsAny(s, "$%")
	}
	register := func(name []string, kind string) *Org {
		for len(name) > 0 && (nationalities[name[0]] || isNumberWord(strings.ToLower(name[0])) && !(len(name) > 1 && cardinals[strings.ToLower(name[0])])) {
			// "Dutch Mistral AI", "$250 Million Tech Fund" of a title-case headline;
			// a cardinal before a name is part of it ("Four Growers, a Pittsburgh-based startup")
			name = name[1:]
		}
		if len(name) == 1 {
			if _, suffixOnly := orgSuffixes[name[0]]; suffixOnly {
				return nil
			}
		}
		name = trimLegalForms(name)
		if len(name) == 0 || len(name) > 5 || commonWordAI(name, lower) {
			return nil
		}
		full := strings.Join(name, " ")
		for k := range name {
			// "Dutch Mistral AI": a known name inside is no new organisation
			for q := len(name); q > k; q-- {
				if _, ok := x.gaz.Resolve(strings.Join(name[k:q], " ")); ok {
					return nil
				}
			}
		}
		if o, ok := d.unknown[full]; ok {
			return o
		}
		id := slug(full)
		if id == "" {
			return nil
		}
		o := &Org{ID: id, Name: full, Kind: kind}
		d.addUnknown(full, o)
		return o
	}
	var buf [32]byte // a token lowered for introNouns, without allocating it
	for i := 0; i < len(toks); i++ {
		t := toks[i].Text
		// "Foo Bar Labs", "Acme Technologies Inc."
		if kind, ok := orgSuffixes[strings.TrimSuffix(t, ".")]; ok && i > 0 && isName(toks[i-1].Text) {
			j := i - 1
			for j > 0 && isName(toks[j-1].Text) && i-j < 4 {
				j-- // up to four words before the company word: "National Security Strategic Investment Fund"
			}
			if j-1 > start && nameOpeners[toks[j-1].Text] {
				j-- // "New Space Capital", "First Minute Capital": a common word that opens the name
			}
			if (j == 0 || j == start) && i-j >= 2 && openerWords[strings.ToLower(toks[j].Text)] {
				j++ // "Meanwhile Halcyon Labs ...": the opener is no part of the name
			}
			if i-j == 1 && t == "AI" && openingGerund(toks, j, start) {
				continue // "Building AI hubs in Europe will ...", a heading "Scaling AI infrastructure": a verb's -ing form, no company
			}
			name := []string{}
			for k := j; k <= i; k++ {
				name = append(name, strings.TrimSuffix(toks[k].Text, "."))
			}
			if kind == kindOther || kind == kindLab {
				kind = kindFromContext(text, kind)
			}
			if ownedProductName(toks, j, i+1) {
				continue // "its Cortex AI service": a product, not a company
			}
			if i+1 < len(toks) && facilityNouns[toks[i+1].Text] {
				continue // "the Clinton Clean Energy Center", "the Global AI Summit": a plant or an event, not a company
			}
			if t == "AI" && aiProductHead(toks, i+1) {
				continue // "its advanced Hopper AI chips", "the Helios AI datacenter": a product or a site
			}
			if o := register(name, kind); o != nil {
				x.learnDefinedName(d, toks, i+1, name, o)
			}
			continue
		}
		// "startup Foo", "the GPU cloud provider Foo"
		if kind, ok := introNouns[string(lowered(buf[:], t))]; ok && i+1 < len(toks) && isName(toks[i+1].Text) && (i == 0 || toks[i-1].Text != "the" || true) {
			j := i + 1
			for j+1 < len(toks) && isName(toks[j+1].Text) && j-i < 3 {
				j++
			}
			name := []string{}
			for k := i + 1; k <= j; k++ {
				name = append(name, toks[k].Text)
			}
			if i > 0 && isCapitalised(toks[i-1].Text) && !describesOrigin(toks, i-1) {
				continue // "Meta AI developer ..." is not an introduction ("Chinese startup Foo", "French AI startup Foo" are)
			}
			o := register(name, kindFromContext(text, kind))
			if o != nil && i > 0 && kind == kindLab && poweredIntro(strings.ToLower(toks[i-1].Text)) {
				makePowerProducer(o) // "renewable developer Foo", "geothermal startup Foo"
			}
			continue
		}
		// "Foo, the GPU cloud company based in ...": appositive at sentence start
		// "Foo Bar, which sells ...": a relative clause naming a line of business
		if t == "," && i > start && i-start < 4 && i+3 < len(toks) && strings.ToLower(toks[i+1].Text) == "which" && businessVerbs[strings.ToLower(toks[i+2].Text)] {
			name := []string{}
			all := true
			for q := start; q < i; q++ {
				if !isName(toks[q].Text) {
					all = false
				}
				name = append(name, toks[q].Text)
			}
			if all {
				register(name, kindFromContext(text, kindOther))
			}
			continue
		}
		if t == "," && i-start >= 2 && i+3 < len(toks) {
			if name, kind, power := midApposition(toks, i, start, isName); name != nil {
				if o := register(name, kind); o != nil && power {
					makePowerProducer(o) // "with Foo, a wind developer,"
				}
				continue
			}
		}
		if t == "," && i > start && i-start < 4 && i+3 < len(toks) {
			if det := strings.ToLower(toks[i+1].Text); det == "the" || det == "a" || det == "an" {
				for k := i + 2; k < len(toks) && k < i+8; k++ {
					if kind, ok := introNouns[string(lowered(buf[:], toks[k].Text))]; ok {
						name := []string{}
						all := true
						for q := start; q < i; q++ {
							if !isName(toks[q].Text) {
								all = false
							}
							name = append(name, toks[q].Text)
						}
						if all {
							register(name, kindFromContext(text, kind))
						}
						break
					}
				}
			}
		}
	}
}

// midApposition reads a partner's name inside a sentence that an
// apposition describes as an organisation: "a partnership with Foo, a
// leading home security provider, ...", "the collaboration between Foo Bar,
// a biotech startup that ..., and ...". The name (one to four capitalised
// words) follows "with" or "between"; "a" or "an" opens the apposition, and
// its noun is an introducing noun that ends the noun phrase (a comma, a
// full stop or a preposition follows it, not "a startup founder"). A
// person's name ("with John Smith, an investor in ...") is no organisation.
// The kind comes from the apposition's own words, not the sentence's: a
// power word makes a power producer ("a wind developer"), "GPU cloud" or
// "data centre" a host; "provider" alone names no cloud ("a security
// provider").
func midApposition(toks []prose.Token, i, start int, isName func(string) bool) (name []string, kind string, power bool) {
	det := toks[i+1].Text
	if det != "a" && det != "an" {
		return nil, "", false
	}
	j := i
	for j > start && i-j < 4 && isName(toks[j-1].Text) {
		j--
	}
	if j == i || j <= start || !partnerPrepositions[toks[j-1].Text] || givenNames[strings.ToLower(toks[j].Text)] {
		return nil, "", false
	}
	var desc strings.Builder
	for k := i + 2; k < len(toks)-1 && k < i+10; k++ {
		w := strings.ToLower(toks[k].Text)
		if w == "," || w == "." {
			return nil, "", false
		}
		power = power || poweredIntro(w)
		desc.WriteString(w)
		desc.WriteByte(' ')
		kind, ok := introNouns[w]
		if !ok {
			continue
		}
		if !introNounEnds[strings.ToLower(toks[k+1].Text)] {
			return nil, "", false
		}
		for q := j; q < i; q++ {
			name = append(name, toks[q].Text)
		}
		if kind == kindNeocloud {
			kind = kindOther
		}
		return name, kindFromContext(desc.String(), kind), power
	}
	return nil, "", false
}

// partnerPrepositions open the name of a partner: "with", "between".
var partnerPrepositions = map[string]bool{"with": true, "between": true}

// introNounEnds follow the noun that closes an apposition's noun phrase.
var introNounEnds = map[string]bool{",": true, ".": true, "that": true, "which": true, "of": true, "in": true, "based": true, "for": true, "with": true, "from": true}

// poweredIntro reports a word before "developer", "startup" or "lab" that
// makes the organisation introduced a power producer, not an AI developer:
// "renewable developer Foo", "nuclear startup Foo". ("Utility company Foo"
// keeps its kind: measured and left out, see README.)
func poweredIntro(w string) bool { return powerWords[w] || w == "renewable" }

// makePowerProducer marks an organisation that produces power: it sells
// to data centres as a host does, which LABELING.md's labels count as
// compute paid by the buyer.
func makePowerProducer(o *Org) { o.Kind, o.Host = kindNeocloud, true }

// describesOrigin reports a capitalised word at k that tells where an
// introduced organisation comes from, not a name: a nationality or place
// ("Chinese startup Foo", "Israeli chipmaker Foo"), or "AI" after one
// ("French AI startup Foo").
func describesOrigin(toks []prose.Token, k int) bool {
	if toks[k].Text == "AI" && k > 0 {
		k--
	}
	return nationalities[toks[k].Text] || places[toks[k].Text]
}

// commonWordAI reports a name ending in "AI" that a title-case headline made
// of common words: a deal verb before "AI" ("Tech Giants Forge AI
// Alliance"), or a two-word "W AI" whose W the article writes in lower case
// elsewhere, or a number or a unit ("Major AI Deal", "$10 Billion AI Push",
// "5 GW AI campus"). Known "Scale AI"-like companies are gazetteer entries
// and never reach this test.
func commonWordAI(name []string, lower map[string]bool) bool {
	if len(name) < 2 || name[len(name)-1] != "AI" {
		return false
	}
	if headlineVerbs[strings.ToLower(name[len(name)-2])] {
		return true // "Hugging Face and Google Cloud Forge AI Partnership", "Tech Giants Forge AI Alliance"
	}
	if len(name) != 2 {
		return false
	}
	w := strings.ToLower(name[0])
	return lower[w] || isNumberWord(w) || w == "gw" || w == "mw" || strings.Contains(w, "million") || strings.Contains(w, "billion") || strings.Contains(w, "trillion")
}

// openingGerund reports whether toks[j], the word before a company word,
// opens its sentence (or a quotation at its start) and is a verb's -ing form:
// "Building AI hubs ...", "Driving AI adoption". A company of that shape
// ("Landing AI", "Lightning AI") is read at a sentence start only when the
// gazetteer knows it.
func openingGerund(toks []prose.Token, j, start int) bool {
	if j != start && !(j == start+1 && isQuote(toks[start].Text)) {
		return false
	}
	w := strings.ToLower(toks[j].Text)
	return len(w) >= 5 && strings.HasSuffix(w, "ing") && !placeWord(toks[j].Text)
}

// headlineVerbs are deal verbs a title-case headline capitalises before
// "AI": "Forge AI Alliance", "Launch AI Venture".
var headlineVerbs = map[string]bool{
	"forge": true, "forges": true, "form": true, "forms": true, "launch": true, "launches": true, "build": true,
	"builds": true, "ink": true, "inks": true, "strike": true, "strikes": true, "seal": true, "seals": true,
	"sign": true, "signs": true, "expand": true, "expands": true, "unveil": true, "unveils": true, "boost": true, "boosts": true,
}

func kindFromContext(text, def string) string {
	l := strings.ToLower(text)
	switch {
	case strings.Contains(l, "gpu cloud") || strings.Contains(l, "data cent") || strings.Contains(l, "data-cent") || strings.Contains(l, "neocloud"):
		return kindNeocloud
	case strings.Contains(l, "chip"):
		return kindChip
	case strings.Contains(l, "venture") || strings.Contains(l, "investment firm") || strings.Contains(l, "private equity"):
		return kindInvestor
	}
	return def
}

// slug turns a name into an organisation id: lower case letters and digits.
func slug(name string) string {
	var b strings.Builder
	// letters with diacritics keep their base letter ("Dräger" → drager)
	name = strings.ToLower(name)
	for i := 0; i < len(name); i++ {
		if name[i] >= 0x80 {
			name = norm.NFD.String(name)
			break
		}
	}
	for _, r := range name {
		if r == 'ß' {
			b.WriteString("ss")
			continue
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// learnShortNames registers, before the article is read, the short names
// of the known organisations it names in full (learnShortName).
func (x *Extractor) learnShortNames(d *docState, sents [][]word, lower map[string]bool) {
	for _, ws := range sents {
		for i := 0; i+1 < len(ws); i++ {
			multi := isCapitalised(ws[i+1].Text) && len(ws[i].Text) >= 4 // "Cipher Mining"
			if !isCapitalised(ws[i].Text) || !multi && ws[i+1].Text != "(" {
				continue
			}
			e, n, ok := x.gaz.match(ws, i)
			if !ok || e.org == nil || e.descriptor {
				continue
			}
			if !e.product && n >= 2 {
				x.learnShortName(d, ws[i], e.org, lower)
			}
			if t := tickerAfter(ws, i+n); t != "" {
				if !x.gaz.oneWordName(t) {
					d.addShortAlias([]string{t}, e.org) // "TeraWulf (WULF)", "Galaxy Digital (NASDAQ:GLXY) ... GLXY shares rose" (r2501, r3565)
				}
			}
			i += n - 1
		}
	}
}

// tickerAfter returns the stock ticker in brackets at word k: "(WULF)",
// "(NASDAQ: GLXY)", "(NASDAQ:GLXY)"; else "".
func tickerAfter(ws []word, k int) string {
	if k+2 >= len(ws) || ws[k].Text != "(" {
		return ""
	}
	j := k + 1
	if j+2 < len(ws) && ws[j+1].Text == ":" {
		j += 2 // "NASDAQ: GLXY"
	}
	t := ws[j].Text
	if i := strings.LastIndexByte(t, ':'); i >= 0 {
		t = t[i+1:] // "NASDAQ:GLXY" as one word
	}
	if j+1 >= len(ws) || ws[j+1].Text != ")" || len(t) < 2 || len(t) > 5 || !allCaps(t) || !isCapitalised(t) {
		return ""
	}
	return t
}

// commonNameWords open names of several words but are words of their own,
// too common to stand for the organisation: "General Atlantic", "Blue Owl",
// "News Corp", "Bank of America".
var commonNameWords = map[string]bool{
	"General": true, "National": true, "International": true, "Global": true, "United": true, "Applied": true,
	"Advanced": true, "Commonwealth": true, "Together": true, "Safe": true, "Thinking": true, "Digital": true,
	"Blue": true, "Figure": true, "News": true, "First": true, "Royal": true, "Central": true, "Public": true,
	"State": true, "Bank": true, "Alpha": true, "Stack": true, "Core": true, "Primary": true, "Future": true,
	"Smart": true, "Data": true, "Cloud": true, "Power": true, "Green": true, "Prime": true, "Next": true,
	"Deep": true, "Black": true, "White": true, "Golden": true, "Silver": true, "Tiger": true, "Situational": true,
}

// learnShortName lets the first word of a known organisation's name of
// several words stand for it for the rest of the article, as news writes it
// after the first mention ("Cipher Mining ... Cipher will deliver 300 MW",
// "Talen Energy ... Talen said"). The word must look like a name of its own:
// capitalised, four letters or more, no place, nationality, company word or
// other organisation's name.
func (x *Extractor) learnShortName(d *docState, first word, org *Org, lower map[string]bool) {
	w := first.Text
	if len(w) < 4 || !isCapitalised(w) || allCaps(w) || notNames[w] || nationalities[w] || places[w] || nameCompanyWords[w] || commonNameWords[w] {
		return
	}
	if lw := strings.ToLower(w); lower[lw] || isNumberWord(lw) {
		return // "general" written in lower case in the article: a word, not a name ("General Atlantic")
	}
	if x.gaz.oneWordName(w) {
		return // "Microsoft Azure": the word is a name already
	}
	if d.unknown != nil {
		if _, taken := d.unknown[w]; taken {
			return
		}
	}
	d.addShortAlias([]string{w}, org)
}

func allCaps(w string) bool {
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}
