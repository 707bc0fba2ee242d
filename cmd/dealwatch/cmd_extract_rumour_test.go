package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// The rumour sample gives its rumoured event with --rumoured, and nothing
// without it.
func TestExtractRumourSample(t *testing.T) {
	const sample = "../../testdata/samples/05-nvidia-xai-rumour.txt"
	var out, errb bytes.Buffer
	if code := realMain([]string{"extract", sample}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("extract: exit %d: %s", code, errb.String())
	}
	if strings.TrimSpace(out.String()) != "" {
		t.Fatalf("a rumour gave a stated event without --rumoured:\n%s", out.String())
	}
	out.Reset()
	if code := realMain([]string{"extract", sample, "--rumoured"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("extract --rumoured: exit %d: %s", code, errb.String())
	}
	var e schemas.DealEvent
	if err := json.Unmarshal(bytes.TrimSpace(out.Bytes()), &e); err != nil {
		t.Fatalf("want one event, got %q: %v", out.String(), err)
	}
	if e.Modality != schemas.ModalityRumoured || e.Type != schemas.TypeCommitment || e.KindOf() != schemas.KindCompute {
		t.Errorf("event = %s %s %s, want a rumoured compute commitment", e.Modality, e.Type, e.KindOf())
	}
	ids := strings.Join(e.PartyIDs(), ",")
	if ids != "xai,nvidia" && ids != "nvidia,xai" {
		t.Errorf("parties = %s, want xai and nvidia", ids)
	}
}
