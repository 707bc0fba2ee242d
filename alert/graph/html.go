package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
)

// edgeInfo is what hovering an edge shows.
type edgeInfo struct {
	Title string     `json:"title"`
	Label string     `json:"label"`
	Deals []DealInfo `json:"deals"`
}

// HTML writes a self-contained interactive page: the SVG drawing (font
// included), zoom with the wheel or the +/− buttons, pan by dragging, and
// on hovering an edge or its label the deals behind it with their evidence
// sentence, source and date. Nothing is fetched from the network.
func (g Graph) HTML(w io.Writer) error {
	var svg bytes.Buffer
	if err := g.SVG(&svg); err != nil {
		return err
	}
	infos := make([]edgeInfo, len(g.Edges))
	for i, e := range g.Edges {
		infos[i] = edgeInfo{Title: g.node(e.A).Name + " – " + g.node(e.B).Name, Label: e.Label, Deals: e.Deals}
		if infos[i].Deals == nil {
			infos[i].Deals = []DealInfo{}
		}
	}
	data, err := json.Marshal(infos) // escapes <, > and & for a <script> element
	if err != nil {
		return fmt.Errorf("graph: html: %w", err)
	}
	return pageTemplate.Execute(w, map[string]any{
		"Title": g.Title,
		"SVG":   template.HTML(svg.String()), // our own rendering, every text escaped by SVG()
		"Edges": template.JS(data),
	})
}

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>
html, body { margin: 0; height: 100%; font-family: sans-serif; background: #fff; }
#stage { position: absolute; inset: 0; overflow: hidden; cursor: grab; }
#stage.dragging { cursor: grabbing; }
#stage svg { width: 100%; height: 100%; display: block; }
#controls { position: absolute; top: 8px; right: 8px; display: flex; gap: 4px; }
#controls button { font-size: 16px; width: 32px; height: 32px; }
#tip { position: absolute; display: none; max-width: 460px; padding: 8px 10px; background: #fffff4;
  border: 1px solid #999; border-radius: 4px; box-shadow: 0 2px 6px rgba(0,0,0,.25); font-size: 13px; pointer-events: none; }
#tip h3 { margin: 0 0 4px; font-size: 14px; }
#tip .deal { margin-top: 6px; border-top: 1px solid #ddd; padding-top: 4px; }
#tip .evidence { font-style: italic; color: #333; }
#tip .meta { color: #666; font-size: 12px; }
.edge, .edge-label { cursor: pointer; }
.edge.hover { stroke-opacity: 1; filter: drop-shadow(0 0 2px #888); }
</style>
</head>
<body>
<div id="stage">{{.SVG}}</div>
<div id="controls"><button id="zoom-in" title="zoom in">+</button><button id="zoom-out" title="zoom out">−</button><button id="zoom-reset" title="fit">⤢</button></div>
<div id="tip" role="tooltip"></div>
<script id="edge-data" type="application/json">{{.Edges}}</script>
<script>
(function () {
  "use strict";
  var edges = JSON.parse(document.getElementById("edge-data").textContent);
  var svg = document.querySelector("#stage svg");
  var stage = document.getElementById("stage");
  var tip = document.getElementById("tip");
  var full = svg.viewBox.baseVal;
  var view = { x: full.x, y: full.y, w: full.width, h: full.height };
  var home = { x: view.x, y: view.y, w: view.w, h: view.h };
  function apply() { svg.setAttribute("viewBox", view.x + " " + view.y + " " + view.w + " " + view.h); }
  function toGraph(cx, cy) {
    var r = svg.getBoundingClientRect();
    var s = Math.max(view.w / r.width, view.h / r.height);
    var ox = (r.width * s - view.w) / 2, oy = (r.height * s - view.h) / 2;
    return { x: view.x - ox + (cx - r.left) * s, y: view.y - oy + (cy - r.top) * s, s: s };
  }
  function zoom(f, cx, cy) {
    var p = toGraph(cx, cy);
    view.x = p.x - (p.x - view.x) * f; view.y = p.y - (p.y - view.y) * f;
    view.w *= f; view.h *= f; apply();
  }
  stage.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    zoom(ev.deltaY < 0 ? 0.85 : 1 / 0.85, ev.clientX, ev.clientY);
  }, { passive: false });
  var drag = null;
  stage.addEventListener("mousedown", function (ev) {
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, s: toGraph(ev.clientX, ev.clientY).s };
    stage.classList.add("dragging");
  });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) return;
    view.x = drag.vx - (ev.clientX - drag.x) * drag.s; view.y = drag.vy - (ev.clientY - drag.y) * drag.s; apply();
  });
  window.addEventListener("mouseup", function () { drag = null; stage.classList.remove("dragging"); });
  function centre() { var r = svg.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }
  document.getElementById("zoom-in").onclick = function () { var c = centre(); zoom(0.8, c[0], c[1]); };
  document.getElementById("zoom-out").onclick = function () { var c = centre(); zoom(1.25, c[0], c[1]); };
  document.getElementById("zoom-reset").onclick = function () { view = { x: home.x, y: home.y, w: home.w, h: home.h }; apply(); };

  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }
  function show(i, x, y) {
    var e = edges[i];
    tip.textContent = "";
    tip.appendChild(el("h3", "", e.title + ": " + e.label));
    if (e.deals.length === 0) tip.appendChild(el("div", "meta", "no deal details in this source"));
    e.deals.forEach(function (d) {
      var box = el("div", "deal");
      box.appendChild(el("div", "what", [d.type, d.action, d.kind, d.amount].filter(Boolean).join(" · ")));
      box.appendChild(el("div", "meta", d.parties));
      box.appendChild(el("div", "evidence", "“" + d.evidence + "”"));
      box.appendChild(el("div", "meta", [d.source, d.date, d.mentions + " mention" + (d.mentions === 1 ? "" : "s")].filter(Boolean).join(" · ")));
      if (d.url) box.appendChild(el("div", "meta", d.url));
      tip.appendChild(box);
    });
    tip.style.display = "block";
    var w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.min(x + 14, window.innerWidth - w - 4) + "px";
    tip.style.top = Math.min(y + 14, window.innerHeight - h - 4) + "px";
    document.querySelectorAll('.edge[data-edge="' + i + '"]').forEach(function (p) { p.classList.add("hover"); });
  }
  function hide() {
    tip.style.display = "none";
    document.querySelectorAll(".edge.hover").forEach(function (p) { p.classList.remove("hover"); });
  }
  document.querySelectorAll("[data-edge]").forEach(function (n) {
    n.addEventListener("mouseover", function (ev) { show(+n.getAttribute("data-edge"), ev.clientX, ev.clientY); });
    n.addEventListener("mousemove", function (ev) { show(+n.getAttribute("data-edge"), ev.clientX, ev.clientY); });
    n.addEventListener("mouseout", hide);
  });
})();
</script>
</body>
</html>
`))
