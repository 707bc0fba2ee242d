// Package graph lays out and renders the current alliance graph:
// organisations as nodes on a circle, one edge per relationship type
// between a pair (partnership, commitment, exclusivity), commitment edges
// as wide as the money committed, exclusivities in force drawn solid and
// removed ones dashed. Layout and output are deterministic.
package graph

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/dealwatch/dealwatch/alert/deal"
	"github.com/dealwatch/dealwatch/schemas"
)

// Canvas size and layout constants.
const (
	Width   = 1000.0
	Height  = 900.0
	centerX = Width / 2
	centerY = 420.0
	radius  = 320.0
	nodeR   = 9.0
)

// Node is an organisation.
type Node struct {
	ID, Name string
	X, Y     float64
	Degree   int
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
}

// Graph is a laid-out alliance graph.
type Graph struct {
	Nodes []Node
	Edges []Edge
	Title string
}

// legendX are the legend entries' x positions.
var legendX = [4]float64{40, 190, 490, 710}

// Colours per edge type.
var colours = map[string]string{
	schemas.TypePartnership: "#1f77b4",
	schemas.TypeCommitment:  "#2ca02c",
	schemas.TypeExclusivity: "#d62728",
}

// Build turns alliances into a laid-out graph.
func Build(alliances []deal.Alliance, title string) Graph {
	g := Graph{Title: title}
	nodes := map[string]*Node{}
	node := func(id, name string) {
		n := nodes[id]
		if n == nil {
			n = &Node{ID: id, Name: name}
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
			es[i].Bend = (float64(i) - float64(len(es)-1)/2) * 36
		}
		g.Edges = append(g.Edges, es...)
	}
	for _, n := range nodes {
		g.Nodes = append(g.Nodes, *n)
	}
	// Most connected first, so hubs spread around the circle evenly.
	sort.Slice(g.Nodes, func(i, j int) bool {
		if g.Nodes[i].Degree != g.Nodes[j].Degree {
			return g.Nodes[i].Degree > g.Nodes[j].Degree
		}
		return g.Nodes[i].ID < g.Nodes[j].ID
	})
	n := len(g.Nodes)
	for i := range g.Nodes {
		if n == 1 {
			g.Nodes[i].X, g.Nodes[i].Y = centerX, centerY
			continue
		}
		ang := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		g.Nodes[i].X = round2(centerX + radius*math.Cos(ang))
		g.Nodes[i].Y = round2(centerY + radius*math.Sin(ang))
	}
	return g
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
