package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
)

// newTestExtractor is the extractor the rules' tests use: the shipped one
// without the confidence floor and the veto, since a rule's test is about
// what the rule reads, in sentences too short for the trained models'
// features (the quality tests score the shipped extractor, floor and veto
// included; veto_test.go tests the veto).
func newTestExtractor(t testing.TB) *Extractor {
	t.Helper()
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	x, err := NewWithOptions(Options{Now: func() time.Time { return fixed }, Disable: []string{StageFloor, StageVeto}})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func article(text string) schemas.Article {
	pub := time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC)
	return schemas.Article{ID: schemas.ArticleID("https://example.test/" + text[:min(20, len(text))]), URL: "https://example.test/a", Source: "test", Title: "t", Text: text, PublishedAt: &pub}
}

type want struct {
	typ, action, kind string
	parties           string // "role:id role:id" in event order
	amount            float64
}

// describeAll describes every event, in output order.
func describeAll(evs []schemas.DealEvent) []want {
	var got []want
	for _, e := range evs {
		got = append(got, describe(e))
	}
	return got
}

func describe(e schemas.DealEvent) want {
	var ps []string
	for _, p := range e.Parties {
		ps = append(ps, p.Role+":"+p.ID)
	}
	w := want{typ: e.Type, action: e.Action, kind: e.KindOf(), parties: strings.Join(ps, " ")}
	if e.Amount != nil && e.Amount.Value != nil {
		w.amount = *e.Amount.Value
	}
	return w
}

// TestRules checks one sentence per phrasing family, in words of our own.
func TestRules(t *testing.T) {
	x := newTestExtractor(t)
	cases := []struct {
		text string
		want []want
	}{
		{"Microsoft will invest $2 billion in Mistral AI, the companies said.",
			[]want{{"commitment", "new", "investment", "from:microsoft to:mistral", 2e9}}},
		{"Cohere raised $500 million in a round led by Nvidia.", // the lead's own share is not told
			[]want{{"commitment", "new", "investment", "from:nvidia to:cohere", 0}}},
		{"Cohere raised $500 million from Nvidia.",
			[]want{{"commitment", "new", "investment", "from:nvidia to:cohere", 500e6}}},
		{"Meta signed a $14 billion contract with CoreWeave for computing capacity.",
			[]want{{"commitment", "new", "compute", "from:meta to:coreweave", 14e9}}},
		{"CoreWeave signed a $14 billion contract to provide Meta with computing capacity.",
			[]want{{"commitment", "new", "compute", "from:meta to:coreweave", 14e9}}},
		{"Apple and Anthropic announced a strategic partnership on Tuesday.",
			[]want{{"partnership", "formed", "", "partner:anthropic partner:apple", 0}}},
		{"Microsoft ended its partnership with Inflection AI on Friday.",
			[]want{{"partnership", "ended", "", "partner:inflectionai partner:microsoft", 0}}},
		{"Oracle became the exclusive cloud provider for xAI.",
			[]want{{"exclusivity", "granted", "", "holder:oracle grantor:xai", 0}}},
		{"The new agreement between Oracle and xAI is non-exclusive.", nil},
		{"Meta became a customer of CoreWeave in a deal worth $14 billion.",
			[]want{{"commitment", "new", "compute", "from:meta to:coreweave", 14e9}}},
		{"xAI has agreed to use Nvidia's GB300 chips for its Colossus 2 cluster.",
			[]want{{"commitment", "new", "compute", "from:xai to:nvidia", 0}}},
		{"Under the deal, Mistral AI will get access to thousands of GPUs from CoreWeave.",
			[]want{{"commitment", "new", "compute", "from:mistral to:coreweave", 0}}},
		{"Microsoft will remain the sole cloud provider for Inflection AI.",
			[]want{{"exclusivity", "granted", "", "holder:microsoft grantor:inflectionai", 0}}},
		{"OpenAI will spend an additional $20 billion on Oracle Cloud Infrastructure.",
			[]want{{"commitment", "increased", "cloud_services", "from:openai to:oracle", 20e9}}},
		{"Amazon is in talks to invest $5 billion in Anthropic, people familiar with the matter said.", nil},
		{"Google denied that it plans to invest in Anthropic.", nil},
		{"Microsoft, which has invested $13 billion in OpenAI since 2019, reported results.", nil},
		{"If the deal goes ahead, Apple would pay Google $1 billion a year.", nil},
		{"Microsoft will no longer pay OpenAI a share of its revenue.",
			[]want{{"commitment", "ended", "revenue_share", "from:microsoft to:openai", 0}}},
		{"Acme Robotics Inc. said Nvidia will invest $300 million in Acme Robotics.",
			[]want{{"commitment", "new", "investment", "from:nvidia to:acmerobotics", 300e6}}},
		{"Nvidia shares rose 3% after the company reported record revenue of $35 billion.", nil},
		{"Borealis signed a $2 billion contract to provide Microsoft with GPU capacity. Microsoft said Borealis would deliver the first systems next year.",
			[]want{{"commitment", "new", "compute", "from:microsoft to:borealis", 2e9}}},
		{"Microsoft will invest $3 billion in Wisconsin. The investment in Wisconsin will create jobs.", nil},
		{"Thrive Capital led a $6.6 billion funding round in OpenAI.", // the round's total is not the lead's (LABELING.md)
			[]want{{"commitment", "new", "investment", "from:thrivecapital to:openai", 0}}},
		// a signed letter of intent is a partnership formed: the real-news labels
		// (testdata/real: eight articles on the Samsung, SK Hynix and Nvidia letters
		// with OpenAI) count it as one; no amount, no commitment
		{"Samsung and OpenAI signed a letter of intent on memory chips.",
			[]want{{"partnership", "formed", "", "partner:openai partner:samsung", 0}}},
		{"Cohere raised $500 million in a round led by Radical Ventures, with participation from Nvidia and Oracle.",
			[]want{{"commitment", "new", "investment", "from:radicalventures to:cohere", 0}, {"commitment", "new", "investment", "from:nvidia to:cohere", 0}, {"commitment", "new", "investment", "from:oracle to:cohere", 0}}},
		{"Nvidia raised its stake in CoreWeave by $500 million.",
			[]want{{"commitment", "increased", "investment", "from:nvidia to:coreweave", 500e6}}},
		{"The Pentagon awarded Anthropic a $200 million contract for AI models.",
			[]want{{"commitment", "new", "cloud_services", "from:pentagon to:anthropic", 200e6}}},
		{"OpenAI is working with partners such as Oracle and SoftBank, which plan to spend $500 billion.", nil},
		{"Mistral AI has landed a €600 million investment from General Catalyst.",
			[]want{{"commitment", "new", "investment", "from:generalcatalyst to:mistral", 600e6}}},
		{"Anthropic tapped Google for up to one million TPUs.",
			[]want{{"commitment", "new", "compute", "from:anthropic to:google", 0}}},
		{"In a statement on Monday, Oracle said it had been chosen by OpenAI to supply 4.5 gigawatts of data-centre capacity.",
			[]want{{"commitment", "new", "compute", "from:openai to:oracle", 0}}},
		{"The contract, worth $11.9 billion over five years, will see CoreWeave supply OpenAI with computing power.",
			[]want{{"commitment", "new", "compute", "from:openai to:coreweave", 11.9e9}}},
		{"The startup Poolside has raised $500 million from investors including Nvidia, eBay and Bain Capital Ventures.",
			// the round's total is no listed investor's own share
			[]want{{"commitment", "new", "investment", "from:nvidia to:poolside", 0}, {"commitment", "new", "investment", "from:ebay to:poolside", 0}, {"commitment", "new", "investment", "from:baincapitalventures to:poolside", 0}}},
		{"Microsoft, meanwhile, will stop sharing revenue with OpenAI.",
			[]want{{"commitment", "ended", "revenue_share", "from:microsoft to:openai", 0}}},
		{"Google will invest $1 billion in Kairos Power and buy 500 megawatts of nuclear power from Kairos Power.",
			[]want{{"commitment", "new", "investment", "from:google to:kairospower", 1e9}, {"commitment", "new", "compute", "from:google to:kairospower", 0}}},
	}
	for _, c := range cases {
		evs, err := x.Extract(context.Background(), article(c.text))
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		got := describeAll(evs)
		if len(got) != len(c.want) {
			t.Errorf("%q:\n got  %+v\n want %+v", c.text, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q:\n got  %+v\n want %+v", c.text, got[i], c.want[i])
			}
		}
	}
}

// TestCoreference resolves descriptors and pronouns across sentences.
func TestCoreference(t *testing.T) {
	x := newTestExtractor(t)
	text := "OpenAI is expanding its computing base.\n\nThe ChatGPT maker said on Monday it had signed a $10 billion agreement with Broadcom for custom chips."
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || describe(evs[0]) != (want{"commitment", "new", "compute", "from:openai to:broadcom", 10e9}) {
		t.Fatalf("got %+v", evs)
	}
}

func TestAmountFromTitle(t *testing.T) {
	x := newTestExtractor(t)
	a := article("IREN has signed a five-year contract to provide Microsoft with Nvidia GPU capacity.")
	a.Title = "IREN lands $9.7bn Microsoft GPU contract"
	evs, err := x.Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || describe(evs[0]) != (want{"commitment", "new", "compute", "from:microsoft to:iren", 9.7e9}) {
		t.Fatalf("got %+v", evs)
	}
}

func TestPartnershipFromTitle(t *testing.T) {
	x := newTestExtractor(t)
	a := article("AMD and OpenAI said OpenAI will deploy 6 gigawatts of AMD Instinct GPUs starting next year.")
	a.Title = "AMD and OpenAI strike strategic partnership"
	evs, err := x.Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	got := describeAll(evs)
	if len(got) != 2 || got[1] != (want{"partnership", "formed", "", "partner:amd partner:openai", 0}) {
		t.Fatalf("got %+v", got)
	}
}

func TestEventsValidateAndAreDeterministic(t *testing.T) {
	x := newTestExtractor(t)
	v, err := schemas.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	text := "Amazon and OpenAI announced an expansion of their partnership. Amazon will invest up to $50 billion in OpenAI, and OpenAI will spend an additional $100 billion on AWS through 2032. Microsoft no longer has exclusive access to OpenAI's intellectual property."
	a := article(text)
	first, err := x.Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) < 4 {
		t.Fatalf("got %d events, want at least 4: %+v", len(first), first)
	}
	ids := map[string]bool{}
	for _, e := range first {
		if err := v.CheckDealEvent(e); err != nil {
			t.Errorf("event %s does not validate: %v", e.EventID, err)
		}
		if ids[e.EventID] {
			t.Errorf("duplicate event_id %s", e.EventID)
		}
		ids[e.EventID] = true
		if e.Evidence.Start < 0 || e.Evidence.End > len(text) || text[e.Evidence.Start:e.Evidence.End] != e.Evidence.Sentence {
			t.Errorf("evidence offsets %d:%d do not point at %q", e.Evidence.Start, e.Evidence.End, e.Evidence.Sentence)
		}
		if e.Confidence <= 0 || e.Confidence > 1 {
			t.Errorf("confidence %v", e.Confidence)
		}
	}
	// Same article, concurrently: same events, byte for byte.
	want, _ := json.Marshal(first)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			evs, err := x.Extract(context.Background(), a)
			if err != nil {
				errs <- err
				return
			}
			got, _ := json.Marshal(evs)
			if !bytes.Equal(got, want) {
				errs <- errors.New("different output on a concurrent run")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestRumouredOption(t *testing.T) {
	x, err := NewWithOptions(Options{IncludeRumoured: true})
	if err != nil {
		t.Fatal(err)
	}
	evs, err := x.Extract(context.Background(), article("Amazon is in talks to invest $5 billion in Anthropic, people familiar with the matter said."))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].Modality != schemas.ModalityRumoured || evs[0].Confidence > 0.4 {
		t.Fatalf("got %+v, want one rumoured event with confidence <= 0.4", evs)
	}
}

func TestBadInput(t *testing.T) {
	x := newTestExtractor(t)
	ctx := context.Background()
	// Empty and whitespace-only text: no events, no error.
	for _, s := range []string{"", "   \n\n  ", strings.Repeat("<div>", 5000)} {
		evs, err := x.Extract(ctx, schemas.Article{Text: s})
		if err != nil || len(evs) != 0 {
			t.Errorf("%.20q: got %d events, err %v", s, len(evs), err)
		}
	}
	// Not UTF-8, binary: a clear error.
	for _, s := range []string{"caf\xe9 \xff\xfe", "PK\x03\x04\x00\x00binary"} {
		if _, err := x.Extract(ctx, schemas.Article{Text: s}); !errors.Is(err, ErrInvalidText) {
			t.Errorf("%q: err %v, want ErrInvalidText", s, err)
		}
	}
	// A huge text is cut, not choked on.
	big := strings.Repeat("Nvidia will invest $1 billion in Acme Labs Inc. ", 250000)
	evs, err := x.Extract(ctx, schemas.Article{Text: big})
	if err != nil || len(evs) != 1 {
		t.Errorf("big text: %d events, err %v", len(evs), err)
	}
	// A cancelled context stops the work.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := x.Extract(cctx, schemas.Article{Text: big}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err %v", err)
	}
}

func FuzzExtract(f *testing.F) {
	x := newTestExtractor(f)
	for _, s := range []string{"Amazon will invest up to $50 billion in OpenAI.", "it its the companies", "\x00", "Acme Labs, a startup, raised $5bn from Nvidia and AMD."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		evs, err := x.Extract(context.Background(), schemas.Article{Text: s})
		if err != nil {
			return
		}
		for _, e := range evs {
			if e.Evidence.Start < 0 || e.Evidence.End > len(s) || len(e.Parties) < 2 {
				t.Fatalf("bad event %+v", e)
			}
		}
	})
}

// TestInjectedDataAndStages: the organisation lexicon and the optional
// stages are injectable, so a test (or a re-extraction run) can change the
// extractor's configuration without a new build.
func TestInjectedDataAndStages(t *testing.T) {
	text := "Perrin Labs signed a $4 billion contract with Quillmoor Compute for GPU capacity. Analysts said the partnership shows how hungry model makers are."
	count := func(o Options) map[string]int {
		t.Helper()
		o.Disable = append(o.Disable, StageVeto) // the stages' own events, before the veto judges them
		x, err := NewWithOptions(o)
		if err != nil {
			t.Fatal(err)
		}
		evs, err := x.Extract(context.Background(), article(text))
		if err != nil {
			t.Fatal(err)
		}
		n := map[string]int{}
		for _, e := range evs {
			n[e.Type]++
			for _, p := range e.Parties {
				n[p.ID]++
			}
		}
		return n
	}
	base := count(Options{})
	if base[schemas.TypePartnership] != 1 {
		t.Fatalf("the deal called a partnership gave %v", base)
	}
	if n := count(Options{Disable: []string{StagePartnerRef}}); n[schemas.TypePartnership] != 0 {
		t.Errorf("partnerref disabled, still a partnership: %v", n)
	}
	// one more lexicon entry: Quillmoor Compute is a known neocloud under its own id
	gaz := []byte(strings.Replace(string(gazetteerYAML), "\norgs:\n", "\norgs:\n  - {id: quillmoor, name: Quillmoor, kind: neocloud, aliases: [Quillmoor, Quillmoor Compute]}\n", 1))
	if n := count(Options{Gazetteer: gaz}); n["quillmoor"] == 0 || n["quillmoorcompute"] != 0 {
		t.Errorf("injected gazetteer entry not used: %v (without it: %v)", n, base)
	}
	if _, err := NewWithOptions(Options{Disable: []string{"nosuchstage"}}); err == nil {
		t.Error("an unknown stage name was accepted")
	}
}
