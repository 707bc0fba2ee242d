package schemas

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// eventMutations change one field of a valid event to a value at or past
// the edge of a schema rule, valid and invalid ones alike.
func eventMutations() map[string]func(e *DealEvent) {
	str := func(s string) *string { return &s }
	num := func(f float64) *float64 { return &f }
	m := map[string]func(e *DealEvent){
		"unchanged":               func(e *DealEvent) {},
		"event_id upper":          func(e *DealEvent) { e.EventID = "ABCDEF0123456789" },
		"event_id short":          func(e *DealEvent) { e.EventID = "abc" },
		"event_id long":           func(e *DealEvent) { e.EventID += "0" },
		"event_id newline":        func(e *DealEvent) { e.EventID = e.EventID[:15] + "\n" },
		"deal_id empty":           func(e *DealEvent) { e.DealID = "" },
		"deal_id g":               func(e *DealEvent) { e.DealID = "0123456789abcdeg" },
		"type empty":              func(e *DealEvent) { e.Type = "" },
		"type merger":             func(e *DealEvent) { e.Type = "merger" },
		"type exclusivity":        func(e *DealEvent) { e.Type = TypeExclusivity },
		"action other type's":     func(e *DealEvent) { e.Action = ActionGranted },
		"action bad":              func(e *DealEvent) { e.Action = "signed" },
		"action empty":            func(e *DealEvent) { e.Action = "" },
		"kind nil":                func(e *DealEvent) { e.Kind = nil },
		"kind compute":            func(e *DealEvent) { e.Kind = str(KindCompute) },
		"kind empty":              func(e *DealEvent) { e.Kind = str("") },
		"kind bad":                func(e *DealEvent) { e.Kind = str("loan") },
		"modality denied":         func(e *DealEvent) { e.Modality = ModalityDenied },
		"modality bad":            func(e *DealEvent) { e.Modality = "hinted" },
		"parties nil":             func(e *DealEvent) { e.Parties = nil },
		"parties empty":           func(e *DealEvent) { e.Parties = []Party{} },
		"party id empty":          func(e *DealEvent) { e.Parties[0].ID = "" },
		"party id digits":         func(e *DealEvent) { e.Parties[0].ID = "x42" },
		"party id upper":          func(e *DealEvent) { e.Parties[0].ID = "OpenAI" },
		"party id dash":           func(e *DealEvent) { e.Parties[0].ID = "open-ai" },
		"party id newline":        func(e *DealEvent) { e.Parties[1].ID = "amazon\n" },
		"party id non-ascii":      func(e *DealEvent) { e.Parties[1].ID = "amazón" },
		"party id invalid utf8":   func(e *DealEvent) { e.Parties[1].ID = "a\xff" },
		"party name empty":        func(e *DealEvent) { e.Parties[1].Name = "" },
		"party name space":        func(e *DealEvent) { e.Parties[1].Name = " " },
		"party name invalid utf8": func(e *DealEvent) { e.Parties[1].Name = "\xff" },
		"party role bad":          func(e *DealEvent) { e.Parties[1].Role = "buyer" },
		"party role partner":      func(e *DealEvent) { e.Parties[1].Role = RolePartner },
		"one party":               func(e *DealEvent) { e.Parties = e.Parties[:1] },
		"amount nil":              func(e *DealEvent) { e.Amount = nil },
		"amount value nil":        func(e *DealEvent) { e.Amount.Value = nil },
		"amount value 0":          func(e *DealEvent) { e.Amount.Value = num(0) },
		"amount value -0":         func(e *DealEvent) { e.Amount.Value = num(math.Copysign(0, -1)) },
		"amount value negative":   func(e *DealEvent) { e.Amount.Value = num(-1) },
		"amount value tiny neg":   func(e *DealEvent) { e.Amount.Value = num(-1e-300) },
		"amount value huge":       func(e *DealEvent) { e.Amount.Value = num(1e300) },
		"currency lower":          func(e *DealEvent) { e.Amount.Currency = "usd" },
		"currency long":           func(e *DealEvent) { e.Amount.Currency = "USDX" },
		"currency empty":          func(e *DealEvent) { e.Amount.Currency = "" },
		"currency EUR":            func(e *DealEvent) { e.Amount.Currency = "EUR" },
		"qualifier bad":           func(e *DealEvent) { e.Amount.Qualifier = "about" },
		"qualifier vague":         func(e *DealEvent) { e.Amount.Qualifier = QualVague },
		"amount text empty":       func(e *DealEvent) { e.Amount.Text = "" },
		"capacity":                func(e *DealEvent) { e.Capacity = &Capacity{Value: 1.5, Unit: "GW", Text: "1.5 GW"} },
		"capacity 0 chips":        func(e *DealEvent) { e.Capacity = &Capacity{Unit: "chips"} },
		"capacity negative":       func(e *DealEvent) { e.Capacity = &Capacity{Value: -2, Unit: "MW"} },
		"capacity unit bad":       func(e *DealEvent) { e.Capacity = &Capacity{Value: 2, Unit: "kW"} },
		"until":                   func(e *DealEvent) { e.Until = str("2030") },
		"until empty":             func(e *DealEvent) { e.Until = str("") },
		"scope":                   func(e *DealEvent) { e.Scope = str("ip") },
		"evidence empty":          func(e *DealEvent) { e.Evidence.Sentence = "" },
		"evidence start -1":       func(e *DealEvent) { e.Evidence.Start = -1 },
		"evidence end -1":         func(e *DealEvent) { e.Evidence.End = -1 },
		"evidence end < start":    func(e *DealEvent) { e.Evidence.Start, e.Evidence.End = 9, 3 },
		"confidence 0":            func(e *DealEvent) { e.Confidence = 0 },
		"confidence 1":            func(e *DealEvent) { e.Confidence = 1 },
		"confidence -0":           func(e *DealEvent) { e.Confidence = math.Copysign(0, -1) },
		"confidence > 1":          func(e *DealEvent) { e.Confidence = math.Nextafter(1, 2) },
		"confidence < 0":          func(e *DealEvent) { e.Confidence = -0.1 },
		"article empty":           func(e *DealEvent) { e.Article = ArticleRef{} },
		"article published nil":   func(e *DealEvent) { e.Article.PublishedAt = nil },
		"extractor_version empty": func(e *DealEvent) { e.ExtractorVersion = "" },
		"extracted_at zero":       func(e *DealEvent) { e.ExtractedAt = time.Time{} },
		"extracted_at offset": func(e *DealEvent) {
			e.ExtractedAt = time.Date(2026, 2, 28, 23, 59, 59, 999999999, time.FixedZone("", 5*3600+30*60))
		},
		"extracted_at year 9999": func(e *DealEvent) { e.ExtractedAt = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC) },
		"extracted_at leap day":  func(e *DealEvent) { e.ExtractedAt = time.Date(2024, 2, 29, 0, 0, 0, 1, time.UTC) },
	}
	return m
}

// CheckDealEventValue refuses exactly what validating the encoded event
// against deal_event.v1.json refuses: on every single mutation, and on
// random combinations of them.
func TestCheckDealEventValueAgreesWithSchema(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	agree := func(t *testing.T, name string, e DealEvent) bool {
		t.Helper()
		raw, err := json.Marshal(e)
		if err != nil {
			return true // not encodable: the worker refuses it before either check
		}
		schemaErr := v.CheckDealEventJSON(raw)
		valueErr := CheckDealEventValue(e)
		if (schemaErr == nil) != (valueErr == nil) {
			t.Errorf("%s: schema says %v, CheckDealEventValue says %v", name, schemaErr, valueErr)
			return false
		}
		if valueErr != nil && !errors.Is(valueErr, ErrInvalid) {
			t.Errorf("%s: error does not wrap ErrInvalid: %v", name, valueErr)
		}
		return true
	}
	muts := eventMutations()
	names := make([]string, 0, len(muts))
	invalid := 0
	for name, mutate := range muts {
		names = append(names, name)
		e := validEvent()
		mutate(&e)
		agree(t, name, e)
		if CheckDealEventValue(e) != nil {
			invalid++
		}
	}
	if invalid < 30 {
		t.Fatalf("only %d of %d mutations are invalid: the table no longer probes the rules", invalid, len(muts))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		e := validEvent()
		var applied []string
		for range 1 + rng.IntN(3) {
			name := names[rng.IntN(len(names))]
			if tryMutate(&e, muts[name]) {
				applied = append(applied, name)
			}
		}
		if !agree(t, "combination", e) {
			t.Fatalf("combination %v", applied)
		}
	}
}

// tryMutate applies mutate to a copy of e and keeps it, unless the mutation
// does not apply to e as it is (a party or amount an earlier one removed).
func tryMutate(e *DealEvent, mutate func(*DealEvent)) (ok bool) {
	c := *e
	c.Parties = append([]Party(nil), e.Parties...)
	if e.Amount != nil {
		a := *e.Amount
		c.Amount = &a
	}
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	mutate(&c)
	*e = c
	return true
}

// The worker's per-event check, before (parse the bytes, validate against
// the schema) and after (check the value it encoded).
func BenchmarkCheckDealEvent(b *testing.B) {
	v, err := NewValidator()
	if err != nil {
		b.Fatal(err)
	}
	e := validEvent()
	raw, err := json.Marshal(e)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("schema", func(b *testing.B) {
		for b.Loop() {
			if err := v.CheckDealEventJSON(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("value", func(b *testing.B) {
		for b.Loop() {
			if err := CheckDealEventValue(e); err != nil {
				b.Fatal(err)
			}
		}
	})
}
