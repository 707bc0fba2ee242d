package eval

import (
	"errors"
	"strings"
	"testing"
)

func TestAgreement(t *testing.T) {
	first, err := ParseGold(strings.NewReader(`
{"id":"x1","file":"x1.txt","events":[{"type":"commitment","kind":"investment","action":"new","parties":["acme","lumen"],"from":"lumen","to":"acme","amount":{"value":100000000,"currency":"USD","qualifier":"exact"}},{"type":"partnership","action":"formed","parties":["acme","aws"]}],"optional":[{"type":"commitment","kind":"compute","action":"new","parties":["acme","aws"],"from":"acme","to":"aws","amount":null}]}
{"id":"x2","file":"x2.txt","events":[{"type":"exclusivity","action":"granted","parties":["acme","lumen"],"holder":"lumen","scope":"models"}],"optional":[]}
{"id":"x3","file":"x3.txt","events":[],"optional":[]}
`))
	if err != nil {
		t.Fatal(err)
	}
	second, err := ParseGold(strings.NewReader(`
{"id":"x1","file":"x1.txt","events":[{"type":"commitment","kind":"investment","action":"new","parties":["acme","lumen"],"from":"lumen","to":"acme","amount":{"value":100500000,"currency":"USD","qualifier":"about"}},{"type":"partnership","action":"formed","parties":["acme","amazon"]},{"type":"commitment","kind":"compute","action":"new","parties":["acme","amazon"],"from":"acme","to":"amazon","amount":null}],"optional":[]}
{"id":"x2","file":"x2.txt","events":[{"type":"exclusivity","action":"granted","parties":["acme","lumen"],"holder":"acme","scope":"models"}],"optional":[]}
{"id":"x3","file":"x3.txt","events":[{"type":"commitment","kind":"cloud_services","action":"new","parties":["acme","lumen"],"from":"acme","to":"lumen","amount":{"value":5000000,"currency":"USD","qualifier":"exact"}}],"optional":[]}
{"id":"x9","file":"x9.txt","events":[{"type":"partnership","action":"formed","parties":["a","b"]}],"optional":[]}
`))
	if err != nil {
		t.Fatal(err)
	}
	canon := func(id string) string {
		if id == "aws" {
			return "amazon"
		}
		return id
	}
	c, misses, err := Agreement(first, second, canon)
	if err != nil {
		t.Fatal(err)
	}
	// x1: the amount is within 1 % and the partnership matches once aws is
	// amazon; the compute commitment is only optional in the first labels.
	// x2: exclusivity matches on type and parties (the holder is scored as
	// direction). x3: a commitment the first labeller did not see. x9 is
	// only in the second set.
	if c.Articles != 3 || c.TruePositives != 3 || c.FalsePositives != 1 || c.FalseNegatives != 0 || c.OptionalMatched != 1 {
		t.Fatalf("counts = %+v", c)
	}
	if c.DirectionN != 2 || c.DirectionOK != 1 {
		t.Errorf("direction %d of %d, want 1 of 2 (x2's holder differs)", c.DirectionOK, c.DirectionN)
	}
	if len(misses) != 1 || misses[0].Article != "x3" || misses[0].Kind != "false_positive" {
		t.Errorf("misses = %+v", misses)
	}
	// without the id map the partnership is a miss on both sides
	c, _, _ = Agreement(first, second, nil)
	if c.TruePositives != 2 || c.FalseNegatives != 1 {
		t.Errorf("raw ids: %+v", c)
	}
	if _, _, err := Agreement(first, second[3:], canon); !errors.Is(err, ErrNoOverlap) {
		t.Errorf("no overlap: err = %v", err)
	}
}
