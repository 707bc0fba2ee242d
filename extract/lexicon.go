package extract

import (
	_ "embed"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// lexiconYAML holds the trigger words and modality phrases (lexicon.yaml).
//
//go:embed lexicon.yaml
var lexiconYAML []byte

// triggerClassNames maps the lexicon's class names to trigger classes.
var triggerClassNames = map[string]trClass{
	"invest": trInvest, "raise": trRaise, "back": trBack, "buyer": trBuyer, "seller": trSeller, "deal": trDeal,
	"use": trUse, "revenue_share": trRevShare, "partner": trPartner, "relation": trRelation, "exclusive": trExclusive,
	"terms": trTerms, "join": trJoin, "hire": trHire,
}

// lexModality lists the phrases that set an event's modality.
type lexModality struct {
	Rumour      []string `yaml:"rumour"`
	Attribution []string `yaml:"attribution"`
	Completed   []string `yaml:"completed"`
	Denial      []string `yaml:"denial"`
	Background  []string `yaml:"background"`
}

// lexicon is the parsed lexicon.yaml.
type lexicon struct {
	Triggers        map[string][]string `yaml:"triggers"`
	Modality        lexModality         `yaml:"modality"`
	DescriptorHeads []string            `yaml:"descriptor_heads"`
	GivenNames      []string            `yaml:"given_names"`
	ComputeClouds   []string            `yaml:"compute_clouds"`
	JointNouns      []string            `yaml:"joint_nouns"`
	LeaseWords      []string            `yaml:"lease_words"`
	SinkVerbs       []string            `yaml:"sink_verbs"`
	ModelProducts   []string            `yaml:"model_products"`
}

// parseLexicon reads a lexicon and returns its trigger table; a word listed
// under two classes, or an unknown class, is an error.
func parseLexicon(raw []byte) (lexicon, map[string]trClass, error) {
	var lx lexicon
	if err := yaml.Unmarshal(raw, &lx); err != nil {
		return lx, nil, fmt.Errorf("lexicon: %w", err)
	}
	classes := make([]string, 0, len(lx.Triggers))
	for c := range lx.Triggers {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	trig := map[string]trClass{}
	for _, c := range classes {
		cls, ok := triggerClassNames[c]
		if !ok {
			return lx, nil, fmt.Errorf("lexicon: unknown trigger class %q", c)
		}
		for _, w := range lx.Triggers[c] {
			if prev, dup := trig[w]; dup && prev != cls {
				return lx, nil, fmt.Errorf("lexicon: trigger %q listed under two classes", w)
			}
			trig[w] = cls
		}
	}
	if len(trig) == 0 || len(lx.Modality.Rumour) == 0 || len(lx.Modality.Attribution) == 0 || len(lx.Modality.Completed) == 0 || len(lx.Modality.Denial) == 0 || len(lx.Modality.Background) == 0 {
		return lx, nil, fmt.Errorf("lexicon: triggers and rumour, attribution, completed, denial and background phrases are required")
	}
	// (model_products are compared with whole mentions, so they may be
	// several words; every other list is compared word by word)
	lists := map[string][]string{"descriptor_heads": lx.DescriptorHeads, "given_names": lx.GivenNames, "compute_clouds": lx.ComputeClouds,
		"joint_nouns": lx.JointNouns, "lease_words": lx.LeaseWords, "sink_verbs": lx.SinkVerbs}
	for c, ws := range lx.Triggers {
		lists["triggers."+c] = ws
	}
	var unmatched []error
	for _, name := range slices.Sorted(maps.Keys(lists)) {
		for _, w := range lists[name] {
			if tok := words(w); len(tok) != 1 || tok[0].Text != w || strings.ToLower(w) != w {
				// the rules compare single lower-case tokens: "tie-up" is
				// three ("tie", "-", "up") and could never match
				unmatched = append(unmatched, fmt.Errorf("lexicon: %s entry %q is not one lower-case word to the tokenizer, so it can never match", name, w))
			}
		}
	}
	if err := errors.Join(unmatched...); err != nil {
		return lx, nil, err
	}
	for _, w := range lx.SinkVerbs {
		if trig[w] != trInvest {
			return lx, nil, fmt.Errorf("lexicon: sink verb %q is not an invest trigger", w)
		}
	}
	return lx, trig, nil
}

// mustLexicon parses the embedded lexicon; it is part of the binary, so a
// malformed one is a build defect caught by TestLexicon, never input.
func mustLexicon() (lexicon, map[string]trClass) {
	lx, trig, err := parseLexicon(lexiconYAML)
	if err != nil {
		panic(err)
	}
	return lx, trig
}

// The lexicon, read-only after package initialisation.
var (
	lex, triggerWords = mustLexicon()
	moods             = newMoods(lex.Modality)
	descriptorHeads   = wordSet(lex.DescriptorHeads)
	givenNames        = wordSet(lex.GivenNames)
	computeClouds     = wordSet(lex.ComputeClouds)
	jointNoun         = wordSet(lex.JointNouns)
	leaseWords        = wordSet(lex.LeaseWords)
	sinkVerbs         = wordSet(lex.SinkVerbs)
	modelProducts     = wordSet(lex.ModelProducts)
)

func wordSet(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
