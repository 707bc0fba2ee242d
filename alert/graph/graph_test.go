package graph

import (
	"bytes"
	"encoding/xml"
	"flag"
	"image/png"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/alert/deal"
	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store/storetest"
)

var update = flag.Bool("update", false, "rewrite testdata/samples.svg and samples.png")

// gazetteerNames is what dealwatch graph passes as Options.OrgName.
func gazetteerNames(t *testing.T) func(string) string {
	t.Helper()
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	return func(id string) string {
		if o, ok := x.Gazetteer().Org(id); ok {
			return o.Name
		}
		return ""
	}
}

func samplesEvents(t *testing.T) []schemas.DealEvent {
	t.Helper()
	return storetest.Events(t, "testdata/samples-events.jsonl")
}

// samplesGraph is the README figure: the committed events of the bundled
// sample articles, organisations under their gazetteer names.
func samplesGraph(t *testing.T) Graph {
	t.Helper()
	deals := deal.Cluster(samplesEvents(t))
	return New(deal.Alliances(deals), Options{Title: "Alliances in the bundled sample articles",
		OrgName: gazetteerNames(t), Deals: FromDeals(deals)})
}

func fixtureGraph(t *testing.T) Graph {
	t.Helper()
	evs := storetest.Events(t, "../testdata/outlets.jsonl")
	return Build(deal.Alliances(deal.Cluster(evs)), "test")
}

func TestBuild(t *testing.T) {
	g := fixtureGraph(t)
	if len(g.Nodes) != 5 || len(g.Edges) != 3 {
		t.Fatalf("%s", g)
	}
	if g.Nodes[0].ID != "openai" || g.Nodes[0].Degree != 2 {
		t.Errorf("hub first: %+v", g.Nodes[0])
	}
	byPair := map[string]Edge{}
	for _, e := range g.Edges {
		byPair[e.A+"-"+e.B] = e
	}
	aws := byPair["amazon-openai"]
	if aws.Type != "commitment" || aws.AmountUSD != 58e9 || aws.Width <= byPair["anthropic-google"].Width {
		t.Errorf("aws edge %+v", aws)
	}
	if !strings.HasPrefix(aws.Label, "$58B") {
		t.Errorf("label %q", aws.Label)
	}
	ms := byPair["microsoft-openai"]
	if ms.Type != "exclusivity" || !ms.Dashed || ms.Exclusive {
		t.Errorf("removed exclusivity edge %+v", ms)
	}
}

func TestSVGIsWellFormedAndDeterministic(t *testing.T) {
	g := fixtureGraph(t)
	var a, b bytes.Buffer
	if err := g.SVG(&a); err != nil {
		t.Fatal(err)
	}
	if err := g.SVG(&b); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("two renders differ")
	}
	dec := xml.NewDecoder(bytes.NewReader(a.Bytes()))
	counts := map[string]int{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG not well-formed: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, at := range se.Attr {
				if at.Name.Local == "class" {
					counts[at.Value]++
				}
			}
		}
	}
	if counts["node"] != 5 || counts["edge commitment"] != 2 || counts["edge exclusivity"] != 1 {
		t.Errorf("classes %v", counts)
	}
	if !strings.Contains(a.String(), `stroke-dasharray="8 5"><title>Microsoft – OpenAI`) {
		t.Error("removed exclusivity not dashed")
	}
}

func TestPNGDrawsEdges(t *testing.T) {
	g := fixtureGraph(t)
	var buf bytes.Buffer
	if err := g.PNG(&buf); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != int(Width) || b.Dy() != int(Height) {
		t.Fatalf("size %v", b)
	}
	// A point a quarter of the way along the amazon–openai commitment curve is green.
	for _, e := range g.Edges {
		if e.A != "amazon" {
			continue
		}
		x1, y1, cx, cy, x2, y2, _, _ := g.curve(e)
		tt := 0.25
		x := (1-tt)*(1-tt)*x1 + 2*(1-tt)*tt*cx + tt*tt*x2
		y := (1-tt)*(1-tt)*y1 + 2*(1-tt)*tt*cy + tt*tt*y2
		r, gr, bl, _ := img.At(int(x), int(y)).RGBA()
		if !(gr > r && gr > bl) {
			t.Errorf("pixel at (%v,%v) = %v %v %v, want green", x, y, r>>8, gr>>8, bl>>8)
		}
	}
}

// The README figure is reproducible: rendering the committed events of the
// bundled sample articles gives the committed SVG byte for byte.
func TestSamplesFigureIsCurrent(t *testing.T) {
	g := samplesGraph(t)
	var got bytes.Buffer
	if err := g.SVG(&got); err != nil {
		t.Fatal(err)
	}
	if *update {
		var pngBuf bytes.Buffer
		if err := g.PNG(&pngBuf); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("testdata/samples.svg", got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("testdata/samples.png", pngBuf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/samples.svg")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Error("testdata/samples.svg is stale: regenerate it with go test ./alert/graph -run SamplesFigure -update")
	}
}
