package schemas

import (
	"errors"
	"testing"
	"time"
)

func validEvent() DealEvent {
	kind := KindCloudServices
	v := 38e9
	pub := time.Date(2025, 11, 3, 14, 0, 0, 0, time.UTC)
	return DealEvent{
		EventID: HashID("e"), DealID: HashID("d"), Type: TypeCommitment, Action: ActionNew, Kind: &kind,
		Parties:          []Party{{ID: "openai", Name: "OpenAI", Role: RoleFrom}, {ID: "amazon", Name: "Amazon Web Services", Role: RoleTo}},
		Amount:           &Amount{Value: &v, Currency: "USD", Qualifier: QualExact, Text: "$38 billion"},
		Evidence:         Evidence{Sentence: "OpenAI will spend $38 billion on AWS.", Start: 0, End: 37},
		Confidence:       0.9,
		Article:          ArticleRef{ID: HashID("u"), URL: "https://example.com/a", Source: "example", Title: "t", PublishedAt: &pub},
		ExtractorVersion: "test", ExtractedAt: pub,
	}
}

func TestValidatorAcceptsValidEvent(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	if err := v.CheckDealEvent(validEvent()); err != nil {
		t.Fatalf("valid event rejected: %v", err)
	}
}

func TestValidatorRejectsBadEvents(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(e *DealEvent){
		"bad type":       func(e *DealEvent) { e.Type = "merger" },
		"no parties":     func(e *DealEvent) { e.Parties = nil },
		"bad role":       func(e *DealEvent) { e.Parties[0].Role = "buyer" },
		"bad currency":   func(e *DealEvent) { e.Amount.Currency = "dollars" },
		"confidence > 1": func(e *DealEvent) { e.Confidence = 1.5 },
		"bad party id":   func(e *DealEvent) { e.Parties[0].ID = "Open AI" },
		"empty evidence": func(e *DealEvent) { e.Evidence.Sentence = "" },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			e := validEvent()
			mutate(&e)
			err := v.CheckDealEvent(e)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("want ErrInvalid, got %v", err)
			}
		})
	}
	if _, err := v.DealEvent([]byte("{not json")); !errors.Is(err, ErrInvalid) {
		t.Fatalf("garbage: want ErrInvalid, got %v", err)
	}
}

func TestValidatorArticle(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	a := Article{SchemaVersion: ArticleVersion, ID: ArticleID("https://example.com/a"), URL: "https://example.com/a",
		Title: "t", Text: "body", FetchedAt: time.Now().UTC()}
	if err := v.CheckArticle(a); err != nil {
		t.Fatalf("valid article rejected: %v", err)
	}
	a.Text = ""
	if err := v.CheckArticle(a); !errors.Is(err, ErrInvalid) {
		t.Fatalf("empty text: want ErrInvalid, got %v", err)
	}
	a.Text = "body"
	a.ID = "xyz"
	if err := v.CheckArticle(a); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad id: want ErrInvalid, got %v", err)
	}
}
