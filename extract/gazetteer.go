package extract

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

//go:embed gazetteer.yaml
var gazetteerYAML []byte

// Org kinds in the gazetteer.
const (
	kindLab      = "lab"
	kindCloud    = "cloud"
	kindNeocloud = "neocloud"
	kindChip     = "chip"
	kindHardware = "hardware"
	kindSoftware = "software"
	kindInvestor = "investor"
	kindJV       = "jv"
	kindOther    = "other"
)

// Org is one organisation known to the extractor.
type Org struct {
	ID   string
	Name string
	Kind string
	// Host marks a seller of sites: a data-centre host (a developer, a
	// colocation firm, a miner turned host) or a power producer. In a lease,
	// colocation or power deal it is the one paid, whichever side of the
	// sentence it stands on.
	Host bool
	// Content marks an owner of content (a publisher, a news agency, a
	// studio, a photo or music library, a forum): in a deal for its content
	// it is the one paid, as the labels write it.
	Content bool
}

// providerRank orders kinds by how likely the organisation is the seller in a
// compute or cloud contract between two parties.
func (o *Org) providerRank() int {
	switch o.Kind {
	case kindNeocloud, kindChip, kindHardware:
		return 4
	case kindCloud:
		return 3
	case kindSoftware, kindJV:
		return 2
	case kindLab, kindOther:
		return 1
	}
	return 0
}

type aliasEntry struct {
	toks       []string
	org        *Org
	descriptor bool     // "the ChatGPT maker"
	generic    []string // kinds, for "the chipmaker"
	product    bool
}

// Gazetteer maps names in text to organisations.
type Gazetteer struct {
	orgs  map[string]*Org
	index map[string][]aliasEntry // by first token; lower-cased for descriptors and generic phrases
	keys  wordFilter              // the first bytes and lengths of index's keys: most words of a text are none
	slugs map[string]string       // id spelling of every name, alias and product → org id ("" when two orgs share it)
}

type gazFile struct {
	Orgs []struct {
		ID          string   `yaml:"id"`
		Name        string   `yaml:"name"`
		Kind        string   `yaml:"kind"`
		Aliases     []string `yaml:"aliases"`
		Products    []string `yaml:"products"`
		Descriptors []string `yaml:"descriptors"`
		Host        bool     `yaml:"host"`
		Content     bool     `yaml:"content"`
	} `yaml:"orgs"`
	Generic []struct {
		Phrase string   `yaml:"phrase"`
		Kinds  []string `yaml:"kinds"`
	} `yaml:"generic"`
}

var reOrgID = regexp.MustCompile(`^[a-z0-9]+$`)

// LoadGazetteer parses a gazetteer in the YAML format of gazetteer.yaml.
func LoadGazetteer(raw []byte) (*Gazetteer, error) {
	var f gazFile
	if err := yaml.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	g := &Gazetteer{orgs: map[string]*Org{}, index: map[string][]aliasEntry{}, slugs: map[string]string{}}
	var upper []upperAlias
	for _, o := range f.Orgs {
		if !reOrgID.MatchString(o.ID) {
			return nil, fmt.Errorf("gazetteer: bad id %q", o.ID)
		}
		if _, dup := g.orgs[o.ID]; dup {
			return nil, fmt.Errorf("gazetteer: duplicate id %q", o.ID)
		}
		org := &Org{ID: o.ID, Name: o.Name, Kind: o.Kind, Host: o.Host, Content: o.Content}
		g.orgs[o.ID] = org
		for _, a := range append([]string{o.Name}, o.Aliases...) {
			g.add(a, aliasEntry{org: org}, false)
		}
		for _, a := range o.Products {
			g.add(a, aliasEntry{org: org, product: true}, false)
		}
		// a name in capitals ("NAVER", "A16Z", a headline's "OPENAI AND
		// MICROSOFT"): aliases match case-sensitively, so each also stands
		// written in capitals
		for _, a := range append([]string{o.Name}, o.Aliases...) {
			if up := strings.ToUpper(a); up != a && alnums(a) >= 3 {
				upper = append(upper, upperAlias{up, org})
			}
		}
		for _, a := range o.Descriptors {
			g.add(a, aliasEntry{org: org, descriptor: true}, true)
		}
		for _, a := range append(append([]string{o.Name}, o.Aliases...), o.Products...) {
			s := slug(a)
			if prev, seen := g.slugs[s]; seen && prev != o.ID {
				g.slugs[s] = ""
				continue
			}
			g.slugs[s] = o.ID
		}
	}
	for _, u := range upper {
		if !g.owned(u.alias) {
			g.add(u.alias, aliasEntry{org: u.org}, false) // (unless another organisation's name is written so)
		}
	}
	for _, gp := range f.Generic {
		g.add(gp.Phrase, aliasEntry{generic: gp.Kinds}, true)
	}
	g.addGovernmentSpellings()
	for k, es := range g.index {
		sort.SliceStable(es, func(i, j int) bool { return len(es[i].toks) > len(es[j].toks) })
		g.index[k] = es
	}
	return g, nil
}

// upperAlias is a name written in capitals, added once every organisation's
// own names are in.
type upperAlias struct {
	alias string
	org   *Org
}

// owned reports whether alias, as written, is already a name or product in
// the index.
func (g *Gazetteer) owned(alias string) bool {
	ws := words(alias)
	if len(ws) == 0 {
		return true
	}
	return slices.ContainsFunc(g.index[ws[0].Text], func(e aliasEntry) bool {
		return e.org != nil && slices.EqualFunc(e.toks, ws, func(t string, w word) bool { return t == w.Text })
	})
}

// alnums counts the letters and digits of s.
func alnums(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// oneWordName reports whether w, as written, is a name, product or
// descriptor of one word in the gazetteer.
func (g *Gazetteer) oneWordName(w string) bool {
	for _, e := range g.index[w] {
		if len(e.toks) == 1 {
			return true
		}
	}
	return false
}

func (g *Gazetteer) add(alias string, e aliasEntry, fold bool) {
	ws := words(alias)
	if len(ws) == 0 {
		return
	}
	e.toks = make([]string, len(ws))
	for i, w := range ws {
		e.toks[i] = w.Text
		if fold {
			e.toks[i] = strings.ToLower(w.Text)
		}
	}
	key := e.toks[0]
	for _, x := range g.index[key] {
		if x.org == e.org && len(x.generic) == len(e.generic) && strings.Join(x.toks, " ") == strings.Join(e.toks, " ") {
			return
		}
	}
	g.index[key] = append(g.index[key], e)
	g.keys.add(key)
}

// Len is the number of organisations.
func (g *Gazetteer) Len() int { return len(g.orgs) }

// Org returns the organisation with the id.
func (g *Gazetteer) Org(id string) (*Org, bool) {
	o, ok := g.orgs[id]
	return o, ok
}

// match finds the longest gazetteer entry starting at ws[i]: aliases match
// case-sensitively, descriptors and generic phrases in any case.
func (g *Gazetteer) match(ws []word, i int) (aliasEntry, int, bool) {
	var best aliasEntry
	bestN := 0
	longest := func(entries []aliasEntry) {
		for _, e := range entries {
			if len(e.toks) <= bestN || i+len(e.toks) > len(ws) {
				continue
			}
			fold := e.descriptor || e.generic != nil
			ok := true
			for k, t := range e.toks {
				w := ws[i+k].Text
				if fold {
					ok = strings.EqualFold(w, t)
				} else {
					ok = w == t
				}
				if !ok {
					break
				}
			}
			if ok {
				best, bestN = e, len(e.toks)
			}
		}
	}
	exact := ws[i].Text
	if g.keys.mayHold(exact) {
		longest(g.index[exact])
	}
	// then the word in lower case, if that differs: lowered in place for an
	// ASCII word (the lookup of string(buf) allocates nothing)
	var buf [48]byte
	switch ascii, upper := asciiCase(exact); {
	case ascii && !upper:
	case ascii && len(exact) <= len(buf):
		b := buf[:len(exact)]
		for k := 0; k < len(exact); k++ {
			c := exact[k]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[k] = c
		}
		if g.keys.mayHold(string(b)) {
			longest(g.index[string(b)])
		}
	default:
		if lower := strings.ToLower(exact); lower != exact {
			longest(g.index[lower])
		}
	}
	return best, bestN, bestN > 0
}

// asciiCase reports whether s is ASCII and whether it holds an upper-case
// letter.
func asciiCase(s string) (ascii, upper bool) {
	for k := 0; k < len(s); k++ {
		c := s[k]
		if c >= 0x80 {
			return false, upper
		}
		upper = upper || c >= 'A' && c <= 'Z'
	}
	return true, upper
}

// addGovernmentSpellings lets CanonicalID map the ids a country's
// government is written with ("saudiarabia", "governmentofindia",
// "kenya") to the one the extractor gives it ("saudigovernment",
// "indiangovernment", "kenyangovernment"): LABELING.md makes a country
// named as a party its government, and labels spell that government all
// three ways. An id an organisation of the gazetteer already owns keeps it.
func (g *Gazetteer) addGovernmentSpellings() {
	for country, nat := range countryGovernments {
		canon := slug(nat + " government")
		for _, s := range []string{slug(country), slug("government of " + country), slug("government of the " + country), slug(country + " government")} {
			if _, taken := g.slugs[s]; taken || s == canon || g.orgs[s] != nil {
				continue
			}
			g.slugs[s] = canon
		}
	}
}

// CanonicalID maps an organisation id written from one of an organisation's
// names ("coatuemanagement" for Coatue Management, "aws") to the
// gazetteer's id for that organisation ("coatue", "amazon"). Ids the
// gazetteer does not know, and spellings two organisations share, are
// returned unchanged.
func (g *Gazetteer) CanonicalID(id string) string {
	if _, ok := g.orgs[id]; ok {
		return id
	}
	if c := g.slugs[id]; c != "" {
		return c
	}
	return id
}

// Resolve returns the organisation a whole name stands for ("AWS" → amazon).
func (g *Gazetteer) Resolve(name string) (*Org, bool) {
	ws := words(name)
	if len(ws) == 0 {
		return nil, false
	}
	e, n, ok := g.match(ws, 0)
	if !ok || n != len(ws) || e.org == nil {
		return nil, false
	}
	return e.org, true
}
