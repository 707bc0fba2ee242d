package simhash

import (
	"strings"
	"testing"
)

const story = `OpenAI has agreed to spend $38 billion on Amazon Web Services over seven years under a new multi-year strategic partnership, the companies said on Monday, the ChatGPT maker's first large commitment to Amazon's cloud. Under the agreement, OpenAI will run workloads on AWS infrastructure that includes hundreds of thousands of Nvidia graphics processors, clustered in Amazon's EC2 UltraServers, with the option to expand to tens of millions of conventional processors for agent-style tasks. The deal is a significant win for AWS, the largest cloud provider by revenue, which investors had worried was falling behind rivals.`

const other = `Nvidia said on Tuesday it would invest $5 billion in Intel and the two chipmakers would jointly develop data center and PC products, a lifeline for the struggling American company. The companies will work on custom x86 processors for Nvidia's AI platforms and on system-on-chips for personal computers that integrate Nvidia RTX graphics. Intel shares jumped more than 20% in premarket trading after the announcement, which comes weeks after the US government took a stake.`

func TestNearDuplicatesAreClose(t *testing.T) {
	syndicated := "By Staff Writer\n" + strings.Replace(story, "on Monday", "on Monday, Nov. 3", 1) + " Reporting by a wire service."
	a, b, c := Sum64(story), Sum64(syndicated), Sum64(other)
	if d := Distance(a, b); d > 10 {
		t.Errorf("syndicated copy distance = %d, want <= 10", d)
	}
	if d := Distance(a, c); d < 16 {
		t.Errorf("unrelated story distance = %d, want >= 16", d)
	}
}

func TestContentHashNormalises(t *testing.T) {
	if ContentHash("Hello,   World!\nBye") != ContentHash("hello world bye") {
		t.Error("content hash should ignore case, punctuation and spacing")
	}
	if ContentHash("hello world") == ContentHash("hello world bye") {
		t.Error("different texts share a hash")
	}
	if len(ContentHash("x")) != 64 {
		t.Error("want 64 hex digits")
	}
}

func TestHexRoundTrip(t *testing.T) {
	h := Sum64(story)
	s := Hex(h)
	if len(s) != 16 {
		t.Fatalf("Hex = %q", s)
	}
	back, err := Parse(s)
	if err != nil || back != h {
		t.Fatalf("Parse(%q) = %x, %v", s, back, err)
	}
	if _, err := Parse("zz"); err == nil {
		t.Error("Parse accepted garbage")
	}
	if Sum64("") != 0 || Sum64("one two") == 0 {
		t.Error("short texts")
	}
}
