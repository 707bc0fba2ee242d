package graph

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"testing"

	"github.com/dealwatch/dealwatch/alert/deal"
)

// denseAlliances is a crowded graph: a hub with many partners, a chain
// and pairs with all three relationship types.
func denseAlliances() []deal.Alliance {
	var out []deal.Alliance
	orgs := []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "kilo", "lima"}
	name := func(id string) string { return id + " Holdings" }
	add := func(a, b string, all bool, usd float64) {
		if a > b {
			a, b = b, a
		}
		al := deal.Alliance{OrgA: a, OrgB: b, NameA: name(a), NameB: name(b), PartnershipAction: "formed",
			CommittedUSD: map[string]float64{"compute": usd}, TotalCommitted: usd, CommitmentDeals: 1, CommitmentKinds: []string{"compute"}}
		if all {
			al.ExclusivityAction, al.Exclusive, al.ExclusiveScopes = "granted", true, []string{"models"}
		}
		out = append(out, al)
	}
	for i, o := range orgs[1:8] {
		add("alpha", o, i%3 == 0, float64(i+1)*1e9)
	}
	for i := 7; i < len(orgs)-1; i++ {
		add(orgs[i], orgs[i+1], i%2 == 0, 5e8)
	}
	add("bravo", "charlie", true, 2e10)
	add("mike", "november", true, 3e9)
	return out
}

func checkLayout(t *testing.T, name string, g Graph) {
	t.Helper()
	nodes, texts := g.Boxes()
	canvas := Box{0, 0, Width, Height}
	for i, a := range texts {
		if !a.inside(canvas) {
			t.Errorf("%s: label %d %+v leaves the canvas", name, i, a)
		}
		for j := i + 1; j < len(texts); j++ {
			if a.Overlaps(texts[j]) {
				t.Errorf("%s: labels overlap: %q %+v and %q %+v", name, textOf(g, i), a, textOf(g, j), texts[j])
			}
		}
		for j, n := range nodes {
			if a.Overlaps(n) {
				t.Errorf("%s: label %q overlaps node %s", name, textOf(g, i), g.Nodes[j].ID)
			}
		}
	}
	// What the SVG draws is what was checked: every label's text element
	// sits at its box's baseline.
	var buf bytes.Buffer
	if err := g.SVG(&buf); err != nil {
		t.Fatal(err)
	}
	drawn := svgLabels(t, buf.Bytes())
	if len(drawn) != len(texts) {
		t.Fatalf("%s: %d labels drawn, %d placed", name, len(drawn), len(texts))
	}
	for i := range texts {
		want := labelOf(g, i)
		if got, ok := drawn[want.Text+"@"+fmt.Sprint(want.X, want.Y)]; !ok || got != want.Size {
			t.Errorf("%s: label %q not drawn at its box (%v,%v)", name, want.Text, want.X, want.Y)
		}
	}
}

func labelOf(g Graph, i int) TextBox {
	if i < len(g.Nodes) {
		return g.Nodes[i].NameBox
	}
	return g.Edges[i-len(g.Nodes)].LabelBox
}

func textOf(g Graph, i int) string { return labelOf(g, i).Text }

// svgLabels returns "text@x y" -> font size of every text.label element.
func svgLabels(t *testing.T, svg []byte) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "text" {
			continue
		}
		at := map[string]string{}
		for _, a := range se.Attr {
			at[a.Name.Local] = a.Value
		}
		if at["class"] != "label edge-label" && at["class"] != "label node-label" {
			continue
		}
		var text string
		if err := dec.DecodeElement(&text, &se); err != nil {
			t.Fatal(err)
		}
		x, _ := strconv.ParseFloat(at["x"], 64)
		y, _ := strconv.ParseFloat(at["y"], 64)
		size, _ := strconv.ParseFloat(at["font-size"], 64)
		out[text+"@"+fmt.Sprint(x, y)] = size
	}
}

// No label box intersects another label or a node, in the README figure,
// the outlets fixture and a crowded graph.
func TestLabelBoxesNeverOverlap(t *testing.T) {
	checkLayout(t, "samples", samplesGraph(t))
	checkLayout(t, "outlets", fixtureGraph(t))
	dense := New(denseAlliances(), Options{Title: "dense"})
	if len(dense.Nodes) != 14 || len(dense.Edges) < 30 {
		t.Fatalf("dense graph: %s", dense)
	}
	checkLayout(t, "dense", dense)
}

// The drawing spreads over the canvas instead of a corner of it.
func TestLayoutUsesTheCanvas(t *testing.T) {
	for name, g := range map[string]Graph{"samples": samplesGraph(t), "dense": New(denseAlliances(), Options{})} {
		minX, maxX, minY, maxY := Width, 0.0, Height, 0.0
		for _, n := range g.Nodes {
			minX, maxX = min(minX, n.X), max(maxX, n.X)
			minY, maxY = min(minY, n.Y), max(maxY, n.Y)
		}
		if (maxX-minX) < 0.6*Width || (maxY-minY) < 0.6*(areaBottom-areaTop) {
			t.Errorf("%s: nodes span %.0f×%.0f of a %.0f×%.0f canvas", name, maxX-minX, maxY-minY, Width, Height)
		}
	}
}

// Organisations carry the organisation's name, not the product they were
// first reported under.
func TestOrganisationNames(t *testing.T) {
	g := samplesGraph(t)
	names := map[string]string{}
	for _, n := range g.Nodes {
		names[n.ID] = n.Name
	}
	for id, want := range map[string]string{"amazon": "Amazon", "google": "Google", "openai": "OpenAI", "microsoft": "Microsoft"} {
		if names[id] != want {
			t.Errorf("%s is drawn as %q, want %q", id, names[id], want)
		}
	}
	// Without a name source the names in the data stay.
	raw := Build(deal.Alliances(deal.Cluster(samplesEvents(t))), "")
	for _, n := range raw.Nodes {
		if n.ID == "amazon" && n.Name != "Amazon Web Services" {
			t.Errorf("data name of amazon: %q (is the fixture still reporting AWS?)", n.Name)
		}
	}
}
