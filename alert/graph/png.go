package graph

import (
	"fmt"
	"image/color"
	"io"
	"strconv"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
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
	setFont := func(size float64) {
		dc.SetFontFace(truetype.NewFace(ttf, &truetype.Options{Size: size, Hinting: font.HintingNone}))
	}
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
	dc.SetColor(hex("#999999"))
	dc.SetLineWidth(0.8)
	for _, b := range g.leaderBoxes() {
		x, y := nearestPoint(b.Bounds(), b.LX, b.LY)
		dc.DrawLine(b.LX, b.LY, x, y)
		dc.Stroke()
	}
	halo := func(b TextBox) {
		bb := b.Bounds()
		dc.SetColor(color.NRGBA{255, 255, 255, 230})
		dc.DrawRectangle(bb.X0, bb.Y0, bb.X1-bb.X0, bb.Y1-bb.Y0)
		dc.Fill()
	}
	setFont(labelSize)
	for _, e := range g.Edges {
		b := e.LabelBox
		halo(b)
		dc.SetColor(hex(colours[e.Type]))
		dc.DrawString(b.Text, b.X, b.Y)
		if e.Exclusive {
			dc.SetLineWidth(1)
			dc.DrawLine(b.X, b.Y+1.5, b.X+b.Width, b.Y+1.5)
			dc.Stroke()
		}
	}
	setFont(nameSize)
	for _, n := range g.Nodes {
		dc.SetColor(color.White)
		dc.DrawCircle(n.X, n.Y, nodeR+2)
		dc.Fill()
		dc.SetColor(hex("#444444"))
		dc.DrawCircle(n.X, n.Y, nodeR)
		dc.Fill()
		halo(n.NameBox)
		dc.SetColor(hex("#111111"))
		dc.DrawString(n.NameBox.Text, n.NameBox.X, n.NameBox.Y)
	}
	setFont(12)
	ly := Height - 40
	for i, it := range legendItems() {
		x := legendX[i]
		dc.SetColor(hex(colours[it.typ]))
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
