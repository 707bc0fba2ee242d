package graph

import (
	"math"
	"slices"
	"sort"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
)

// Font sizes (pixels) of organisation names and edge labels. Every text is
// set in Go Regular, embedded in each output, so that the boxes measured
// here are the boxes drawn.
const (
	nameSize  = 14.0
	labelSize = 11.0
	// boxPad is the free margin kept around every text box.
	boxPad = 2.0
)

// TextBox is a placed text: its baseline starts at (X, Y).
type TextBox struct {
	Text          string
	X, Y          float64
	Size          float64
	Width, Ascent float64
	Descent       float64
	// Leader is set when the text sits away from what it labels; a thin
	// line then joins (LX, LY) to the box.
	Leader bool
	LX, LY float64
}

// Box is an axis-aligned rectangle: X0 <= X1, Y0 <= Y1.
type Box struct{ X0, Y0, X1, Y1 float64 }

// Overlaps reports whether two boxes share any area.
func (b Box) Overlaps(o Box) bool {
	return b.X0 < o.X1 && o.X0 < b.X1 && b.Y0 < o.Y1 && o.Y0 < b.Y1
}

func (b Box) inside(o Box) bool {
	return b.X0 >= o.X0 && b.X1 <= o.X1 && b.Y0 >= o.Y0 && b.Y1 <= o.Y1
}

// Bounds is the area a text box claims: its ink box plus boxPad.
func (t TextBox) Bounds() Box {
	return Box{t.X - boxPad, t.Y - t.Ascent - boxPad, t.X + t.Width + boxPad, t.Y + t.Descent + boxPad}
}

// NodeBox is the area a node's circle claims.
func (n Node) NodeBox() Box {
	return Box{n.X - nodeR - boxPad, n.Y - nodeR - boxPad, n.X + nodeR + boxPad, n.Y + nodeR + boxPad}
}

// measurer sizes texts in Go Regular.
type measurer struct{ faces map[float64]font.Face }

func newMeasurer() *measurer {
	return &measurer{faces: map[float64]font.Face{}}
}

func (m *measurer) face(size float64) font.Face {
	if f, ok := m.faces[size]; ok {
		return f
	}
	ttf, err := truetype.Parse(goregular.TTF)
	if err != nil {
		panic("graph: the embedded Go font does not parse: " + err.Error()) // a build defect, not input
	}
	f := truetype.NewFace(ttf, &truetype.Options{Size: size, DPI: 72, Hinting: font.HintingNone})
	m.faces[size] = f
	return f
}

// box returns the text box of s at size whose ink box is centred on (cx, cy).
func (m *measurer) box(s string, size, cx, cy float64) TextBox {
	f := m.face(size)
	w := float64(font.MeasureString(f, s)) / 64
	met := f.Metrics()
	asc, desc := float64(met.Ascent)/64, float64(met.Descent)/64
	return TextBox{Text: s, Size: size, Width: round2(w), Ascent: round2(asc), Descent: round2(desc),
		X: round2(cx - w/2), Y: round2(cy + (asc-desc)/2)}
}

// placeLabels gives every node name and edge label a place where it
// overlaps no node and no other label, inside the drawing area: names
// first (beside their node), then edge labels (along their curve, near the
// middle); a label with no free place near its edge goes to the nearest
// free place and gets a leader line.
func placeLabels(g *Graph, m *measurer) {
	area := Box{areaLeft, areaTop, areaRight, areaBottom}
	var taken []Box
	for _, n := range g.Nodes {
		taken = append(taken, n.NodeBox())
	}
	// Points along every edge: a label placed on another edge's line is
	// legible (it has a halo) but hides that line, so free places crossing
	// fewer edges come first.
	var points [][2]float64
	var pointEdge []int
	for i, e := range g.Edges {
		x1, y1, cx, cy, x2, y2, _, _ := g.curve(e)
		for k := 1; k < 24; k++ {
			t := float64(k) / 24
			points = append(points, [2]float64{(1-t)*(1-t)*x1 + 2*(1-t)*t*cx + t*t*x2, (1-t)*(1-t)*y1 + 2*(1-t)*t*cy + t*t*y2})
			pointEdge = append(pointEdge, i)
		}
	}
	crossings := func(b Box, own int) int {
		n := 0
		for k, p := range points {
			if pointEdge[k] != own && p[0] > b.X0 && p[0] < b.X1 && p[1] > b.Y0 && p[1] < b.Y1 {
				n++
			}
		}
		return n
	}
	free := func(b Box) bool {
		if !b.inside(area) {
			return false
		}
		for _, t := range taken {
			if t.Overlaps(b) {
				return false
			}
		}
		return true
	}
	// Names: best-connected organisations choose first.
	byDegree := make([]int, len(g.Nodes))
	for i := range byDegree {
		byDegree[i] = i
	}
	sort.SliceStable(byDegree, func(a, b int) bool { return g.Nodes[byDegree[a]].Degree > g.Nodes[byDegree[b]].Degree })
	for _, i := range byDegree {
		n := &g.Nodes[i]
		probe := m.box(n.Name, nameSize, 0, 0)
		hw, hh := probe.Width/2, (probe.Ascent+probe.Descent)/2
		gap := nodeR + boxPad + 4
		right := n.X >= (areaLeft+areaRight)/2
		side := []struct{ dx, dy float64 }{
			{gap + hw, 0}, {-(gap + hw), 0}, // right, left
			{0, gap + hh}, {0, -(gap + hh)}, // below, above
			{gap + hw, gap + hh}, {gap + hw, -(gap + hh)}, {-(gap + hw), gap + hh}, {-(gap + hw), -(gap + hh)},
		}
		if !right { // names of nodes on the left half prefer their left side
			side[0], side[1] = side[1], side[0]
		}
		var cands []TextBox
		for _, s := range side {
			cands = append(cands, m.box(n.Name, nameSize, n.X+s.dx, n.Y+s.dy))
		}
		n.NameBox = choose(cands, free, func(b Box) int { return crossings(b, -1) }, func(cx, cy float64) TextBox { return m.box(n.Name, nameSize, cx, cy) }, n.X, n.Y)
		taken = append(taken, n.NameBox.Bounds())
	}
	// Edge labels: the largest commitments first.
	order := make([]int, len(g.Edges))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return g.Edges[order[a]].AmountUSD > g.Edges[order[b]].AmountUSD })
	for _, i := range order {
		e := &g.Edges[i]
		x1, y1, cx, cy, x2, y2, mx, my := g.curve(*e)
		l := math.Max(math.Hypot(x2-x1, y2-y1), 1)
		nx, ny := -(y2-y1)/l, (x2-x1)/l
		var cands []TextBox
		for _, t := range []float64{0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74} {
			px := (1-t)*(1-t)*x1 + 2*(1-t)*t*cx + t*t*x2
			py := (1-t)*(1-t)*y1 + 2*(1-t)*t*cy + t*t*y2
			for _, off := range []float64{0, 9, -9, 18, -18} {
				cands = append(cands, m.box(e.Label, labelSize, px+nx*off, py+ny*off))
			}
		}
		e.LabelBox = choose(cands, free, func(b Box) int { return crossings(b, i) }, func(x, y float64) TextBox { return m.box(e.Label, labelSize, x, y) }, mx, my)
		taken = append(taken, e.LabelBox.Bounds())
	}
}

// choose returns the free candidate that crosses the fewest edges (the
// first of equals); failing that, the free place nearest (ox, oy) on a
// widening spiral, with a leader line to (ox, oy); failing that (a canvas
// full of labels), the first candidate.
func choose(cands []TextBox, free func(Box) bool, cost func(Box) int, at func(cx, cy float64) TextBox, ox, oy float64) TextBox {
	best, bestCost := -1, 0
	for i, c := range cands {
		if !free(c.Bounds()) {
			continue
		}
		if k := cost(c.Bounds()); best < 0 || k < bestCost {
			best, bestCost = i, k
		}
		if bestCost == 0 {
			break
		}
	}
	if best >= 0 {
		return cands[best]
	}
	for r := 12.0; r < Width; r += 6 {
		steps := int(math.Max(12, 2*math.Pi*r/10))
		for k := range steps {
			a := 2 * math.Pi * float64(k) / float64(steps)
			c := at(ox+r*math.Cos(a), oy+r*math.Sin(a))
			if free(c.Bounds()) {
				c.Leader, c.LX, c.LY = true, round2(ox), round2(oy)
				return c
			}
		}
	}
	return cands[0]
}

// Boxes returns every box the drawing claims: node circles, names and
// edge labels (what must not overlap).
func (g Graph) Boxes() (nodes, texts []Box) {
	for _, n := range g.Nodes {
		nodes = append(nodes, n.NodeBox())
		texts = append(texts, n.NameBox.Bounds())
	}
	for _, e := range g.Edges {
		texts = append(texts, e.LabelBox.Bounds())
	}
	return nodes, texts
}

// dealsOf returns the deals behind edge e.
func dealsOf(deals []DealInfo, e Edge) []DealInfo {
	var out []DealInfo
	for _, d := range deals {
		if d.Type == e.Type && slices.Contains(d.PartyIDs, e.A) && slices.Contains(d.PartyIDs, e.B) {
			out = append(out, d)
		}
	}
	return out
}

// leaderBoxes returns the labels drawn away from what they label.
func (g Graph) leaderBoxes() []TextBox {
	var out []TextBox
	for _, e := range g.Edges {
		if e.LabelBox.Leader {
			out = append(out, e.LabelBox)
		}
	}
	for _, n := range g.Nodes {
		if n.NameBox.Leader {
			out = append(out, n.NameBox)
		}
	}
	return out
}
