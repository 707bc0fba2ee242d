package graph

import (
	"bufio"
	"fmt"
	"html"
	"io"

	"github.com/dealwatch/dealwatch/schemas"
)

// SVG writes the graph as a standalone SVG document.
func (g Graph) SVG(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p(`<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" viewBox="0 0 %g %g" font-family="Helvetica, Arial, sans-serif">`+"\n",
		Width, Height, Width, Height)
	p(`<rect width="100%%" height="100%%" fill="#ffffff"/>` + "\n")
	if g.Title != "" {
		p(`<text x="%g" y="32" font-size="20" text-anchor="middle" fill="#222">%s</text>`+"\n", Width/2, html.EscapeString(g.Title))
	}
	p(`<g id="edges" fill="none">` + "\n")
	for _, e := range g.Edges {
		x1, y1, cx, cy, x2, y2, _, _ := g.curve(e)
		dash := ""
		if e.Dashed {
			dash = ` stroke-dasharray="8 5"`
		}
		p(`<path class="edge %s" data-a="%s" data-b="%s" d="M %g %g Q %g %g %g %g" stroke="%s" stroke-width="%g" stroke-opacity="0.8"%s><title>%s</title></path>`+"\n",
			e.Type, html.EscapeString(e.A), html.EscapeString(e.B), x1, y1, cx, cy, x2, y2, colours[e.Type], e.Width, dash,
			html.EscapeString(g.node(e.A).Name+" – "+g.node(e.B).Name+": "+e.Label))
	}
	p("</g>\n")
	p(`<g id="edge-labels" font-size="11" text-anchor="middle">` + "\n")
	for _, e := range g.Edges {
		_, _, _, _, _, _, mx, my := g.curve(e)
		weight := ""
		if e.Exclusive {
			weight = ` font-weight="bold"`
		}
		p(`<text x="%g" y="%g" fill="%s" stroke="#fff" stroke-width="3" paint-order="stroke"%s>%s</text>`+"\n",
			mx, my-3, colours[e.Type], weight, html.EscapeString(e.Label))
	}
	p("</g>\n")
	p(`<g id="nodes" font-size="14">` + "\n")
	for _, n := range g.Nodes {
		anchor, dx := "start", nodeR+5
		if n.X < centerX-1 {
			anchor, dx = "end", -(nodeR + 5)
		}
		p(`<circle class="node" data-id="%s" cx="%g" cy="%g" r="%g" fill="#444" stroke="#fff" stroke-width="2"/>`+"\n",
			html.EscapeString(n.ID), n.X, n.Y, nodeR)
		p(`<text x="%g" y="%g" text-anchor="%s" fill="#111">%s</text>`+"\n", n.X+dx, n.Y+5, anchor, html.EscapeString(n.Name))
	}
	p("</g>\n")
	// Legend.
	ly := Height - 60
	p(`<g id="legend" font-size="12">` + "\n")
	items := []struct {
		typ, label, dash string
		width            float64
	}{
		{schemas.TypePartnership, "partnership", "", 2},
		{schemas.TypeCommitment, "commitment (width = USD committed)", "", 5},
		{schemas.TypeExclusivity, "exclusivity in force", "", 4},
		{schemas.TypeExclusivity, "exclusivity removed", "8 5", 2.5},
	}
	for i, it := range items {
		x := legendX[i]
		dash := ""
		if it.dash != "" {
			dash = fmt.Sprintf(` stroke-dasharray="%s"`, it.dash)
		}
		p(`<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-width="%g"%s/>`+"\n", x, ly, x+40, ly, colours[it.typ], it.width, dash)
		p(`<text x="%g" y="%g" fill="#333">%s</text>`+"\n", x+48, ly+4, html.EscapeString(it.label))
	}
	p("</g>\n</svg>\n")
	return bw.Flush()
}
