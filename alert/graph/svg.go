package graph

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"html"
	"io"

	"golang.org/x/image/font/gofont/goregular"

	"github.com/dealwatch/dealwatch/schemas"
)

// fontFace embeds Go Regular, the font every box was measured in, so the
// SVG draws each text exactly where placeLabels put it.
func fontFace() string {
	return `@font-face{font-family:"Go Regular";src:url(data:font/ttf;base64,` +
		base64.StdEncoding.EncodeToString(goregular.TTF) + `) format("truetype")}` +
		`text{font-family:"Go Regular";font-kerning:none}`
}

// SVG writes the graph as a standalone SVG document.
func (g Graph) SVG(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p(`<svg xmlns="http://www.w3.org/2000/svg" id="graph" width="%g" height="%g" viewBox="0 0 %g %g">`+"\n",
		Width, Height, Width, Height)
	p("<defs><style>%s</style></defs>\n", fontFace())
	p(`<rect width="100%%" height="100%%" fill="#ffffff"/>` + "\n")
	p(`<g id="viewport">` + "\n")
	if g.Title != "" {
		p(`<text x="%g" y="32" font-size="20" text-anchor="middle" fill="#222">%s</text>`+"\n", Width/2, html.EscapeString(g.Title))
	}
	p(`<g id="edges" fill="none">` + "\n")
	for i, e := range g.Edges {
		x1, y1, cx, cy, x2, y2, _, _ := g.curve(e)
		dash := ""
		if e.Dashed {
			dash = ` stroke-dasharray="8 5"`
		}
		p(`<path class="edge %s" data-edge="%d" data-a="%s" data-b="%s" d="M %g %g Q %g %g %g %g" stroke="%s" stroke-width="%g" stroke-opacity="0.8"%s><title>%s</title></path>`+"\n",
			e.Type, i, html.EscapeString(e.A), html.EscapeString(e.B), x1, y1, cx, cy, x2, y2, colours[e.Type], e.Width, dash,
			html.EscapeString(g.node(e.A).Name+" – "+g.node(e.B).Name+": "+e.Label))
	}
	p("</g>\n")
	p(`<g id="leaders" stroke="#999" stroke-width="0.8" fill="none">` + "\n")
	for _, e := range g.Edges {
		if b := e.LabelBox; b.Leader {
			x, y := nearestPoint(b.Bounds(), b.LX, b.LY)
			p(`<line x1="%g" y1="%g" x2="%g" y2="%g"/>`+"\n", b.LX, b.LY, x, y)
		}
	}
	for _, n := range g.Nodes {
		if b := n.NameBox; b.Leader {
			x, y := nearestPoint(b.Bounds(), b.LX, b.LY)
			p(`<line x1="%g" y1="%g" x2="%g" y2="%g"/>`+"\n", b.LX, b.LY, x, y)
		}
	}
	p("</g>\n")
	p(`<g id="edge-labels">` + "\n")
	for i, e := range g.Edges {
		b := e.LabelBox
		deco := ""
		if e.Exclusive {
			deco = ` text-decoration="underline"`
		}
		p("%s", halo(b, fmt.Sprintf(` data-edge="%d"`, i)))
		p(`<text class="label edge-label" data-edge="%d" x="%g" y="%g" font-size="%g" fill="%s"%s>%s</text>`+"\n",
			i, b.X, b.Y, b.Size, colours[e.Type], deco, html.EscapeString(b.Text))
	}
	p("</g>\n")
	p(`<g id="nodes">` + "\n")
	for _, n := range g.Nodes {
		p(`<circle class="node" data-id="%s" cx="%g" cy="%g" r="%g" fill="#444" stroke="#fff" stroke-width="2"/>`+"\n",
			html.EscapeString(n.ID), n.X, n.Y, nodeR)
		b := n.NameBox
		p("%s", halo(b, ""))
		p(`<text class="label node-label" data-id="%s" x="%g" y="%g" font-size="%g" fill="#111">%s</text>`+"\n",
			html.EscapeString(n.ID), b.X, b.Y, b.Size, html.EscapeString(b.Text))
	}
	p("</g>\n</g>\n")
	// Legend.
	ly := Height - 40
	p(`<g id="legend" font-size="12">` + "\n")
	for i, it := range legendItems() {
		x := legendX[i]
		dash := ""
		if it.dashed {
			dash = ` stroke-dasharray="8 5"`
		}
		p(`<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-width="%g"%s/>`+"\n", x, ly, x+40, ly, colours[it.typ], it.width, dash)
		p(`<text x="%g" y="%g" fill="#333">%s</text>`+"\n", x+48, ly+4, html.EscapeString(it.label))
	}
	p("</g>\n</svg>\n")
	return bw.Flush()
}

type legendItem struct {
	typ, label string
	width      float64
	dashed     bool
}

func legendItems() []legendItem {
	return []legendItem{
		{schemas.TypePartnership, "partnership", 2, false},
		{schemas.TypeCommitment, "commitment (width = USD committed)", 5, false},
		{schemas.TypeExclusivity, "exclusivity in force", 4, false},
		{schemas.TypeExclusivity, "exclusivity removed", 2.5, true},
	}
}

// halo is the white box behind a label, its placed bounds: lines under
// the label fade instead of crossing the text.
func halo(b TextBox, attrs string) string {
	bb := b.Bounds()
	return fmt.Sprintf(`<rect class="halo"%s x="%g" y="%g" width="%g" height="%g" fill="#fff" fill-opacity="0.88"/>`+"\n",
		attrs, round2(bb.X0), round2(bb.Y0), round2(bb.X1-bb.X0), round2(bb.Y1-bb.Y0))
}

// nearestPoint is the point of b nearest to (x, y): where a leader line
// from (x, y) meets the label.
func nearestPoint(b Box, x, y float64) (float64, float64) {
	return round2(min(max(x, b.X0), b.X1)), round2(min(max(y, b.Y0), b.Y1))
}
