package crawl

import (
	"strings"
	"unicode"
)

// term is one entry of the relevance vocabulary: alternative phrases (word
// sequences of up to three words).
type term struct {
	name    string
	phrases [][]string
	strong  bool // on its own says the story is about AI, cloud or chips
	exact   bool // case-sensitive (acronyms and names that are also words)
}

// terms builds entries from specs like "chip|chips": alternatives separated
// by "|", words by spaces.
func terms(strong, exact bool, specs ...string) []term {
	out := make([]term, 0, len(specs))
	for _, spec := range specs {
		t := term{name: strings.Split(spec, "|")[0], strong: strong, exact: exact}
		for alt := range strings.SplitSeq(spec, "|") {
			if !exact {
				alt = strings.ToLower(alt)
			}
			t.phrases = append(t.phrases, strings.Fields(alt))
		}
		out = append(out, t)
	}
	return out
}

// vocabulary is what makes an article about AI, cloud computing or chips.
// Strong terms are specific to the topic; weak ones (company names,
// "cloud", "chips") only count together with others.
var vocabulary = func() []term {
	var v []term
	v = append(v, terms(true, false,
		"artificial intelligence", "machine learning", "LLM|LLMs", "large language model|large language models",
		"foundation model|foundation models", "frontier model|frontier models", "ChatGPT", "OpenAI", "Anthropic",
		"DeepMind", "Mistral AI", "Hugging Face", "Cohere", "superintelligence", "Amazon Web Services", "Azure",
		"Google Cloud", "Oracle Cloud", "CoreWeave", "Nebius", "Crusoe", "Fluidstack",
		"data center|data centers|data centre|data centres|datacenter|datacenters|datacentre|datacentres",
		"hyperscaler|hyperscalers", "compute capacity", "computing power|computing capacity", "cloud computing",
		"supercomputer|supercomputers", "Stargate", "semiconductor|semiconductors", "chipmaker|chipmakers",
		"GPU|GPUs", "TPU|TPUs", "Trainium", "Inferentia", "Nvidia", "TSMC", "Cerebras", "Groq", "SambaNova", "HBM",
		"Blackwell", "H100|H100s", "H200|H200s", "GB200|GB300", "MI300|MI300X|MI325X|MI350|MI355X|MI400|MI450")...)
	v = append(v, terms(true, true, "AI", "AWS", "GCP", "OCI", "AGI", "xAI")...)
	v = append(v, terms(false, false,
		"generative", "chatbot|chatbots", "Claude", "Gemini", "Llama", "Copilot", "Perplexity", "Grok", "inference",
		"model training", "cloud", "Lambda", "gigawatt|gigawatts", "chip|chips", "accelerator|accelerators",
		"Broadcom", "foundry", "wafer|wafers", "Microsoft", "Amazon", "Google", "Oracle", "Alphabet", "Apple")...)
	v = append(v, terms(false, true, "AMD", "Intel", "Arm", "Meta")...)
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
		if k = strings.TrimSpace(k); k != "" {
			r.extra = append(r.extra, terms(true, false, k)...)
		}
	}
	return r
}

// wordIndex holds the words, bigrams and trigrams of a text, as written
// and lower-cased.
type wordIndex struct {
	exact, lower map[string]bool
}

func indexWords(s string) wordIndex {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	ix := wordIndex{exact: make(map[string]bool, len(words)), lower: make(map[string]bool, 3*len(words))}
	for i, w := range words {
		ix.exact[w] = true
		lw := strings.ToLower(w)
		ix.lower[lw] = true
		if i+1 < len(words) {
			l2 := lw + " " + strings.ToLower(words[i+1])
			ix.lower[l2] = true
			if i+2 < len(words) {
				ix.lower[l2+" "+strings.ToLower(words[i+2])] = true
			}
		}
	}
	return ix
}

func (ix wordIndex) has(t term) bool {
	for _, p := range t.phrases {
		if t.exact && len(p) == 1 {
			if ix.exact[p[0]] {
				return true
			}
			continue
		}
		if ix.lower[strings.ToLower(strings.Join(p, " "))] {
			return true
		}
	}
	return false
}

// Match reports whether the article is on topic and which terms matched.
func (r *Relevance) Match(title, text string) (bool, []string) {
	// The first 20 KB tell what an article is about.
	if len(text) > 20000 {
		text = text[:20000]
	}
	ti, xi := indexWords(title), indexWords(text)
	var hits []string
	strongInTitle, strong := false, 0
	for _, list := range [][]term{vocabulary, r.extra} {
		for _, t := range list {
			inTitle := ti.has(t)
			if !inTitle && !xi.has(t) {
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
