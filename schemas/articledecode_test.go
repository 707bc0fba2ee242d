package schemas

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const validArticleJSON = `{"schema_version":"article.v1","id":"0123456789abcdef","url":"https://example.com/a",` +
	`"fetched_url":"https://example.com/a?x=1","source":"example","title":"OpenAI and AWS","text":"OpenAI will spend $38 billion on AWS.",` +
	`"author":"A. Writer","language":"en","published_at":"2025-11-03T14:00:00Z","fetched_at":"2025-11-03T14:05:00.123456789+01:00",` +
	`"content_hash":"abc","simhash":"00ff","near_duplicate_of":"fedcba9876543210"}`

// articleDocs are documents at and past the edges of article.v1.json and of
// JSON itself: each is an edit of validArticleJSON or a document of its own.
func articleDocs() map[string]string {
	rep := func(old, new string) string {
		if !strings.Contains(validArticleJSON, old) {
			panic("no " + old)
		}
		return strings.Replace(validArticleJSON, old, new, 1)
	}
	end := func(extra string) string { return strings.TrimSuffix(validArticleJSON, "}") + extra + "}" }
	docs := map[string]string{
		"valid":                         validArticleJSON,
		"minimal":                       `{"schema_version":"article.v1","id":"0123456789abcdef","url":"u","title":"","text":"t","fetched_at":"2025-11-03T14:05:00Z"}`,
		"empty object":                  `{}`,
		"array":                         `[` + validArticleJSON + `]`,
		"string":                        `"article"`,
		"null":                          `null`,
		"number":                        `42`,
		"empty":                         ``,
		"spaces":                        "  \n\t ",
		"truncated":                     validArticleJSON[:len(validArticleJSON)-1],
		"trailing object":               validArticleJSON + `{}`,
		"trailing garbage":              validArticleJSON + ` x`,
		"trailing space":                validArticleJSON + " \n",
		"leading space":                 "\n " + validArticleJSON,
		"trailing comma":                end(`,`),
		"missing comma":                 rep(`,"url"`, ` "url"`),
		"missing colon":                 rep(`"url":`, `"url" `),
		"single quotes":                 rep(`"en"`, `'en'`),
		"unknown member":                end(`,"extra":"x"`),
		"unknown member null":           end(`,"extra":null`),
		"unknown member object":         end(`,"extra":{"a":[1,2,{"b":null}]}`),
		"unknown case-variant":          end(`,"Text":"x"`),
		"escaped known key":             rep(`"language"`, `"langu\u0061ge"`),
		"duplicate, last valid":         rep(`"id":"0123456789abcdef"`, `"id":5,"id":"0123456789abcdef"`),
		"duplicate, last invalid":       rep(`"id":"0123456789abcdef"`, `"id":"0123456789abcdef","id":"XYZ"`),
		"duplicate object then valid":   rep(`"text":"OpenAI`, `"text":{"a":1},"text":"OpenAI`),
		"no schema_version":             rep(`"schema_version":"article.v1",`, ``),
		"schema_version v2":             rep(`"article.v1"`, `"article.v2"`),
		"schema_version null":           rep(`"article.v1"`, `null`),
		"id upper":                      rep(`"0123456789abcdef"`, `"0123456789ABCDEF"`),
		"id short":                      rep(`"0123456789abcdef"`, `"0123"`),
		"id newline":                    rep(`"0123456789abcdef"`, `"0123456789abcde\n"`),
		"id number":                     rep(`"0123456789abcdef"`, `123`),
		"no id":                         rep(`"id":"0123456789abcdef",`, ``),
		"url empty":                     rep(`"https://example.com/a"`, `""`),
		"url null":                      rep(`"https://example.com/a"`, `null`),
		"url array":                     rep(`"https://example.com/a"`, `["x"]`),
		"no url":                        rep(`"url":"https://example.com/a",`, ``),
		"fetched_url null":              rep(`"https://example.com/a?x=1"`, `null`),
		"fetched_url empty":             rep(`"https://example.com/a?x=1"`, `""`),
		"source number":                 rep(`"source":"example"`, `"source":1.5`),
		"source bool":                   rep(`"source":"example"`, `"source":true`),
		"title null":                    rep(`"OpenAI and AWS"`, `null`),
		"title empty":                   rep(`"OpenAI and AWS"`, `""`),
		"no title":                      rep(`"title":"OpenAI and AWS",`, ``),
		"text empty":                    rep(`"OpenAI will spend $38 billion on AWS."`, `""`),
		"text one space":                rep(`"OpenAI will spend $38 billion on AWS."`, `" "`),
		"text escapes":                  rep(`"OpenAI will spend $38 billion on AWS."`, `"a\"b\\c\/d\u00e9\ud83d\ude00\n"`),
		"text lone surrogate":           rep(`"OpenAI will spend $38 billion on AWS."`, `"\ud800"`),
		"text invalid utf8":             rep(`"OpenAI will spend $38 billion on AWS."`, "\"\xff\xfe\""),
		"text invalid utf8 then escape": rep(`"OpenAI will spend $38 billion on AWS."`, "\"a\xffb\\nc\""),
		"text utf8 and escapes":         rep(`"OpenAI will spend $38 billion on AWS."`, "\"é\\u003cb\\u0026\\u2028€\\n\\t\\u0000\\\"\""),
		"text bad escape":               rep(`"OpenAI will spend $38 billion on AWS."`, `"\x"`),
		"text control char":             rep(`"OpenAI will spend $38 billion on AWS."`, "\"a\x01b\""),
		"no text":                       rep(`"text":"OpenAI will spend $38 billion on AWS.",`, ``),
		"author null":                   rep(`"A. Writer"`, `null`),
		"language object":               rep(`"en"`, `{}`),
		"published_at null":             rep(`"2025-11-03T14:00:00Z"`, `null`),
		"no published_at":               rep(`"published_at":"2025-11-03T14:00:00Z",`, ``),
		"published_at number":           rep(`"2025-11-03T14:00:00Z"`, `1762178400`),
		"published_at date only":        rep(`"2025-11-03T14:00:00Z"`, `"2025-11-03"`),
		"published_at lower t z":        rep(`"2025-11-03T14:00:00Z"`, `"2025-11-03t14:00:00z"`),
		"published_at space":            rep(`"2025-11-03T14:00:00Z"`, `"2025-11-03 14:00:00Z"`),
		"published_at no zone":          rep(`"2025-11-03T14:00:00Z"`, `"2025-11-03T14:00:00"`),
		"published_at leap second":      rep(`"2025-11-03T14:00:00Z"`, `"2016-12-31T23:59:60Z"`),
		"published_at bad leap":         rep(`"2025-11-03T14:00:00Z"`, `"2016-12-31T22:59:60Z"`),
		"published_at Feb 30":           rep(`"2025-11-03T14:00:00Z"`, `"2025-02-30T14:00:00Z"`),
		"published_at Feb 29 2024":      rep(`"2025-11-03T14:00:00Z"`, `"2024-02-29T14:00:00Z"`),
		"published_at hour 24":          rep(`"2025-11-03T14:00:00Z"`, `"2025-11-03T24:00:00Z"`),
		"published_at offset 24":        rep(`"2025-11-03T14:00:00Z"`, `"2025-11-03T14:00:00+24:00"`),
		"published_at offset -23:59":    rep(`"2025-11-03T14:00:00Z"`, `"2025-11-03T14:00:00-23:59"`),
		"published_at offset no colon":  rep(`"2025-11-03T14:00:00Z"`, `"2025-11-03T14:00:00+0100"`),
		"published_at empty fraction":   rep(`"2025-11-03T14:00:00Z"`, `"2025-11-03T14:00:00.Z"`),
		"published_at long fraction":    rep(`"2025-11-03T14:00:00Z"`, `"2025-11-03T14:00:00.1234567891234Z"`),
		"published_at comma fraction":   rep(`"2025-11-03T14:00:00Z"`, `"2025-11-03T14:00:00,5Z"`),
		"published_at year 0":           rep(`"2025-11-03T14:00:00Z"`, `"0000-01-01T00:00:00Z"`),
		"published_at 5-digit year":     rep(`"2025-11-03T14:00:00Z"`, `"10000-01-01T00:00:00Z"`),
		"published_at signed hour":      rep(`"2025-11-03T14:00:00Z"`, `"2025-11-03T+4:00:00Z"`),
		"fetched_at null":               rep(`"2025-11-03T14:05:00.123456789+01:00"`, `null`),
		"fetched_at garbage":            rep(`"2025-11-03T14:05:00.123456789+01:00"`, `"yesterday"`),
		"fetched_at leap second":        rep(`"2025-11-03T14:05:00.123456789+01:00"`, `"2016-12-31T23:59:60Z"`),
		"no fetched_at":                 rep(`,"fetched_at":"2025-11-03T14:05:00.123456789+01:00"`, ``),
		"content_hash number":           rep(`"abc"`, `7`),
		"simhash null":                  rep(`"00ff"`, `null`),
		"near_duplicate_of empty":       rep(`"fedcba9876543210"`, `""`),
		"nested depth":                  end(`,"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100)),
		"number overflow unknown":       end(`,"x":1e999`),
		"number overflow known":         rep(`"source":"example"`, `"source":1e999`),
	}
	return docs
}

// fastArticle accepts only documents the schema path accepts, and decodes
// them to the same Article; Article answers as the schema path does.
func TestFastArticleAgreesWithSchema(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	fast := 0
	for name, doc := range articleDocs() {
		checkFastArticle(t, v, name, []byte(doc))
		if _, ok := fastArticle([]byte(doc), v.isDateTime); ok {
			fast++
		}
	}
	for _, name := range []string{"valid", "minimal", "text escapes", "published_at null", "leading space", "trailing space"} {
		if _, ok := fastArticle([]byte(articleDocs()[name]), v.isDateTime); !ok {
			t.Errorf("%s: not decoded by the fast path", name)
		}
	}
	if fast < 15 {
		t.Fatalf("only %d documents on the fast path: the table no longer probes it", fast)
	}
}

func checkFastArticle(t *testing.T, v *Validator, name string, doc []byte) {
	t.Helper()
	want, wantErr := v.articleBySchema(doc)
	if got, ok := fastArticle(doc, v.isDateTime); ok {
		if wantErr != nil {
			t.Errorf("%s: fast path accepts what the schema refuses: %v", name, wantErr)
		} else if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: fast path decoded %+v, schema path %+v", name, got, want)
		}
	}
	got, gotErr := v.Article(doc)
	switch {
	case (gotErr == nil) != (wantErr == nil):
		t.Errorf("%s: Article says %v, schema path %v", name, gotErr, wantErr)
	case gotErr != nil && !errors.Is(gotErr, ErrInvalid):
		t.Errorf("%s: error does not wrap ErrInvalid: %v", name, gotErr)
	case gotErr == nil && !reflect.DeepEqual(got, want):
		t.Errorf("%s: Article decoded %+v, schema path %+v", name, got, want)
	}
}

func FuzzFastArticle(f *testing.F) {
	for _, doc := range articleDocs() {
		f.Add([]byte(doc))
	}
	v, err := NewValidator()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, doc []byte) { checkFastArticle(t, v, "fuzz", doc) })
}

// Validator.Article on an article of the bench's size (760 words), by the
// schema path and now.
func BenchmarkArticle(b *testing.B) {
	v, err := NewValidator()
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("Amazon said on Monday that OpenAI would spend \\\"$38 billion\\\" on its cloud, the companies said. ", 54)
	raw := []byte(strings.Replace(validArticleJSON, `"OpenAI will spend $38 billion on AWS."`, `"`+text+`"`, 1))
	b.Run("schema", func(b *testing.B) {
		for b.Loop() {
			if _, err := v.articleBySchema(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			if _, err := v.Article(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}
