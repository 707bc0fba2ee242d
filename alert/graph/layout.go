package graph

import (
	"math"
)

// rect is an axis-aligned area of the canvas.
type rect struct{ x, y, w, h float64 }

// layout places the nodes (already in order(): components one after the
// other, largest first). Every connected component is laid out on its own
// by a fixed number of Fruchterman–Reingold steps from a circle (no
// randomness: the same graph always gets the same picture); the drawing
// area is then cut into one rectangle per component, in proportion to its
// size (a slice-and-dice treemap), and each component is stretched to
// fill its rectangle, so the picture uses the canvas whatever its shape.
func layout(nodes []Node, edges []Edge) {
	if len(nodes) == 0 {
		return
	}
	comps := components(nodes, edges)
	weights := make([]float64, len(comps))
	for i, c := range comps {
		weights[i] = float64(len(c)) + 1
	}
	rects := make([]rect, len(comps))
	treemap(rect{areaLeft, areaTop, areaRight - areaLeft, areaBottom - areaTop}, weights, rects)
	for i, c := range comps {
		x, y := relax(c, nodes, edges)
		alignAxis(x, y, rects[i].w >= rects[i].h)
		fit(c, nodes, x, y, rects[i])
	}
}

// components returns the node indexes of each connected component, in the
// order of nodes.
func components(nodes []Node, edges []Edge) [][]int {
	idx := map[string]int{}
	for i, n := range nodes {
		idx[n.ID] = i
	}
	parent := make([]int, len(nodes))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, e := range edges {
		a, b := find(idx[e.A]), find(idx[e.B])
		if a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	var out [][]int
	at := map[int]int{}
	for i := range nodes {
		r := find(i)
		k, ok := at[r]
		if !ok {
			k = len(out)
			at[r] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], i)
	}
	return out
}

// treemap cuts r into len(weights) rectangles with areas in proportion to
// the weights: the list is split where the halves weigh about the same,
// and r along its longer side.
func treemap(r rect, weights []float64, out []rect) {
	if len(weights) == 0 {
		return
	}
	if len(weights) == 1 {
		out[0] = r
		return
	}
	total := 0.0
	for _, w := range weights {
		total += w
	}
	k, acc := 1, weights[0]
	for k < len(weights)-1 && acc+weights[k]/2 < total/2 {
		acc += weights[k]
		k++
	}
	f := acc / total
	var a, b rect
	if r.w >= r.h {
		a = rect{r.x, r.y, r.w * f, r.h}
		b = rect{r.x + r.w*f, r.y, r.w * (1 - f), r.h}
	} else {
		a = rect{r.x, r.y, r.w, r.h * f}
		b = rect{r.x, r.y + r.h*f, r.w, r.h * (1 - f)}
	}
	treemap(a, weights[:k], out[:k])
	treemap(b, weights[k:], out[k:])
}

// relax lays out one component with Fruchterman–Reingold from a circle and
// returns its coordinates (component order).
func relax(comp []int, nodes []Node, edges []Edge) ([]float64, []float64) {
	n := len(comp)
	x, y := make([]float64, n), make([]float64, n)
	if n == 1 {
		return x, y
	}
	idx := map[string]int{}
	for i, ni := range comp {
		idx[nodes[ni].ID] = i
		ang := math.Pi + 2*math.Pi*float64(i)/float64(n)
		x[i], y[i] = radius*math.Cos(ang), radius*math.Sin(ang)
	}
	if n == 2 {
		return x, y
	}
	type pair struct{ a, b int }
	var links []pair
	seen := map[pair]bool{}
	for _, e := range edges {
		a, okA := idx[e.A]
		b, okB := idx[e.B]
		if !okA || !okB {
			continue
		}
		p := pair{min(a, b), max(a, b)}
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
			dx[i], dy[i] = -0.05*x[i], -0.05*y[i]
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
	return x, y
}

// Room kept inside a component's rectangle for the names beside its
// outer nodes and the labels of its outer edges.
const (
	padX = 95.0
	padY = 34.0
	// maxStretch bounds how much more one axis is scaled than the other.
	maxStretch = 4.0
)

// fit scales a component's coordinates into r (less the padding) and
// writes them to its nodes.
func fit(comp []int, nodes []Node, x, y []float64, r rect) {
	in := rect{r.x + padX, r.y + padY, math.Max(r.w-2*padX, 1), math.Max(r.h-2*padY, 1)}
	cx, cy := in.x+in.w/2, in.y+in.h/2
	if len(comp) == 1 {
		nodes[comp[0]].X, nodes[comp[0]].Y = round2(cx), round2(cy)
		return
	}
	minX, maxX, minY, maxY := x[0], x[0], y[0], y[0]
	for i := range x {
		minX, maxX = math.Min(minX, x[i]), math.Max(maxX, x[i])
		minY, maxY = math.Min(minY, y[i]), math.Max(maxY, y[i])
	}
	spanX, spanY := maxX-minX, maxY-minY
	sx, sy := math.Inf(1), math.Inf(1)
	if spanX > 1e-6 {
		sx = in.w / spanX
	}
	if spanY > 1e-6 {
		sy = in.h / spanY
	}
	switch {
	case math.IsInf(sx, 1) && math.IsInf(sy, 1):
		sx, sy = 1, 1
	case math.IsInf(sx, 1):
		sx = sy
	case math.IsInf(sy, 1):
		sy = sx
	}
	sx, sy = math.Min(sx, maxStretch*sy), math.Min(sy, maxStretch*sx)
	mx, my := (minX+maxX)/2, (minY+maxY)/2
	for i, ni := range comp {
		nodes[ni].X = round2(cx + (x[i]-mx)*sx)
		nodes[ni].Y = round2(cy + (y[i]-my)*sy)
	}
}

// alignAxis rotates a component about its centre so that its principal
// axis (the direction it is longest in) lies along the longer side of its
// rectangle: horizontal when wide is true, else vertical.
func alignAxis(x, y []float64, wide bool) {
	n := float64(len(x))
	if len(x) < 2 {
		return
	}
	var mx, my float64
	for i := range x {
		mx += x[i] / n
		my += y[i] / n
	}
	var sxx, syy, sxy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxx += dx * dx
		syy += dy * dy
		sxy += dx * dy
	}
	theta := 0.5 * math.Atan2(2*sxy, sxx-syy) // angle of the principal axis
	rot := -theta
	if !wide {
		rot = math.Pi/2 - theta
	}
	c, s := math.Cos(rot), math.Sin(rot)
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		x[i], y[i] = mx+dx*c-dy*s, my+dx*s+dy*c
	}
}
