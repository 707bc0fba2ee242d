package jsonenc

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestStringEqualsEncodingJSON(t *testing.T) {
	pieces := []string{"a", " ", `"`, `\`, "/", "<", ">", "&", "\n", "\r", "\t", "\b", "\f", "\x00", "\x01", "\x1f", "\x7f",
		"é", "東京", "\u2028", "\u2029", "\xff", "\xe2\x80", "\xed\xa0\x80", "😀", "\ufffd", "'"}
	rng := rand.New(rand.NewPCG(7, 8))
	check := func(s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := String(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("String(%q) = %s, encoding/json writes %s", s, got, want)
		}
	}
	for c := range 256 {
		check(string(rune(c)))
		check(string([]byte{byte(c)}))
	}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		check(b.String())
	}
}

func TestFloatEqualsEncodingJSON(t *testing.T) {
	fs := []float64{0, math.Copysign(0, -1), 1, -1, 0.9, 123.456, 38e9, 1e20, 1e21, 1.5e21, 1e-6, 9.99e-7, 1e-7, -1e-300,
		1e300, 5e-324, math.MaxFloat64, -math.MaxFloat64, 1.0 / 3, 1e-10, 123456789e-15}
	rng := rand.New(rand.NewPCG(9, 10))
	for range 20000 {
		fs = append(fs, math.Float64frombits(rng.Uint64()))
	}
	for _, f := range fs {
		want, wantErr := json.Marshal(f)
		got, gotErr := Float(nil, f)
		if (wantErr == nil) != (gotErr == nil) {
			t.Fatalf("Float(%v): error %v, encoding/json %v", f, gotErr, wantErr)
		}
		if wantErr == nil && !bytes.Equal(got, want) {
			t.Fatalf("Float(%v) = %s, encoding/json writes %s", f, got, want)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := Float(nil, f); err == nil {
			t.Fatalf("Float(%v) gives no error", f)
		}
	}
}
