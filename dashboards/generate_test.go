package dashboards

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The committed JSON (what Grafana provisions) is what build.go generates:
// a change to a dashboard is made in Go, then `go generate ./dashboards`.
func TestGeneratedDashboardsAreCurrent(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	committed, _ := filepath.Glob("json/*.json")
	if len(committed) != len(files) {
		t.Errorf("json/ holds %d dashboards, build.go makes %d", len(committed), len(files))
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("json", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("json/%s is not what build.go generates: run go generate ./dashboards", name)
		}
	}
}
