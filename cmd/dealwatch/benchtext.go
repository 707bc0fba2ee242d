package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/dealwatch/dealwatch/ingest/simhash"
	"github.com/dealwatch/dealwatch/schemas"
)

// benchText generates article-like prose for benchmarks from an order-2
// word Markov chain learnt from the project's own corpus (testdata/corpus:
// articles written for this project). The text is made at run time and
// never stored in the repository. Its words, sentence lengths and deal
// vocabulary (organisations, amounts, verbs) are the corpus's, so it
// compresses and extracts roughly as the corpus does, while every article
// is different.
type benchText struct {
	next   map[[2]string][]string // (w1, w2) → following words, with repeats
	starts [][2]string            // word pairs that open a sentence
}

// newBenchText learns the chain from texts.
func newBenchText(texts []string) (*benchText, error) {
	g := &benchText{next: map[[2]string][]string{}}
	for _, t := range texts {
		words := strings.Fields(t)
		for i := 0; i+2 < len(words); i++ {
			k := [2]string{words[i], words[i+1]}
			g.next[k] = append(g.next[k], words[i+2])
			if i == 0 || sentenceEnd(words[i-1]) {
				g.starts = append(g.starts, k)
			}
		}
	}
	if len(g.starts) == 0 {
		return nil, fmt.Errorf("bench text: no sentences to learn from")
	}
	return g, nil
}

func sentenceEnd(w string) bool {
	w = strings.TrimRight(w, `"')”’`)
	return strings.HasSuffix(w, ".") || strings.HasSuffix(w, "?") || strings.HasSuffix(w, "!")
}

// article returns a text of between minWords and maxWords words in
// paragraphs of a few sentences, ending at the end of a sentence when the
// chain allows, and a title.
func (g *benchText) article(r *rand.Rand, minWords, maxWords int) (title, text string) {
	target := minWords + r.IntN(maxWords-minWords+1)
	var sb strings.Builder
	words, inPara := 0, 0
	var k [2]string
	fresh := true
	for words < target {
		if fresh {
			k = g.starts[r.IntN(len(g.starts))]
			if words+2 > maxWords {
				break
			}
			if inPara == 0 && words > 0 {
				sb.WriteString("\n\n")
			} else if words > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(k[0] + " " + k[1])
			words, inPara, fresh = words+2, inPara+2, false
			continue
		}
		nx := g.next[k]
		if len(nx) == 0 || words >= maxWords {
			fresh = true
			continue
		}
		w := nx[r.IntN(len(nx))]
		sb.WriteString(" " + w)
		words++
		inPara++
		k = [2]string{k[1], w}
		if sentenceEnd(w) {
			fresh = true
			if inPara > 50+r.IntN(60) {
				inPara = 0
			}
		}
	}
	text = sb.String()
	tw := strings.Fields(text)
	title = strings.Join(tw[:min(len(tw), 8+r.IntN(6))], " ")
	return strings.TrimRight(title, ".,;:"), text
}

// benchSources are the generated articles' outlets.
var benchSources = []string{"wire", "daily", "herald", "ledger", "gazette", "courier", "post", "tribune", "journal", "chronicle"}

// generateArticles makes n distinct articles of 600–900 words, published
// over the two years before end, from a fixed seed (the same n and seed
// give the same articles).
func generateArticles(g *benchText, n int, seed uint64, end time.Time) []schemas.Article {
	r := rand.New(rand.NewPCG(seed, 0x6465616c))
	out := make([]schemas.Article, n)
	for i := range out {
		title, text := g.article(r, 600, 900)
		src := benchSources[r.IntN(len(benchSources))]
		pub := end.Add(-time.Duration(r.Int64N(int64(2 * 365 * 24 * time.Hour)))).Truncate(time.Second).UTC()
		url := fmt.Sprintf("https://%s.bench.example/%d/%d", src, seed, i)
		out[i] = schemas.Article{SchemaVersion: schemas.ArticleVersion, ID: schemas.ArticleID(url), URL: url, FetchedURL: url,
			Source: src + ".bench.example", Title: title, Language: "en", Text: text, PublishedAt: &pub, FetchedAt: pub.Add(time.Hour),
			ContentHash: simhash.ContentHash(text), Simhash: simhash.Hex(simhash.Sum64(text))}
	}
	return out
}
