package storetest

import (
	"fmt"
	"strings"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
)

// Ev describes one fixture event.
type Ev struct {
	Article   string // article URL suffix
	Source    string
	Published time.Time
	Type      string
	Action    string
	Kind      string
	Modality  string
	Parties   []schemas.Party
	USD       float64 // 0: no amount
	Scope     string
	Sentence  string
}

// P builds a party.
func P(id, name, role string) schemas.Party { return schemas.Party{ID: id, Name: name, Role: role} }

// Event turns a fixture into a valid DealEvent with deterministic ids.
func Event(f Ev, extractedAt time.Time) schemas.DealEvent {
	url := "https://news.example/" + f.Article
	pub := f.Published
	e := schemas.DealEvent{
		Type:       f.Type,
		Action:     f.Action,
		Modality:   f.Modality,
		Parties:    f.Parties,
		Evidence:   schemas.Evidence{Sentence: f.Sentence, Start: 0, End: len(f.Sentence)},
		Confidence: 0.9,
		Article: schemas.ArticleRef{
			ID: schemas.ArticleID(url), URL: url, Source: f.Source,
			Title: "Story " + f.Article, PublishedAt: &pub,
		},
		ExtractorVersion: "test-1",
		ExtractedAt:      extractedAt,
	}
	if e.Modality == "" {
		e.Modality = schemas.ModalityStated
	}
	if f.Kind != "" {
		k := f.Kind
		e.Kind = &k
	}
	if f.USD > 0 {
		v := f.USD
		e.Amount = &schemas.Amount{Value: &v, Currency: "USD", Qualifier: schemas.QualExact, Text: fmt.Sprintf("$%g billion", f.USD/1e9)}
	}
	if f.Scope != "" {
		s := f.Scope
		e.Scope = &s
	}
	e.DealID = schemas.DealID(e)
	var amt string
	if e.Amount != nil {
		amt = e.Amount.Text
	}
	e.EventID = schemas.HashID(e.Article.ID, e.Type, strings.Join(e.PartyIDs(), ","), f.Kind, amt, f.Action)
	return e
}

// Day returns noon UTC of a date.
func Day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

// Fixture is a small deal history: the OpenAI–Amazon cloud
// commitment reported by two outlets (one deal, two mentions), Amazon's
// investment pledge, the OpenAI–Microsoft partnership formed then
// restructured, Microsoft's exclusivity granted then removed, and a
// rumoured Google commitment that alliance_state must ignore.
func Fixture(extractedAt time.Time) []schemas.DealEvent {
	oa := P("openai", "OpenAI", schemas.RoleFrom)
	aws := P("amazon", "Amazon Web Services", schemas.RoleTo)
	evs := []Ev{
		{Article: "ms-2019", Source: "wire", Published: Day(2019, 7, 22), Type: schemas.TypePartnership, Action: schemas.ActionFormed,
			Parties: []schemas.Party{P("microsoft", "Microsoft", schemas.RolePartner), P("openai", "OpenAI", schemas.RolePartner)}, Sentence: "Microsoft and OpenAI form a partnership."},
		{Article: "ms-2019", Source: "wire", Published: Day(2019, 7, 22), Type: schemas.TypeExclusivity, Action: schemas.ActionGranted, Scope: "cloud",
			Parties: []schemas.Party{P("microsoft", "Microsoft", schemas.RoleHolder), P("openai", "OpenAI", schemas.RoleGrantor)}, Sentence: "Azure becomes OpenAI's exclusive cloud."},
		{Article: "aws-deal", Source: "daily", Published: Day(2025, 11, 3), Type: schemas.TypeCommitment, Action: schemas.ActionNew, Kind: schemas.KindCloudServices,
			Parties: []schemas.Party{oa, aws}, USD: 38e9, Sentence: "OpenAI commits $38 billion to AWS."},
		{Article: "aws-deal-2", Source: "herald", Published: Day(2025, 11, 4), Type: schemas.TypeCommitment, Action: schemas.ActionNew, Kind: schemas.KindCloudServices,
			Parties: []schemas.Party{oa, aws}, USD: 38e9, Sentence: "OpenAI signs a $38bn deal with Amazon."},
		{Article: "aws-deal", Source: "daily", Published: Day(2025, 11, 3), Type: schemas.TypeCommitment, Action: schemas.ActionNew, Kind: schemas.KindInvestment,
			Parties: []schemas.Party{P("amazon", "Amazon", schemas.RoleFrom), P("openai", "OpenAI", schemas.RoleTo)}, USD: 50e9, Sentence: "Amazon pledges to invest up to $50 billion."},
		{Article: "ms-2025", Source: "wire", Published: Day(2025, 10, 28), Type: schemas.TypePartnership, Action: schemas.ActionRestructured,
			Parties: []schemas.Party{P("microsoft", "Microsoft", schemas.RolePartner), P("openai", "OpenAI", schemas.RolePartner)}, Sentence: "Microsoft and OpenAI restructure their partnership."},
		{Article: "ms-2025", Source: "wire", Published: Day(2025, 10, 28), Type: schemas.TypeExclusivity, Action: schemas.ActionRemoved, Scope: "cloud",
			Parties: []schemas.Party{P("microsoft", "Microsoft", schemas.RoleHolder), P("openai", "OpenAI", schemas.RoleGrantor)}, Sentence: "Microsoft's exclusive cloud rights end."},
		{Article: "rumour", Source: "blog", Published: Day(2025, 12, 1), Type: schemas.TypeCommitment, Action: schemas.ActionNew, Kind: schemas.KindCompute, Modality: schemas.ModalityRumoured,
			Parties: []schemas.Party{P("google", "Google", schemas.RoleTo), P("openai", "OpenAI", schemas.RoleFrom)}, USD: 10e9, Sentence: "OpenAI is said to weigh a $10 billion Google deal."},
	}
	out := make([]schemas.DealEvent, len(evs))
	for i, f := range evs {
		out[i] = Event(f, extractedAt)
	}
	return out
}
