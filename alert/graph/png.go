package graph

import (
	"fmt"
	"image/color"
	"io"
	"strconv"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font/gofont/goregular"
)

// PNG rasterises the same drawing as SVG with fogleman/gg (pure Go).
func (g Graph) PNG(w io.Writer) error {
	ttf, err := truetype.Parse(goregular.TTF)
	if err != nil {
		return fmt.Errorf("graph: font: %w", err)
	}
	dc := gg.NewContext(int(Width), int(Height))
	dc.SetColor(color.White)
	dc.Clear()
	setFont := func(size float64) { dc.SetFontFace(truetype.NewFace(ttf, &truetype.Options{Size: size})) }
	if g.Title != "" {
		setFont(20)
		dc.SetColor(hex("#222222"))
		dc.DrawStringAnchored(g.Title, Width/2, 26, 0.5, 0.5)
	}
	for _, e := range g.Edges {
		x1, y1, cx, cy, x2, y2, _, _ := g.curve(e)
		dc.SetColor(withAlpha(hex(colours[e.Type]), 0xcc))
		dc.SetLineWidth(e.Width)
		if e.Dashed {
			dc.SetDash(8, 5)
		} else {
			dc.SetDash()
		}
		dc.MoveTo(x1, y1)
		dc.QuadraticTo(cx, cy, x2, y2)
		dc.Stroke()
	}
	dc.SetDash()
	setFont(11)
	for _, e := range g.Edges {
		_, _, _, _, _, _, mx, my := g.curve(e)
		tw, th := dc.MeasureString(e.Label)
		dc.SetColor(color.NRGBA{255, 255, 255, 220})
		dc.DrawRectangle(mx-tw/2-2, my-3-th-1, tw+4, th+4)
		dc.Fill()
		dc.SetColor(hex(colours[e.Type]))
		dc.DrawStringAnchored(e.Label, mx, my-3, 0.5, 0)
	}
	setFont(14)
	for _, n := range g.Nodes {
		dc.SetColor(color.White)
		dc.DrawCircle(n.X, n.Y, nodeR+2)
		dc.Fill()
		dc.SetColor(hex("#444444"))
		dc.DrawCircle(n.X, n.Y, nodeR)
		dc.Fill()
		ax, dx := 0.0, nodeR+5
		if n.X < centerX-1 {
			ax, dx = 1, -(nodeR + 5)
		}
		dc.SetColor(hex("#111111"))
		dc.DrawStringAnchored(n.Name, n.X+dx, n.Y+5, ax, 0)
	}
	setFont(12)
	ly := Height - 60
	legend := []struct {
		c, label string
		width    float64
		dashed   bool
	}{
		{colours["partnership"], "partnership", 2, false},
		{colours["commitment"], "commitment (width = USD committed)", 5, false},
		{colours["exclusivity"], "exclusivity in force", 4, false},
		{colours["exclusivity"], "exclusivity removed", 2.5, true},
	}
	for i, it := range legend {
		x := legendX[i]
		dc.SetColor(hex(it.c))
		dc.SetLineWidth(it.width)
		if it.dashed {
			dc.SetDash(8, 5)
		} else {
			dc.SetDash()
		}
		dc.DrawLine(x, ly, x+40, ly)
		dc.Stroke()
		dc.SetColor(hex("#333333"))
		dc.DrawStringAnchored(it.label, x+48, ly+4, 0, 0)
	}
	if err := dc.EncodePNG(w); err != nil {
		return fmt.Errorf("graph: png: %w", err)
	}
	return nil
}

func hex(s string) color.RGBA {
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

func withAlpha(c color.RGBA, a uint8) color.NRGBA { return color.NRGBA{c.R, c.G, c.B, a} }
