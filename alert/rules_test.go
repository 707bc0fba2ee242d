package alert

import (
	"errors"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

func TestParseRules(t *testing.T) {
	r, err := ParseRules([]byte(`
watchlist: [OpenAI, anthropic]
types: [commitment]
min_amount: 30000000000
min_confidence: 0.9
alert_on_updates: true
webhooks:
  - url: http://127.0.0.1:9/hook
`))
	if err != nil {
		t.Fatal(err)
	}
	if r.Watchlist[0] != "openai" || !r.AlertOnUpdates || len(r.Webhooks) != 1 || r.Modalities[0] != "stated" {
		t.Fatalf("%+v", r)
	}
	for _, bad := range []string{"types: [merger]", "min_confidence: 2", "webhooks: [{url: ftp://x}]", "colour: red"} {
		if _, err := ParseRules([]byte(bad)); !errors.Is(err, ErrRules) {
			t.Errorf("%q: err %v", bad, err)
		}
	}
}

func TestMatch(t *testing.T) {
	evs := fixtureEvents(t)
	aws, excl, tpu := evs[0], evs[5], evs[8] // $38B commitment, exclusivity removed, vague-amount compute
	r, err := ParseRules([]byte("watchlist: [openai]\nmin_amount: 30000000000\nmin_confidence: 0.9\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ok, why := r.Match(aws); !ok {
		t.Errorf("aws: %s", why)
	}
	if ok, _ := r.Match(excl); ok { // confidence 0.88
		t.Error("exclusivity below min_confidence matched")
	}
	if ok, _ := r.Match(tpu); ok {
		t.Error("anthropic/google matched a watchlist of openai")
	}
	small := aws
	v := 1e9
	small.Amount = &schemas.Amount{Value: &v, Currency: "USD", Qualifier: "exact"}
	if ok, _ := r.Match(small); ok {
		t.Error("$1B matched min_amount $30B")
	}
	rumour := aws
	rumour.Modality = schemas.ModalityRumoured
	if ok, _ := r.Match(rumour); ok {
		t.Error("rumour matched default modalities")
	}
	r2, _ := ParseRules([]byte("min_amount: 1\n"))
	if ok, _ := r2.Match(tpu); ok {
		t.Error("unknown amount passed min_amount without allow_unknown_amount")
	}
	r2.AllowUnknownAmount = true
	if ok, why := r2.Match(tpu); !ok {
		t.Error(why)
	}
}

func TestExampleRulesParse(t *testing.T) {
	r, err := LoadRules("rules.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Watchlist) == 0 || len(r.Types) != 3 || r.MinAmount != 1e9 || !r.AlertOnUpdates || len(r.Webhooks) != 1 {
		t.Errorf("%+v", r)
	}
}
