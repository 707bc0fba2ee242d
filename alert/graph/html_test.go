package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium returns a headless Chromium (Debian's chromium package;
// scripts/chromium.sh installs it for make test) or skips; with CI=true a
// missing browser fails the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("DEALWATCH_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no chromium on PATH: run scripts/chromium.sh")
	}
	t.Skip("no chromium on PATH (scripts/chromium.sh installs it)")
	return ""
}

func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	home := t.TempDir()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
		"--hide-scrollbars", "--user-data-dir=" + filepath.Join(home, "profile"), "--window-size=1000,900"}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+home)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// probe is test code appended to the page: once the embedded font is
// loaded it measures every drawn label, hovers an edge label, zooms with
// the wheel and drags, and writes what it saw into <pre id="probe">.
const probe = `<script>
document.fonts.ready.then(function () {
  var r = {};
  var texts = Array.from(document.querySelectorAll("text.label"));
  var circles = Array.from(document.querySelectorAll("circle.node"));
  function box(e) { var b = e.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height, e.textContent || e.getAttribute("data-id")]; }
  r.labels = texts.map(box);
  r.nodes = circles.map(box);
  r.fontLoaded = document.fonts.check('11px "Go Regular"');
  var label = document.querySelector("text.edge-label");
  var lb = label.getBoundingClientRect();
  label.dispatchEvent(new MouseEvent("mouseover", {bubbles: true, clientX: lb.left + 2, clientY: lb.top + 2}));
  var tip = document.getElementById("tip");
  r.tipVisible = getComputedStyle(tip).display !== "none";
  r.tip = tip.textContent;
  label.dispatchEvent(new MouseEvent("mouseout", {bubbles: true}));
  var svg = document.querySelector("#stage svg");
  r.viewBox0 = svg.getAttribute("viewBox");
  document.getElementById("stage").dispatchEvent(new WheelEvent("wheel", {bubbles: true, cancelable: true, deltaY: -100, clientX: 500, clientY: 450}));
  r.viewBoxZoomed = svg.getAttribute("viewBox");
  var stage = document.getElementById("stage");
  stage.dispatchEvent(new MouseEvent("mousedown", {bubbles: true, clientX: 500, clientY: 450}));
  window.dispatchEvent(new MouseEvent("mousemove", {bubbles: true, clientX: 600, clientY: 500}));
  window.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
  r.viewBoxPanned = svg.getAttribute("viewBox");
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
});
</script>
</body>`

type probeResult struct {
	Labels        [][5]any `json:"labels"`
	Nodes         [][5]any `json:"nodes"`
	FontLoaded    bool     `json:"fontLoaded"`
	TipVisible    bool     `json:"tipVisible"`
	Tip           string   `json:"tip"`
	ViewBox0      string   `json:"viewBox0"`
	ViewBoxZoomed string   `json:"viewBoxZoomed"`
	ViewBoxPanned string   `json:"viewBoxPanned"`
}

func rectOf(v [5]any) (Box, string) {
	f := func(i int) float64 { x, _ := v[i].(float64); return x }
	s, _ := v[4].(string)
	return Box{f(0), f(1), f(2), f(3)}, s
}

// The interactive page in a real browser: labels as laid out by the
// browser's own text engine do not overlap; hovering shows the deal and
// its evidence; the wheel zooms and dragging pans.
func TestHTMLInChromium(t *testing.T) {
	bin := chromium(t)
	g := samplesGraph(t)
	var page bytes.Buffer
	if err := g.HTML(&page); err != nil {
		t.Fatal(err)
	}
	if s := page.String(); strings.Contains(s, "http://") && !strings.Contains(s, `xmlns="http://www.w3.org/2000/svg"`) || regexp.MustCompile(`(?i)<(script|link|img)[^>]+(src|href)=`).MatchString(s) {
		t.Fatal("the page loads something from elsewhere: it must be self-contained")
	}
	dir := t.TempDir()
	probed := filepath.Join(dir, "probe.html")
	if err := os.WriteFile(probed, []byte(strings.Replace(page.String(), "</body>", probe, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := runChromium(t, bin, "--virtual-time-budget=5000", "--dump-dom", "file://"+probed)
	m := regexp.MustCompile(`(?s)<pre id="probe">(.*?)</pre>`).FindSubmatch(dom)
	if m == nil {
		t.Fatalf("the probe did not run; DOM tail:\n%s", tail(dom, 2000))
	}
	var r probeResult
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &r); err != nil {
		t.Fatal(err)
	}
	if !r.FontLoaded {
		t.Error("the embedded font was not loaded")
	}
	if len(r.Labels) != len(g.Nodes)+len(g.Edges) {
		t.Fatalf("%d labels drawn, want %d", len(r.Labels), len(g.Nodes)+len(g.Edges))
	}
	const slack = 0.5 // sub-pixel rounding of the browser's boxes
	for i := range r.Labels {
		a, at := rectOf(r.Labels[i])
		a = Box{a.X0 + slack, a.Y0 + slack, a.X1 - slack, a.Y1 - slack}
		for j := i + 1; j < len(r.Labels); j++ {
			if b, bt := rectOf(r.Labels[j]); a.Overlaps(b) {
				t.Errorf("in Chromium, %q %+v overlaps %q %+v", at, a, bt, b)
			}
		}
		for _, n := range r.Nodes {
			if b, id := rectOf(n); a.Overlaps(b) {
				t.Errorf("in Chromium, %q overlaps node %s", at, id)
			}
		}
	}
	first := g.Edges[0]
	if !r.TipVisible || !strings.Contains(r.Tip, first.Label) || len(first.Deals) == 0 || !strings.Contains(r.Tip, first.Deals[0].Evidence) {
		t.Errorf("hovering %q shows %q (visible %v), want the deal's evidence", first.Label, r.Tip, r.TipVisible)
	}
	if r.ViewBox0 != "0 0 1000 900" || r.ViewBoxZoomed == r.ViewBox0 || r.ViewBoxPanned == r.ViewBoxZoomed {
		t.Errorf("zoom/pan: viewBox %q → %q (wheel) → %q (drag)", r.ViewBox0, r.ViewBoxZoomed, r.ViewBoxPanned)
	}

	// A screenshot of the page as a user opens it: the drawing is there
	// (commitment green, partnership blue, names in near-black).
	plain := filepath.Join(dir, "graph.html")
	if err := os.WriteFile(plain, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "shot.png")
	runChromium(t, bin, "--virtual-time-budget=3000", "--screenshot="+shot, "file://"+plain)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	var green, blue, dark int
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			switch {
			case g > 130 && r < 110 && bl < 110:
				green++
			case bl > 140 && r < 90 && g < 150:
				blue++
			case r < 60 && g < 60 && bl < 60:
				dark++
			}
		}
	}
	if green < 2000 || blue < 300 || dark < 1500 {
		t.Errorf("screenshot %dx%d: %d green, %d blue, %d dark pixels: the graph was not drawn", b.Dx(), b.Dy(), green, blue, dark)
	}
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
