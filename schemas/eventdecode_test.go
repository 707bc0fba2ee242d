package schemas

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fullEvent is validEvent with every optional field set.
func fullEvent() DealEvent {
	e := validEvent()
	until, scope := "2030", "worldwide"
	e.Modality = ModalityDenied
	e.Capacity = &Capacity{Value: 1.5, Unit: "GW", Text: "1.5 gigawatts"}
	e.Until, e.Scope = &until, &scope
	e.ExtractedAt = time.Date(2025, 11, 3, 14, 0, 0, 123456789, time.FixedZone("", 3600))
	return e
}

// eventDocs are event documents at the edges of what the fast decoder
// handles: it must give encoding/json's answer or leave the document to it.
func eventDocs(t testing.TB) map[string]string {
	enc := func(e DealEvent) string {
		raw, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		return string(raw)
	}
	valid, full := enc(validEvent()), enc(fullEvent())
	indented, err := json.MarshalIndent(fullEvent(), " ", "\t")
	if err != nil {
		t.Fatal(err)
	}
	rep := func(doc, old, new string) string {
		if !strings.Contains(doc, old) {
			t.Fatalf("%q is not in %s", old, doc)
		}
		return strings.Replace(doc, old, new, 1)
	}
	docs := map[string]string{
		"valid":                    valid,
		"full":                     full,
		"indented":                 string(indented),
		"trailing space":           full + " \n",
		"leading space":            "\t " + full,
		"trailing data":            full + "x",
		"two values":               full + full,
		"empty":                    "",
		"empty object":             "{}",
		"array":                    "[" + valid + "]",
		"not closed":               full[:len(full)-1],
		"cut in a string":          full[:20],
		"unknown key":              rep(full, `{"event_id"`, `{"price":1,"event_id"`),
		"key in upper case":        rep(full, `"deal_id"`, `"DEAL_ID"`),
		"key escaped":              rep(full, `"deal_id"`, `"deal\u005fid"`),
		"repeated key":             rep(full, `"type":"commitment"`, `"type":"partnership","type":"commitment"`),
		"repeated nested key":      rep(full, `"currency":"USD"`, `"currency":"EUR","currency":"USD"`),
		"repeated party key":       rep(full, `"id":"openai"`, `"id":"x","id":"openai"`),
		"repeated object":          rep(full, `"evidence":{`, `"evidence":{"start":5},"evidence":{`),
		"type null":                rep(full, `"type":"commitment"`, `"type":null`),
		"action null":              rep(full, `"action":"new"`, `"action":null`),
		"kind null":                rep(full, `"kind":"cloud_services"`, `"kind":null`),
		"kind number":              rep(full, `"kind":"cloud_services"`, `"kind":1`),
		"parties null":             rep(full, `"parties":[`, `"parties":null,"x":[`),
		"parties empty":            strings.Replace(full, full[strings.Index(full, `"parties":`):strings.Index(full, `,"amount"`)], `"parties":[]`, 1),
		"party null":               rep(full, `"parties":[`, `"parties":[null,`),
		"party string":             rep(full, `"parties":[`, `"parties":["x",`),
		"party empty object":       rep(full, `"parties":[`, `"parties":[{},`),
		"parties trailing comma":   rep(full, `"role":"to"}]`, `"role":"to"},]`),
		"amount null":              rep(full, `"amount":{`, `"amount":null,"x":{`),
		"amount empty":             rep(full, `"amount":{"value":38000000000,"currency":"USD","qualifier":"exact","text":"$38 billion"}`, `"amount":{}`),
		"amount value null":        rep(full, `"value":38000000000`, `"value":null`),
		"amount value string":      rep(full, `"value":38000000000`, `"value":"38"`),
		"amount value exponent":    rep(full, `"value":38000000000`, `"value":3.8E+10`),
		"amount value huge":        rep(full, `"value":38000000000`, `"value":1e400`),
		"amount value tiny":        rep(full, `"value":38000000000`, `"value":1e-400`),
		"amount value -0":          rep(full, `"value":38000000000`, `"value":-0`),
		"amount value leading 0":   rep(full, `"value":38000000000`, `"value":038`),
		"amount value plus":        rep(full, `"value":38000000000`, `"value":+38`),
		"amount value dot":         rep(full, `"value":38000000000`, `"value":38.`),
		"amount value bare dot":    rep(full, `"value":38000000000`, `"value":.5`),
		"amount value e":           rep(full, `"value":38000000000`, `"value":38e`),
		"amount value minus":       rep(full, `"value":38000000000`, `"value":-`),
		"amount value hex":         rep(full, `"value":38000000000`, `"value":0x26`),
		"amount value Infinity":    rep(full, `"value":38000000000`, `"value":Infinity`),
		"capacity null":            rep(full, `"capacity":{"value":1.5,"unit":"GW","text":"1.5 gigawatts"}`, `"capacity":null`),
		"capacity value null":      rep(full, `"value":1.5`, `"value":null`),
		"capacity value int":       rep(full, `"value":1.5`, `"value":2`),
		"confidence string":        rep(full, `"confidence":0.9`, `"confidence":"high"`),
		"confidence null":          rep(full, `"confidence":0.9`, `"confidence":null`),
		"confidence true":          rep(full, `"confidence":0.9`, `"confidence":true`),
		"evidence start float":     rep(full, `"start":0`, `"start":1.0`),
		"evidence start exponent":  rep(full, `"start":0`, `"start":1e2`),
		"evidence start negative":  rep(full, `"start":0`, `"start":-3`),
		"evidence start -0":        rep(full, `"start":0`, `"start":-0`),
		"evidence start overflow":  rep(full, `"start":0`, `"start":9223372036854775808`),
		"evidence start max":       rep(full, `"start":0`, `"start":9223372036854775807`),
		"evidence null":            rep(full, `"evidence":{"sentence"`, `"evidence":null,"x":{"sentence"`),
		"until null":               rep(full, `"until":"2030"`, `"until":null`),
		"scope array":              rep(full, `"scope":"worldwide"`, `"scope":["worldwide"]`),
		"published_at null":        rep(full, `"published_at":"2025-11-03T14:00:00Z"`, `"published_at":null`),
		"published_at offset":      rep(full, `"published_at":"2025-11-03T14:00:00Z"`, `"published_at":"2025-11-03T14:00:00.5+01:00"`),
		"published_at date only":   rep(full, `"published_at":"2025-11-03T14:00:00Z"`, `"published_at":"2025-11-03"`),
		"published_at escaped":     rep(full, `"published_at":"2025-11-03T14:00:00Z"`, `"published_at":"2025-11-03T14:00:00\u005a"`),
		"published_at number":      rep(full, `"published_at":"2025-11-03T14:00:00Z"`, `"published_at":1762178400`),
		"extracted_at null":        rep(full, `"extracted_at":"2025-11-03T14:00:00.123456789+01:00"`, `"extracted_at":null`),
		"extracted_at lower t":     rep(full, `"extracted_at":"2025-11-03T14:00:00.123456789+01:00"`, `"extracted_at":"2025-11-03t14:00:00Z"`),
		"extracted_at hour 24":     rep(full, `"extracted_at":"2025-11-03T14:00:00.123456789+01:00"`, `"extracted_at":"2025-11-03T24:00:00Z"`),
		"string escapes":           rep(full, `"title":"t"`, `"title":"a\"b\\c\/d\b\f\n\r\t\u00e9\u003c"`),
		"string surrogate pair":    rep(full, `"title":"t"`, `"title":"\ud83d\ude00"`),
		"string lone surrogate":    rep(full, `"title":"t"`, `"title":"\ud83d"`),
		"string bad escape":        rep(full, `"title":"t"`, `"title":"\x"`),
		"string short \\u":         rep(full, `"title":"t"`, `"title":"\u00"`),
		"string invalid utf8":      rep(full, `"title":"t"`, "\"title\":\"a\xffb\""),
		"string raw newline":       rep(full, `"title":"t"`, "\"title\":\"a\nb\""),
		"string non-ascii":         rep(full, `"title":"t"`, `"title":"Zürich – 東京"`),
		"missing colon":            rep(full, `"type":"commitment"`, `"type" "commitment"`),
		"missing comma":            rep(full, `"type":"commitment",`, `"type":"commitment" `),
		"null with a tail":         rep(full, `"kind":"cloud_services"`, `"kind":nullx`),
		"event_id upper case":      rep(full, `"event_id":"`, `"event_id":"ABCDEF0123456789","x":"`),
		"no type":                  rep(full, `"type":"commitment",`, ``),
		"space around everything":  strings.NewReplacer(`":`, `" : `, `,"`, ` , "`, `{`, ` { `, `}`, ` } `, `[`, ` [ `, `]`, ` ] `).Replace(valid),
		"modality present":         rep(valid, `"kind":"cloud_services",`, `"kind":"cloud_services","modality":"denied",`),
		"extractor_version number": rep(full, `"extractor_version":"test"`, `"extractor_version":1`),
	}
	return docs
}

// checkFastEvent fails when the fast decoder accepts doc and gives
// anything but what encoding/json gives. It reports whether it accepted.
func checkFastEvent(t *testing.T, name string, doc []byte) bool {
	t.Helper()
	fast, ok := fastDealEvent(doc)
	var strict DealEvent
	err := decodeStrict(doc, &strict)
	if !ok {
		return false
	}
	if err != nil {
		t.Errorf("%s: the fast decoder accepts what encoding/json refuses (%v): %q", name, err, doc)
		return true
	}
	if !reflect.DeepEqual(fast, strict) {
		t.Errorf("%s: the fast decoder gives\n%#v\nencoding/json\n%#v", name, fast, strict)
	}
	return true
}

func TestFastDealEventAgreesWithStrict(t *testing.T) {
	docs := eventDocs(t)
	taken := 0
	for name, doc := range docs {
		if checkFastEvent(t, name, []byte(doc)) {
			taken++
		}
	}
	// It must not leave everything to encoding/json, or it saves nothing.
	for _, name := range []string{"valid", "full", "indented", "space around everything", "string escapes", "published_at null", "amount empty", "parties empty"} {
		if _, ok := fastDealEvent([]byte(docs[name])); !ok {
			t.Errorf("%s: the fast decoder leaves it to encoding/json", name)
		}
	}
	if taken == len(docs) {
		t.Errorf("the fast decoder accepts all %d documents, including the ones encoding/json refuses", taken)
	}

	// Every event json.Marshal writes, whatever its values, takes the
	// fast path and decodes as encoding/json decodes it.
	muts := eventMutations()
	names := make([]string, 0, len(muts))
	for name := range muts {
		names = append(names, name)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 2000 {
		e := fullEvent()
		if i%2 == 0 {
			e = validEvent()
		}
		for range 1 + rng.IntN(4) {
			tryMutate(&e, muts[names[rng.IntN(len(names))]])
		}
		raw, err := json.Marshal(e)
		if err != nil {
			continue
		}
		if !checkFastEvent(t, "random", raw) {
			t.Fatalf("the fast decoder leaves an event json.Marshal wrote to encoding/json: %s", raw)
		}
	}
}

// DecodeDealEvent's answers are encoding/json's, through either path.
func TestDecodeDealEventSameEitherPath(t *testing.T) {
	for name, doc := range eventDocs(t) {
		got, gotErr := DecodeDealEvent([]byte(doc))
		var want DealEvent
		wantErr := decodeStrict([]byte(doc), &want)
		if wantErr == nil {
			wantErr = checkDecoded(want)
		}
		if (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s: DecodeDealEvent says %v, encoding/json and the checks %v", name, gotErr, wantErr)
			continue
		}
		if gotErr == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%s: DecodeDealEvent gives %#v, want %#v", name, got, want)
		}
	}
}

func FuzzFastDealEvent(f *testing.F) {
	for _, doc := range eventDocs(f) {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		checkFastEvent(t, "fuzz", doc)
	})
}

// What a consumer's decode of an event costs:
// go test ./schemas/ -bench DecodeDealEvent -run '^$'
func BenchmarkDecodeDealEvent(b *testing.B) {
	raw, err := json.Marshal(fullEvent())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			var e DealEvent
			if err := decodeStrict(raw, &e); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			if _, ok := fastDealEvent(raw); !ok {
				b.Fatal("not taken")
			}
		}
	})
}
