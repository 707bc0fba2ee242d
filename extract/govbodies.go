package extract

import (
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// Government bodies. Real news names ministries and departments as deal
// parties ("France's Ministry of the Armed Forces has awarded a framework
// agreement to Mistral AI", "the Ministry of Science and ICT signed ...").
// Such a name runs from "Ministry of" or "Department of" over capitalised
// words joined by "the", "and", "&" or "for"; the whole name is the
// organisation, as the labels write it (ministryofthearmedforces), not its
// last capitalised words.

// nationalGovernmentAt returns the length of "<country or nationality>
// government" or "Government of <country>" starting at word i after "the"
// ("the UK government", "the French government", "the Government of
// India"; the labels write ukgovernment, frenchgovernment,
// governmentofindia), else 0.
func nationalGovernmentAt(ws []word, i int) int {
	if i == 0 || i+1 >= len(ws) || !strings.EqualFold(ws[i-1].Text, "the") {
		return 0
	}
	if ws[i].Text == "Government" && ws[i+1].Text == "of" && i+2 < len(ws) {
		if n, _ := countryAt(ws, i+2); n > 0 {
			return 2 + n // "the Government of India": governmentofindia
		}
		return 0
	}
	if (ws[i].Text == "South" || ws[i].Text == "North") && i+2 < len(ws) && nationalities[ws[i+1].Text] && isGovernmentWord(ws[i+2].Text) {
		return 3 // "the South Korean government": southkoreangovernment
	}
	if !isGovernmentWord(ws[i+1].Text) {
		return 0
	}
	if w := ws[i].Text; nationalities[w] || places[w] || countryAbbrevs[w] {
		return 2
	}
	return 0
}

func isGovernmentWord(w string) bool { return w == "government" || w == "Government" }

// kindGovernment marks a national government: a party of partnerships and
// memoranda ("the UK government has signed a memorandum of understanding
// with Anthropic"), not of the commitments articles mention it in (grants,
// subsidies, chips supplied "to the Korean government and the country's
// largest companies"), which the labels leave out.
const kindGovernment = "government"

// dropGovernmentCommitments removes the commitments with a national
// government as a party.
func dropGovernmentCommitments(fs []frame) []frame {
	out := fs[:0]
	for _, f := range fs {
		if f.typ == schemas.TypeCommitment && (f.from != nil && f.from.org.Kind == kindGovernment || f.to != nil && f.to.org.Kind == kindGovernment) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// bodyHeads open a government body's name.
var bodyHeads = map[string]bool{"Ministry": true, "Department": true}

// bodyJoiners may stand inside a body's name between capitalised words.
var bodyJoiners = map[string]bool{"the": true, "and": true, "&": true, "for": true, "of": true}

// govBodyAt returns the length of a government body's name starting at word
// i ("Ministry of Science and ICT" is 5), or 0.
func govBodyAt(ws []word, i int, known func([]word, int) bool) int {
	if i+2 >= len(ws) || !bodyHeadFilter.mayHold(ws[i].Text) || !bodyHeads[ws[i].Text] || ws[i+1].Text != "of" {
		return 0
	}
	end, comma := 0, 0
	for k := i + 2; k < len(ws) && k < i+12; k++ {
		w := ws[k].Text
		switch {
		case isCapitalised(w) && !strings.ContainsAny(w, ".,;:"):
			if comma != 0 && known(ws, k) {
				return bodyLen(i, cutAtComma(end, comma)) // "the Ministry of Finance, Nvidia and SoftBank"
			}
			end = k + 1
		case bodyJoiners[w]:
			if w == "and" && comma > 0 {
				comma = -1 // "Ministry of Economy, Trade and Industry": the comma was the name's
			}
		case w == "," && comma == 0 && k+1 < len(ws) && isCapitalised(ws[k+1].Text):
			comma = end // where the name ends if no "and" closes the series
		default:
			return bodyLen(i, cutAtComma(end, comma))
		}
	}
	return bodyLen(i, cutAtComma(end, comma))
}

// cutAtComma ends a body's name before a comma that no "and" followed:
// "the Ministry of Finance, Nvidia and ..." is the Ministry of Finance.
func cutAtComma(end, comma int) int {
	if comma > 0 {
		return comma
	}
	return end
}

func bodyLen(i, end int) int {
	if end == 0 {
		return 0
	}
	return end - i
}

// learnGovBodies registers every government body the article names as an
// article-local organisation.
func (x *Extractor) learnGovBodies(d *docState, all [][]word) {
	known := func(ws []word, k int) bool { _, _, ok := x.gaz.match(ws, k); return ok }
	for _, ws := range all {
		for i := range ws {
			n, kind := govBodyAt(ws, i, known), kindOther
			if n == 0 {
				n, kind = nationalGovernmentAt(ws, i), kindGovernment
			}
			if n == 0 {
				continue
			}
			toks, key, ok := d.newNameAt(ws, i, n)
			if !ok {
				continue
			}
			d.learnName(toks, key, &Org{ID: slug(key), Name: key, Kind: kind}, false)
		}
	}
}

// countryGovernments maps a country's name, as news writes it, to the
// adjective its government is named with. A country named as the party of
// a partnership or a memorandum ("Greece signed a memorandum of
// understanding with OpenAI", "partnerships with the United Kingdom, India
// and Singapore") stands for its government: it is the same organisation
// as "the Government of India" when the article names that, and else
// takes the id "the Greek government" gets (greekgovernment). Our labels
// write a country named as a party both ways (six events each on folds
// r–aa); this way found 5 of them, the country's name 1.
var countryGovernments = map[string]string{
	"Greece": "Greek", "Vietnam": "Vietnamese", "India": "Indian", "Australia": "Australian", "Singapore": "Singapore",
	"United Kingdom": "UK", "UK": "UK", "U.K.": "UK", "Britain": "British", "United States": "US", "US": "US", "U.S.": "US",
	"Japan": "Japanese", "South Korea": "South Korean", "Korea": "Korean", "France": "French", "Germany": "German",
	"Italy": "Italian", "Spain": "Spanish", "Canada": "Canadian", "Saudi Arabia": "Saudi", "UAE": "UAE",
	"United Arab Emirates": "UAE", "Qatar": "Qatari", "Kenya": "Kenyan", "Nigeria": "Nigerian", "Morocco": "Moroccan",
	"Egypt": "Egyptian", "Iceland": "Icelandic", "Norway": "Norwegian", "Sweden": "Swedish", "Denmark": "Danish",
	"Finland": "Finnish", "Estonia": "Estonian", "Poland": "Polish", "Ukraine": "Ukrainian", "Israel": "Israeli",
	"Malaysia": "Malaysian", "Indonesia": "Indonesian", "Thailand": "Thai", "Philippines": "Philippine",
	"Brazil": "Brazilian", "Mexico": "Mexican", "Chile": "Chilean", "Argentina": "Argentine", "Kazakhstan": "Kazakh",
	"Taiwan": "Taiwanese", "Netherlands": "Dutch", "Switzerland": "Swiss", "Ireland": "Irish", "Portugal": "Portuguese",
	"Austria": "Austrian", "Belgium": "Belgian", "Turkey": "Turkish", "Rwanda": "Rwandan", "South Africa": "South African",
	"New Zealand": "New Zealand", "Albania": "Albanian", "Armenia": "Armenian", "Oman": "Omani", "Kuwait": "Kuwaiti",
	"Bahrain": "Bahraini", "China": "Chinese", "Luxembourg": "Luxembourg", "Slovakia": "Slovak", "Lithuania": "Lithuanian",
}

// partyCues are the words that make the organisations around them parties
// of an agreement: the agreement itself, or its signing.
var partyCues = map[string]bool{
	"partnership": true, "partnerships": true, "partnered": true, "partnering": true, "partners": true, "partner": true,
	"memorandum": true, "memoranda": true, "mou": true, "mous": true, "agreement": true, "agreements": true,
	"deal": true, "deals": true, "pact": true, "collaboration": true, "cooperation": true, "alliance": true,
	"signed": true, "signing": true, "signs": true, "inked": true, "teamed": true,
}

// learnCountryGovernments registers each country the article names as its
// government, an organisation that only a party's place makes a mention
// (countryPartySlot): a country is named far more often as a place. The
// governments learnGovBodies found are the ones a country stands for.
func learnCountryGovernments(d *docState, all [][]word) {
	govs := map[string]*Org{} // by adjective or country: "Greek", "India"
	for key, org := range d.unknown {
		if org.Kind != kindGovernment {
			continue
		}
		if c, ok := strings.CutPrefix(key, "Government of "); ok {
			govs[c] = org
		} else {
			govs[strings.TrimSuffix(strings.TrimSuffix(key, " government"), " Government")] = org
		}
	}
	for _, ws := range all {
		for i := range ws {
			n, nat := countryAt(ws, i)
			if n == 0 {
				continue
			}
			toks, key, ok := d.newNameAt(ws, i, n)
			if !ok {
				continue
			}
			org := govs[nat]
			if org == nil {
				org = govs[key]
			}
			if org == nil {
				org = &Org{ID: slug(nat + " government"), Name: key, Kind: kindGovernment}
			}
			d.learnName(toks, key, org, true)
		}
	}
}

// countryAt returns the length of the country's name at word i and its
// government's word, or 0.
func countryAt(ws []word, i int) (int, string) {
	w := ws[i].Text
	if !countryFirstWords.mayHold(w) || !isCapitalised(w) {
		return 0, "" // (the cheap test first: most words start no country's name)
	}
	if i+1 < len(ws) {
		if nat, ok := countryGovernments[w+" "+ws[i+1].Text]; ok {
			return 2, nat
		}
		if i+2 < len(ws) {
			if nat, ok := countryGovernments[w+" "+ws[i+1].Text+" "+ws[i+2].Text]; ok {
				return 3, nat
			}
		}
	}
	if nat, ok := countryGovernments[w]; ok {
		if i+1 < len(ws) && (ws[i+1].Text == "'s" || ws[i+1].Text == "’s" || isCapitalised(ws[i+1].Text)) {
			return 0, "" // "India's Reliance", "US Steel": the country describes
		}
		return 1, nat
	}
	return 0, ""
}

// countryFirstWords are the first words of countryGovernments' names (a
// word holds no space).
var countryFirstWords = func() *wordFilter {
	f := &wordFilter{}
	for name := range countryGovernments {
		first, _, _ := strings.Cut(name, " ")
		f.add(first)
	}
	return f
}()

// countryPartySlot reports a country named at [i, i+n) where a party of an
// agreement stands: after "with" or "between" close to an agreement's word
// ("signed a memorandum of understanding with Greece", "partnerships with
// the UK, India and Singapore", "an agreement between Nvidia and
// Vietnam"), or first in a sentence that signs one ("Vietnam and Nvidia
// have signed an agreement"). Elsewhere it is a place.
func countryPartySlot(ws []word, i, n int) bool {
	if e := i + n; e < len(ws) {
		switch strings.ToLower(ws[e].Text) {
		case ",", ".", ";", ":", ")", "and", "to", "on", "in", "for", "as", "that", "which", "at", "over", "under", "have", "has", "signed", "took", "will", "is":
		default:
			return false
		}
	}
	k := i - 1
	if k >= 0 && strings.EqualFold(ws[k].Text, "the") {
		k--
	}
	if k < 0 {
		for j := i + n; j < len(ws) && j < i+n+16; j++ {
			if partyCues[strings.ToLower(ws[j].Text)] {
				return true
			}
		}
		return false
	}
	// walk back over a list of parties ("with the UK, India and")
	for steps := 0; k >= 0 && steps < 12; steps++ {
		w := ws[k].Text
		if w != "," && w != "and" && w != "the" && !isCapitalised(w) {
			break
		}
		k--
	}
	if k < 0 || ws[k].Text != "with" && ws[k].Text != "between" {
		return false
	}
	for j := k - 1; j >= 0 && j >= k-5; j-- {
		if partyCues[strings.ToLower(ws[j].Text)] {
			return true
		}
	}
	return false
}

// newNameAt returns the words [i, i+n) of ws as a name, its tokens and its
// key, and whether the article has yet to learn it.
func (d *docState) newNameAt(ws []word, i, n int) (toks []string, key string, ok bool) {
	toks = make([]string, n)
	for k := range toks {
		toks[k] = ws[i+k].Text
	}
	key = strings.Join(toks, " ")
	_, taken := d.unknown[key]
	return toks, key, !taken
}

// learnName registers org as the article's organisation named toks (key
// joined); a country is a mention only where a party stands.
func (d *docState) learnName(toks []string, key string, org *Org, country bool) {
	if d.unknown == nil {
		d.unknown = map[string]*Org{}
		d.unknownIdx = map[string][]unknownAlias{}
	}
	d.unknown[key] = org
	d.unknownIdx[toks[0]] = append(d.unknownIdx[toks[0]], unknownAlias{toks: toks, org: org, country: country})
}
