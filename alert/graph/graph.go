// Package graph lays out and renders the current alliance graph:
// organisations as nodes on a circle, one edge per relationship type
// between a pair (partnership, commitment, exclusivity), commitment edges
// as wide as the money committed, exclusivities in force drawn solid and
// removed ones dashed. Layout and output are deterministic.
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
	g.Nodes = order(g.Nodes, g.Edges)
	layout(g.Nodes, g.Edges)
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

// layout starts from the circle in order() and relaxes it with a fixed
// number of Fruchterman–Reingold steps (no randomness, so the same graph
// always gets the same picture), then fits it into the drawing area.
func layout(nodes []Node, edges []Edge) {
	n := len(nodes)
	if n == 0 {
		return
	}
	if n == 1 {
		nodes[0].X, nodes[0].Y = centerX, centerY
		return
	}
	idx := map[string]int{}
	x, y := make([]float64, n), make([]float64, n)
	for i := range nodes {
		idx[nodes[i].ID] = i
		ang := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		x[i], y[i] = radius*math.Cos(ang), radius*math.Sin(ang)
	}
	type pair struct{ a, b int }
	var links []pair
	seen := map[pair]bool{}
	for _, e := range edges {
		p := pair{idx[e.A], idx[e.B]}
		if p.a > p.b {
			p.a, p.b = p.b, p.a
		}
		if !seen[p] {
			seen[p] = true
			links = append(links, p)
		}
	}
	k := math.Sqrt(4 * radius * radius / float64(n))
	const steps = 300
	dx, dy := make([]float64, n), make([]float64, n)
	for s := 0; s < steps; s++ {
		temp := radius / 5 * (1 - float64(s)/steps)
		for i := range dx {
			dx[i], dy[i] = -0.3*x[i], -0.3*y[i] // gravity keeps components together
		}
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				ex, ey := x[i]-x[j], y[i]-y[j]
				d := math.Hypot(ex, ey)
				if d < 0.01 {
					ex, ey, d = float64(i-j)*0.01, 0.01, 0.014
				}
				f := k * k / d
				dx[i] += ex / d * f
				dy[i] += ey / d * f
				dx[j] -= ex / d * f
				dy[j] -= ey / d * f
			}
		}
		for _, l := range links {
			ex, ey := x[l.a]-x[l.b], y[l.a]-y[l.b]
			d := math.Max(math.Hypot(ex, ey), 0.01)
			f := d * d / k
			dx[l.a] -= ex / d * f
			dy[l.a] -= ey / d * f
			dx[l.b] += ex / d * f
			dy[l.b] += ey / d * f
		}
		for i := range x {
			d := math.Hypot(dx[i], dy[i])
			if d > 0 {
				m := math.Min(d, temp)
				x[i] += dx[i] / d * m
				y[i] += dy[i] / d * m
			}
		}
	}
	minX, maxX, minY, maxY := x[0], x[0], y[0], y[0]
	for i := range x {
		minX, maxX = math.Min(minX, x[i]), math.Max(maxX, x[i])
		minY, maxY = math.Min(minY, y[i]), math.Max(maxY, y[i])
	}
	// Fit into [170, Width-170] × [90, Height-130], keeping the aspect ratio.
	w, h := Width-340, Height-220
	sc := math.Min(w/math.Max(maxX-minX, 1), h/math.Max(maxY-minY, 1))
	ox := 170 + (w-(maxX-minX)*sc)/2
	oy := 90 + (h-(maxY-minY)*sc)/2
	for i := range nodes {
		nodes[i].X = round2(ox + (x[i]-minX)*sc)
		nodes[i].Y = round2(oy + (y[i]-minY)*sc)
	}
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
