package schemas

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDecodeDealEventDecodesWhatTheProducerValidated(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	want := validEvent()
	raw, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.CheckDealEventJSON(raw); err != nil {
		t.Fatalf("producer check refused a valid event: %v", err)
	}
	got, err := DecodeDealEvent(raw)
	if err != nil {
		t.Fatalf("DecodeDealEvent: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded %+v, want %+v", got, want)
	}
}

// The rule for a consumer: what it cannot key its work on is refused with
// ErrInvalid and a reason that names the problem (the dead-letter reason).
func TestDecodeDealEventRefusesWhatConsumersCannotHandle(t *testing.T) {
	encode := func(mutate func(e *DealEvent)) string {
		e := validEvent()
		mutate(&e)
		raw, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		return string(raw)
	}
	valid := encode(func(*DealEvent) {})
	cases := map[string]struct{ raw, reason string }{
		"not JSON":          {"not json", "invalid character"},
		"empty":             {"", "EOF"},
		"two values":        {valid + valid, "data after the JSON value"},
		"unknown field":     {strings.Replace(valid, `{"event_id"`, `{"price":1,"event_id"`, 1), `unknown field "price"`},
		"wrong JSON type":   {strings.Replace(valid, `"confidence":0.9`, `"confidence":"high"`, 1), "confidence"},
		"short event_id":    {encode(func(e *DealEvent) { e.EventID = "00" }), "event_id"},
		"upper-case id":     {encode(func(e *DealEvent) { e.DealID = strings.ToUpper(e.DealID) }), "deal_id"},
		"no deal_id":        {encode(func(e *DealEvent) { e.DealID = "" }), "deal_id"},
		"unknown type":      {encode(func(e *DealEvent) { e.Type = "merger" }), `type "merger"`},
		"no parties":        {encode(func(e *DealEvent) { e.Parties = nil }), "no parties"},
		"party without id":  {encode(func(e *DealEvent) { e.Parties[1].ID = "" }), "parties[1] has no id"},
		"no article id":     {encode(func(e *DealEvent) { e.Article.ID = "" }), "article.id"},
		"no extracted_at":   {strings.Replace(valid, `"extracted_at":"2025-11-03T14:00:00Z"`, `"extracted_at":null`, 1), "extracted_at"},
		"an array":          {"[" + valid + "]", "cannot unmarshal array"},
		"event of a stream": {`{"event_id":"nope"}`, "event_id"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if c.raw == valid {
				t.Fatal("the case does not change the event")
			}
			_, err := DecodeDealEvent([]byte(c.raw))
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("want ErrInvalid, got %v", err)
			}
			if !strings.Contains(err.Error(), c.reason) {
				t.Fatalf("reason %q does not mention %q", err, c.reason)
			}
		})
	}
}

// Producer and consumer agree: every event the producer's check accepts
// decodes, and what the consumer refuses the producer's check refuses too
// (it never lets through an event its consumers would dead-letter).
func TestProducerCheckRefusesWhatConsumersRefuse(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	mutations := []func(e *DealEvent){
		func(e *DealEvent) { e.EventID = "00" },
		func(e *DealEvent) { e.DealID = "ABCDEF0123456789" },
		func(e *DealEvent) { e.Type = "merger" },
		func(e *DealEvent) { e.Parties = nil },
		func(e *DealEvent) { e.Parties[0].ID = "" },
	}
	for i, m := range mutations {
		e := validEvent()
		m(&e)
		raw, _ := json.Marshal(e)
		if _, err := DecodeDealEvent(raw); err == nil {
			t.Fatalf("mutation %d: consumer accepts it", i)
		}
		if err := v.CheckDealEventJSON(raw); !errors.Is(err, ErrInvalid) {
			t.Fatalf("mutation %d: producer check accepts what consumers refuse: %v", i, err)
		}
	}
}

func TestDecodeExtractionChecksEachEvent(t *testing.T) {
	e := validEvent()
	x := Extraction{SchemaVersion: ExtractionVersion, RunID: "r1", ArticleID: e.Article.ID, ExtractorVersion: "test", ExtractedAt: e.ExtractedAt, Events: []DealEvent{e}}
	raw, _ := json.Marshal(x)
	got, err := DecodeExtraction(raw)
	if err != nil || len(got.Events) != 1 || got.Events[0].EventID != e.EventID {
		t.Fatalf("DecodeExtraction: %+v, %v", got, err)
	}
	x.Events[0].Type = "merger"
	raw, _ = json.Marshal(x)
	if _, err := DecodeExtraction(raw); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "events[0]") {
		t.Fatalf("an extraction with an undecodable event: want ErrInvalid naming events[0], got %v", err)
	}
}

// What a consumer saves: go test ./schemas/ -bench Event -run '^$'
func BenchmarkEventChecks(b *testing.B) {
	v, err := NewValidator()
	if err != nil {
		b.Fatal(err)
	}
	raw, _ := json.Marshal(validEvent())
	b.Run("validate+decode", func(b *testing.B) {
		for b.Loop() {
			if _, err := v.DealEvent(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("producer check", func(b *testing.B) {
		for b.Loop() {
			if err := v.CheckDealEventJSON(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("consumer decode", func(b *testing.B) {
		for b.Loop() {
			if _, err := DecodeDealEvent(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// Validator.Article builds the article from the validated document instead
// of decoding the bytes again: it must give exactly what json.Unmarshal
// gives, for every field of Article.
func TestArticleEqualsJSONDecoding(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	pub := time.Date(2025, 11, 3, 14, 0, 0, 123456789, time.FixedZone("", 2*3600))
	full := Article{SchemaVersion: ArticleVersion, ID: HashID("u"), URL: "https://example.com/a", FetchedURL: "https://example.com/a?utm=1",
		Source: "example", Title: "OpenAI \u2028 and AWS", Text: "OpenAI will spend $38 billion on AWS. \u00e9\u4e2d \"quoted\" \\ back",
		Author: "A. Writer", Language: "en", PublishedAt: &pub, FetchedAt: time.Date(2025, 11, 3, 15, 0, 0, 0, time.UTC),
		ContentHash: "abc", Simhash: "0123456789abcdef", NearDuplicateOf: HashID("v")}
	rv := reflect.ValueOf(full)
	for i := range rv.NumField() {
		if rv.Field(i).IsZero() {
			t.Fatalf("Article.%s is zero in the fixture: fill it (and decode it in articleOf)", rv.Type().Field(i).Name)
		}
	}
	fullRaw, _ := json.Marshal(full)
	minimal := `{"schema_version":"article.v1","id":"` + HashID("w") + `","url":"u","title":"","text":"t","fetched_at":"2025-11-03T15:00:00Z"}`
	cases := map[string]string{
		"every field":        string(fullRaw),
		"required only":      minimal,
		"published_at null":  strings.Replace(minimal, `"text"`, `"published_at":null,"text"`, 1),
		"escapes":            strings.Replace(minimal, `"text":"t"`, `"text":"a\u00e9\ud83d\ude00\n\t\"b\"\\c\u0000"`, 1),
		"invalid UTF-8":      strings.Replace(minimal, `"text":"t"`, "\"text\":\"a\xffb\"", 1),
		"a key given twice":  strings.Replace(minimal, `"title":""`, `"title":"one","title":"two"`, 1),
		"a time zone offset": strings.Replace(minimal, `15:00:00Z`, `15:00:00.5+01:00`, 1),
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			var want Article
			if err := json.Unmarshal([]byte(raw), &want); err != nil {
				t.Fatal(err)
			}
			got, err := v.Article([]byte(raw))
			if err != nil {
				t.Fatalf("Article: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Article gave\n%+v\njson.Unmarshal gives\n%+v", got, want)
			}
		})
	}
}
