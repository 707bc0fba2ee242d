package crawl

import (
	"regexp"
	"strings"
)

// term is one entry of the relevance vocabulary.
type term struct {
	name   string
	re     *regexp.Regexp
	strong bool // on its own says the story is about AI, cloud or chips
}

func terms(strong bool, caseSensitive bool, words ...string) []term {
	var out []term
	for _, w := range words {
		flags := "(?i)"
		if caseSensitive {
			flags = ""
		}
		out = append(out, term{w, regexp.MustCompile(flags + `\b(` + w + `)\b`), strong})
	}
	return out
}

// vocabulary is what makes an article about AI, cloud computing or chips.
// Strong terms are specific to the topic; weak ones (company names,
// "cloud", "chips") only count together with others. Case-sensitive entries
// are acronyms and names that would otherwise match ordinary words.
var vocabulary = func() []term {
	var v []term
	v = append(v, terms(true, false,
		`artificial intelligence`, `machine learning`, `LLMs?`, `large language models?`, `foundation models?`,
		`frontier models?`, `ChatGPT`, `OpenAI`, `Anthropic`, `DeepMind`, `Mistral AI`, `Hugging Face`, `Cohere`,
		`superintelligence`, `Amazon Web Services`, `Azure`, `Google Cloud`, `Oracle Cloud`, `CoreWeave`, `Nebius`,
		`Crusoe`, `Fluidstack`, `data ?cent(?:er|re)s?`, `hyperscalers?`, `compute capacity`,
		`computing (?:power|capacity)`, `cloud computing`, `supercomputers?`, `Stargate`, `semiconductors?`,
		`chipmakers?`, `GPUs?`, `TPUs?`, `Trainium`, `Inferentia`, `Nvidia`, `TSMC`, `Cerebras`, `Groq`,
		`SambaNova`, `HBM`, `Blackwell`, `H100s?`, `H200s?`, `GB[23]00`, `MI[34]\d\dX?`)...)
	v = append(v, terms(true, true, `AI`, `AWS`, `GCP`, `OCI`, `AGI`, `xAI`)...)
	v = append(v, terms(false, false,
		`generative`, `chatbots?`, `Claude`, `Gemini`, `Llama`, `Copilot`, `Perplexity`, `Grok`, `inference`,
		`model training`, `cloud`, `Lambda`, `gigawatts?`, `chips?`, `accelerators?`, `Broadcom`, `foundry`,
		`wafers?`, `Microsoft`, `Amazon`, `Google`, `Oracle`, `Alphabet`, `Apple`)...)
	v = append(v, terms(false, true, `AMD`, `Intel`, `Arm`, `Meta`)...)
	return v
}()

// Relevance decides whether an article belongs to the topic (AI, cloud,
// chips): a strong term in the title, or two strong terms in title and
// text, or one strong term among at least MinTerms distinct terms.
type Relevance struct {
	extra    []term
	MinTerms int
}

// NewRelevance returns the default filter plus extra keywords (matched
// case-insensitively as whole words, counted as strong terms).
func NewRelevance(keywords []string) *Relevance {
	r := &Relevance{MinTerms: 4}
	for _, k := range keywords {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		r.extra = append(r.extra, term{k, regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(k) + `\b`), true})
	}
	return r
}

// Match reports whether the article is on topic and which terms matched.
func (r *Relevance) Match(title, text string) (bool, []string) {
	// The first 20 KB tell what an article is about.
	if len(text) > 20000 {
		text = text[:20000]
	}
	var hits []string
	strongInTitle, strong := false, 0
	for _, list := range [][]term{vocabulary, r.extra} {
		for _, t := range list {
			inTitle := t.re.MatchString(title)
			if !inTitle && !t.re.MatchString(text) {
				continue
			}
			hits = append(hits, t.name)
			if t.strong {
				strong++
				strongInTitle = strongInTitle || inTitle
			}
		}
	}
	return strongInTitle || strong >= 2 || (strong >= 1 && len(hits) >= r.MinTerms), hits
}
