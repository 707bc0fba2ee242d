// Package simhash fingerprints article text: Sum64 is a 64-bit simhash for
// near-duplicate detection (syndicated copies of one story differ in a few
// bits), ContentHash an exact SHA-256 of the normalised text.
package simhash

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
)

// Shingle is the number of consecutive words hashed together.
const Shingle = 3

// Normalize lower-cases text, keeps letters and digits, and joins the words
// with single spaces: the text both fingerprints are computed over.
func Normalize(text string) string {
	return strings.Join(words(text), " ")
}

func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// ContentHash is the SHA-256 (hex) of Normalize(text).
func ContentHash(text string) string {
	h := sha256.Sum256([]byte(Normalize(text)))
	return hex.EncodeToString(h[:])
}

// Sum64 is the simhash of text over word shingles of length Shingle (the
// whole text as one shingle when it is shorter).
func Sum64(text string) uint64 {
	w := words(text)
	if len(w) == 0 {
		return 0
	}
	var v [64]int
	add := func(s string) {
		h := fnv.New64a()
		h.Write([]byte(s))
		x := h.Sum64()
		for i := range 64 {
			if x&(1<<i) != 0 {
				v[i]++
			} else {
				v[i]--
			}
		}
	}
	if len(w) < Shingle {
		add(strings.Join(w, " "))
	}
	for i := 0; i+Shingle <= len(w); i++ {
		add(strings.Join(w[i:i+Shingle], " "))
	}
	var out uint64
	for i := range 64 {
		if v[i] > 0 {
			out |= 1 << i
		}
	}
	return out
}

// Hex formats a simhash as 16 lower-case hex digits.
func Hex(h uint64) string { return fmt.Sprintf("%016x", h) }

// Parse reads a simhash written by Hex.
func Parse(s string) (uint64, error) {
	h, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		return 0, fmt.Errorf("simhash %q: %w", s, err)
	}
	return h, nil
}

// Distance is the number of differing bits of two simhashes.
func Distance(a, b uint64) int { return bits.OnesCount64(a ^ b) }
