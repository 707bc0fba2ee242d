package deal_test

import (
	"strings"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/alert/deal"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store/storetest"
)

func loadFixture(t *testing.T) []schemas.DealEvent {
	t.Helper()
	return storetest.Events(t, "../testdata/outlets.jsonl")
}

func TestFixtureIDsFollowDealKey(t *testing.T) {
	evs := loadFixture(t)
	outlets := map[string]bool{}
	for _, e := range evs {
		if got := schemas.DealID(e); got != e.DealID {
			t.Errorf("event %s: deal_id %s, DealID() = %s", e.EventID, e.DealID, got)
		}
		outlets[e.Article.Source] = true
	}
	if len(outlets) != 10 {
		t.Fatalf("fixture covers %d outlets, want 10", len(outlets))
	}
}

func TestClusterTenOutletsThreeDealsAndFollowUp(t *testing.T) {
	evs := loadFixture(t)
	// A replayed message must not count twice.
	evs = append(evs, evs[0])
	deals := deal.Cluster(evs)
	if len(deals) != 3 {
		t.Fatalf("got %d deals, want 3", len(deals))
	}
	type want struct {
		typ, kind, action string
		mentions, sources int
		versions          int
		first, last       string
		committedUSD      float64
	}
	wants := []want{ // in order of first_seen
		{"commitment", "compute", "new", 2, 2, 1, "2025-10-23T20:00:00Z", "2025-10-24T08:00:00Z", 0},
		{"exclusivity", "", "removed", 3, 3, 1, "2025-10-28T13:00:00Z", "2025-10-29T09:00:00Z", 0},
		{"commitment", "cloud_services", "increased", 6, 5, 2, "2025-11-03T14:00:00Z", "2025-11-10T11:00:00Z", 58e9},
	}
	for i, w := range wants {
		d := deals[i]
		if d.Type != w.typ || d.Kind != w.kind {
			t.Errorf("deal %d: %s/%s, want %s/%s", i, d.Type, d.Kind, w.typ, w.kind)
		}
		if d.Current().Event.Action != w.action {
			t.Errorf("deal %d: current action %s, want %s", i, d.Current().Event.Action, w.action)
		}
		if d.Mentions != w.mentions || d.Sources != w.sources || len(d.Versions) != w.versions {
			t.Errorf("deal %d: mentions %d sources %d versions %d, want %d %d %d",
				i, d.Mentions, d.Sources, len(d.Versions), w.mentions, w.sources, w.versions)
		}
		if got := d.FirstSeen.Format(time.RFC3339); got != w.first {
			t.Errorf("deal %d: first_seen %s, want %s", i, got, w.first)
		}
		if got := d.LastSeen.Format(time.RFC3339); got != w.last {
			t.Errorf("deal %d: last_seen %s, want %s", i, got, w.last)
		}
		if got := d.Committed()["USD"]; got != w.committedUSD {
			t.Errorf("deal %d: committed %v, want %v", i, got, w.committedUSD)
		}
	}
	aws := deals[2]
	if aws.Versions[0].Mentions != 5 || aws.Versions[0].Event.Action != "new" {
		t.Errorf("first AWS version: %+v", aws.Versions[0])
	}
	if aws.Versions[0].Fingerprint == aws.Versions[1].Fingerprint {
		t.Error("follow-up has the same fingerprint as the original")
	}
}

func TestVersionKeyIgnoresWordingButNotFigures(t *testing.T) {
	evs := loadFixture(t)
	a, b := evs[0], evs[2] // "$38 billion" exact vs "about $38 billion" approximately
	if deal.Fingerprint(a) != deal.Fingerprint(b) {
		t.Error("same figure worded differently gave different versions")
	}
	c := a
	v := 38.5e9
	c.Amount = &schemas.Amount{Value: &v, Currency: "USD", Qualifier: "exact", Text: "$38.5 billion"}
	if deal.Fingerprint(a) == deal.Fingerprint(c) {
		t.Error("a changed amount kept the version")
	}
	c = a
	c.Action = schemas.ActionEnded
	if deal.Fingerprint(a) == deal.Fingerprint(c) {
		t.Error("a changed action kept the version")
	}
}

func TestSameArticleNewAndIncreaseOrdersByStage(t *testing.T) {
	evs := loadFixture(t)
	inc := evs[len(evs)-1]
	inc.Article = evs[0].Article // reported in the same article as the original figure
	deals := deal.Cluster([]schemas.DealEvent{inc, evs[0]})
	if len(deals) != 1 || len(deals[0].Versions) != 2 {
		t.Fatalf("got %+v", deals)
	}
	if deals[0].Current().Event.Action != schemas.ActionIncreased {
		t.Errorf("current = %s, want increased", deals[0].Current().Event.Action)
	}
	if deals[0].Mentions != 1 {
		t.Errorf("mentions = %d, want 1 article", deals[0].Mentions)
	}
}

func TestAlliances(t *testing.T) {
	al := deal.Alliances(deal.Cluster(loadFixture(t)))
	if len(al) != 3 {
		t.Fatalf("got %d alliances", len(al))
	}
	var sb strings.Builder
	for _, a := range al {
		sb.WriteString(a.OrgA + "-" + a.OrgB + " ")
	}
	if got := sb.String(); got != "amazon-openai anthropic-google microsoft-openai " {
		t.Fatalf("pairs: %s", got)
	}
	if al[0].TotalCommitted != 58e9 || al[0].CommittedUSD["cloud_services"] != 58e9 {
		t.Errorf("amazon-openai committed %v", al[0].CommittedUSD)
	}
	if al[2].ExclusivityAction != "removed" || al[2].Exclusive {
		t.Errorf("microsoft-openai exclusivity %q exclusive=%v", al[2].ExclusivityAction, al[2].Exclusive)
	}
	if al[1].CommitmentDeals != 1 || al[1].TotalCommitted != 0 {
		t.Errorf("anthropic-google %+v", al[1])
	}
}
