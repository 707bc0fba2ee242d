// Package graph lays out and renders the current alliance graph:
// organisations as nodes, one edge per relationship type between a pair
// (partnership, commitment, exclusivity), commitment edges as wide as the
// money committed, exclusivities in force drawn solid and removed ones
// dashed. Each connected group of organisations gets a part of the canvas
// in proportion to its size; every label (organisation names, edge labels)
// is placed where it overlaps no node and no other label (labels.go).
// Layout and output are deterministic: SVG, PNG and a self-contained
// interactive HTML page (html.go).
package graph

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/dealwatch/dealwatch/alert/deal"
	"github.com/dealwatch/dealwatch/schemas"
)

// Canvas size and layout constants.
const (
	Width  = 1000.0
	Height = 900.0
	radius = 320.0
	nodeR  = 9.0
	// The drawing area: below the title, above the legend.
	areaTop    = 52.0
	areaBottom = Height - 84
	areaLeft   = 12.0
	areaRight  = Width - 12
)

// Node is an organisation.
type Node struct {
	ID, Name string
	X, Y     float64
	Degree   int
	// NameBox is where the organisation's name is drawn.
	NameBox TextBox
}

// Edge is one relationship type between two organisations.
type Edge struct {
	A, B      string // node ids
	Type      string // partnership, commitment, exclusivity
	Label     string
	Width     float64
	Dashed    bool // exclusivity no longer in force, partnership ended
	Exclusive bool // exclusivity in force
	AmountUSD float64
	// Bend offsets parallel edges between the same pair (pixels, signed).
	Bend float64
	// LabelBox is where Label is drawn; when it sits away from the edge,
	// LabelBox.Leader joins it to the curve.
	LabelBox TextBox
	// Deals are the deals behind the edge (hover text of the HTML view).
	Deals []DealInfo
}

// Graph is a laid-out alliance graph.
type Graph struct {
	Nodes []Node
	Edges []Edge
	Title string
}

// Options tune Build.
type Options struct {
	Title string
	// OrgName returns the display name of an organisation id ("" when it
	// does not know it): the gazetteer's organisation name, so that an
	// organisation first reported under a product ("Amazon Web Services")
	// is shown as the organisation ("Amazon").
	OrgName func(id string) string
	// Deals are attached to the edges they belong to (same type, both
	// organisations among the parties).
	Deals []DealInfo
}

// legendX are the legend entries' x positions.
var legendX = [4]float64{40, 190, 490, 710}

// Colours per edge type.
var colours = map[string]string{
	schemas.TypePartnership: "#1f77b4",
	schemas.TypeCommitment:  "#2ca02c",
	schemas.TypeExclusivity: "#d62728",
}

// Build turns alliances into a laid-out graph with the names in the data.
func Build(alliances []deal.Alliance, title string) Graph {
	return New(alliances, Options{Title: title})
}

// New turns alliances into a laid-out graph with placed labels.
func New(alliances []deal.Alliance, o Options) Graph {
	g := Graph{Title: o.Title}
	nodes := map[string]*Node{}
	node := func(id, name string) {
		n := nodes[id]
		if n == nil {
			n = &Node{ID: id, Name: name}
			if o.OrgName != nil {
				if canon := o.OrgName(id); canon != "" {
					n.Name = canon
				}
			}
			nodes[id] = n
		}
		if n.Name == "" {
			n.Name = name
		}
		n.Degree++
	}
	for _, a := range alliances {
		node(a.OrgA, a.NameA)
		node(a.OrgB, a.NameB)
		var es []Edge
		if a.PartnershipAction != "" {
			es = append(es, Edge{Type: schemas.TypePartnership, Label: "partnership " + a.PartnershipAction,
				Width: 2, Dashed: a.PartnershipAction == schemas.ActionEnded})
		}
		if a.CommitmentDeals > 0 {
			label := "commitment"
			if len(a.CommitmentKinds) > 0 {
				label = strings.ReplaceAll(strings.Join(a.CommitmentKinds, "+"), "_", " ") + " commitment"
			}
			if a.TotalCommitted > 0 {
				label = Money(a.TotalCommitted) + " " + kindsText(a.CommittedUSD)
			}
			es = append(es, Edge{Type: schemas.TypeCommitment, Label: label, AmountUSD: a.TotalCommitted,
				Width: CommitmentWidth(a.TotalCommitted)})
		}
		if a.ExclusivityAction != "" {
			e := Edge{Type: schemas.TypeExclusivity, Width: 2.5, Exclusive: a.Exclusive, Dashed: !a.Exclusive}
			if a.Exclusive {
				e.Label = "EXCLUSIVE " + strings.Join(a.ExclusiveScopes, ",")
				e.Width = 4
			} else {
				e.Label = "exclusivity " + a.ExclusivityAction
			}
			es = append(es, e)
		}
		for i := range es {
			es[i].A, es[i].B = a.OrgA, a.OrgB
			es[i].Bend = (float64(i) - float64(len(es)-1)/2) * 48
		}
		g.Edges = append(g.Edges, es...)
	}
	for _, n := range nodes {
		g.Nodes = append(g.Nodes, *n)
	}
	for i := range g.Edges {
		g.Edges[i].Deals = dealsOf(o.Deals, g.Edges[i])
	}
	g.Nodes = order(g.Nodes, g.Edges)
	layout(g.Nodes, g.Edges)
	placeLabels(&g, newMeasurer())
	return g
}

// order places nodes around the circle so that related organisations sit
// side by side: connected components one after another (largest first),
// each walked breadth-first from its best-connected node, neighbours by
// degree then id.
func order(nodes []Node, edges []Edge) []Node {
	byID := map[string]Node{}
	adj := map[string][]string{}
	for _, n := range nodes {
		byID[n.ID] = n
	}
	for _, e := range edges {
		if !slices.Contains(adj[e.A], e.B) {
			adj[e.A] = append(adj[e.A], e.B)
			adj[e.B] = append(adj[e.B], e.A)
		}
	}
	better := func(a, b string) bool {
		if byID[a].Degree != byID[b].Degree {
			return byID[a].Degree > byID[b].Degree
		}
		return a < b
	}
	ids := make([]string, 0, len(nodes))
	for id := range byID {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return better(ids[i], ids[j]) })
	seen := map[string]bool{}
	var comps [][]string
	for _, start := range ids {
		if seen[start] {
			continue
		}
		seen[start] = true
		comp := []string{start}
		for i := 0; i < len(comp); i++ {
			next := append([]string(nil), adj[comp[i]]...)
			sort.Slice(next, func(a, b int) bool { return better(next[a], next[b]) })
			for _, nb := range next {
				if !seen[nb] {
					seen[nb] = true
					comp = append(comp, nb)
				}
			}
		}
		comps = append(comps, comp)
	}
	sort.SliceStable(comps, func(i, j int) bool { return len(comps[i]) > len(comps[j]) })
	out := make([]Node, 0, len(nodes))
	for _, c := range comps {
		for _, id := range c {
			out = append(out, byID[id])
		}
	}
	return out
}

// CommitmentWidth maps a committed amount to a stroke width: 1.5px plus
// 2px per decade of billions.
func CommitmentWidth(usd float64) float64 {
	if usd <= 0 {
		return 1.5
	}
	return round2(1.5 + 2*math.Log10(1+usd/1e9))
}

// Money renders an USD amount compactly: $38B, $1.5B, $300M.
func Money(usd float64) string {
	switch {
	case usd >= 1e12:
		return "$" + strconv.FormatFloat(round2(usd/1e12), 'f', -1, 64) + "T"
	case usd >= 1e9:
		return "$" + strconv.FormatFloat(round2(usd/1e9), 'f', -1, 64) + "B"
	case usd >= 1e6:
		return "$" + strconv.FormatFloat(round2(usd/1e6), 'f', -1, 64) + "M"
	}
	return "$" + strconv.FormatFloat(usd, 'f', 0, 64)
}

func kindsText(byKind map[string]float64) string {
	var ks []string
	for k, v := range byKind {
		if v > 0 {
			ks = append(ks, strings.ReplaceAll(k, "_", " "))
		}
	}
	sort.Strings(ks)
	return strings.Join(ks, "+")
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func (g Graph) node(id string) Node {
	for _, n := range g.Nodes {
		if n.ID == id {
			return n
		}
	}
	return Node{}
}

// curve returns the start, control and end points of an edge and the point
// halfway along the curve (for its label).
func (g Graph) curve(e Edge) (x1, y1, cx, cy, x2, y2, mx, my float64) {
	a, b := g.node(e.A), g.node(e.B)
	x1, y1, x2, y2 = a.X, a.Y, b.X, b.Y
	dx, dy := x2-x1, y2-y1
	l := math.Hypot(dx, dy)
	if l == 0 {
		l = 1
	}
	nx, ny := -dy/l, dx/l
	// A quadratic Bézier whose midpoint is displaced by Bend.
	cx, cy = (x1+x2)/2+2*e.Bend*nx, (y1+y2)/2+2*e.Bend*ny
	mx, my = (x1+x2)/2+e.Bend*nx, (y1+y2)/2+e.Bend*ny
	return round2(x1), round2(y1), round2(cx), round2(cy), round2(x2), round2(y2), round2(mx), round2(my)
}

// String summarises the graph (for logs).
func (g Graph) String() string {
	return fmt.Sprintf("%d organisations, %d edges", len(g.Nodes), len(g.Edges))
}
