package store

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
)

// reflectRowJSON is the row's line as encoding/json writes it: the
// reference appendJSON must equal byte for byte.
func reflectRowJSON(r EventRow) ([]byte, error) {
	type plain EventRow // without the MarshalJSON method
	var pub *string
	if r.ArticlePublishedAt != nil {
		s := r.ArticlePublishedAt.UTC().Format(DateTimeLayout)
		pub = &s
	}
	return json.Marshal(struct {
		plain
		ArticlePublishedAt *string `json:"article_published_at"`
		ExtractedAt        string  `json:"extracted_at"`
	}{plain(r), pub, r.ExtractedAt.UTC().Format(DateTimeLayout)})
}

// randomRow is a row with values at the edges of JSON encoding: every
// character class encoding/json escapes, invalid UTF-8, floats that it
// writes with an exponent, nil pointers and slices.
func randomRow(rng *rand.Rand) EventRow {
	pieces := []string{"a", "OpenAI", " ", `"`, `\`, "/", "<", ">", "&", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f",
		"é", "東京", "\u2028", "\u2029", "\xff", "\xe2\x80", "😀", "\ufffd", "'"}
	str := func() string {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	strs := func() []string {
		if rng.IntN(5) == 0 {
			return nil
		}
		out := make([]string, rng.IntN(4))
		for i := range out {
			out[i] = str()
		}
		return out
	}
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 0.9, 123.456, 38e9, 1e20, 1e21, 1.5e21, 1e-6, 9.99e-7, 1e-7, -1e-300,
		1e300, 5e-324, math.MaxFloat64, 1.0 / 3, math.NaN(), math.Inf(1), math.Inf(-1)}
	num := func() *float64 {
		if rng.IntN(4) == 0 {
			return nil
		}
		f := floats[rng.IntN(len(floats))]
		return &f
	}
	zones := []*time.Location{time.UTC, time.FixedZone("", 3600), time.FixedZone("x", -5*3600-1800)}
	when := func() time.Time {
		return time.Unix(rng.Int64N(4e9), rng.Int64N(1e9)).In(zones[rng.IntN(len(zones))])
	}
	r := EventRow{
		EventID: str(), DealID: str(), Type: str(), Action: str(), Kind: str(), Modality: str(),
		PartyIDs: strs(), PartyNames: strs(), PartyRoles: strs(),
		AmountValue: num(), AmountCurrency: str(), AmountQualifier: str(), AmountText: str(),
		CapacityValue: num(), CapacityUnit: str(), CapacityText: str(), Until: str(), Scope: str(),
		EvidenceSentence: str(), EvidenceStart: rng.Uint32(), EvidenceEnd: uint32(rng.IntN(300)),
		Confidence: floats[rng.IntN(len(floats))], ArticleID: str(), ArticleURL: str(), ArticleSource: str(), ArticleTitle: str(),
		ExtractorVersion: str(), ExtractedAt: when(), Version: rng.Uint64(), ContentHash: str(), Retracted: uint8(rng.IntN(256)),
	}
	if rng.IntN(3) > 0 {
		t := when()
		r.ArticlePublishedAt = &t
	}
	return r
}

func TestEventRowJSONEqualsEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var rows []EventRow
	var want []byte
	refused := 0
	for range 5000 {
		r := randomRow(rng)
		got, gotErr := r.MarshalJSON()
		ref, refErr := reflectRowJSON(r)
		if (gotErr == nil) != (refErr == nil) {
			t.Fatalf("appendJSON says %v, encoding/json %v, for %#v", gotErr, refErr, r)
		}
		if refErr != nil {
			refused++
			continue
		}
		if !bytes.Equal(got, ref) {
			t.Fatalf("appendJSON wrote\n%s\nencoding/json\n%s", got, ref)
		}
		if len(rows) < 100 {
			rows = append(rows, r)
			want = append(append(want, ref...), '\n')
		}
	}
	if refused == 0 {
		t.Fatal("no row had a NaN or infinite number: the table no longer probes that refusal")
	}
	got, err := JSONEachRow(rows)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("JSONEachRow of %d rows: %v\n%s\nwant\n%s", len(rows), err, got, want)
	}
	// An event row as the sink makes it.
	e := NewEventRow(testEvent())
	got, err = JSONEachRow([]EventRow{e})
	ref, refErr := reflectRowJSON(e)
	if err != nil || refErr != nil || !bytes.Equal(got, append(ref, '\n')) {
		t.Fatalf("JSONEachRow of an event: %s (%v), want %s (%v)", got, err, ref, refErr)
	}
}

// What encoding an event row costs:
// go test ./store/ -bench EventRowJSON -run '^$'
func BenchmarkEventRowJSON(b *testing.B) {
	r := NewEventRow(testEvent())
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			if _, err := reflectRowJSON(r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("appendJSON", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			var err error
			if buf, err = r.appendJSON(buf[:0]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func testEvent() schemas.DealEvent {
	kind, until := schemas.KindCloudServices, "2030"
	v := 38e9
	pub := time.Date(2025, 11, 3, 14, 0, 0, 0, time.FixedZone("", -5*3600))
	return schemas.DealEvent{
		EventID: schemas.HashID("e"), DealID: schemas.HashID("d"), Type: schemas.TypeCommitment, Action: schemas.ActionNew, Kind: &kind,
		Parties:  []schemas.Party{{ID: "openai", Name: "OpenAI", Role: schemas.RoleFrom}, {ID: "amazon", Name: "Amazon Web Services", Role: schemas.RoleTo}},
		Amount:   &schemas.Amount{Value: &v, Currency: "USD", Qualifier: schemas.QualExact, Text: "$38 billion"},
		Capacity: &schemas.Capacity{Value: 1.5, Unit: "GW", Text: "1.5 GW"}, Until: &until,
		Evidence:         schemas.Evidence{Sentence: `OpenAI will spend "$38 billion" on AWS <through 2030> & more.`, Start: 12, End: 71},
		Confidence:       0.92,
		Article:          schemas.ArticleRef{ID: schemas.HashID("u"), URL: "https://example.com/a?x=1&y=2", Source: "example", Title: "Zürich – 東京", PublishedAt: &pub},
		ExtractorVersion: "test", ExtractedAt: pub.Add(time.Hour),
	}
}
