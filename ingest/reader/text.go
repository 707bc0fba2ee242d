package reader

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ReadText reads a plain-text article: line 1 is the headline; when line 2
// is blank the body is everything after it, else the whole content is the
// body (and the headline is still line 1). A first line that is a lead
// paragraph, not a headline (isLead), stays in the body either way. Lines of a paragraph that was
// hard-wrapped (a line not ending a sentence followed by one starting in
// lower case) are joined with a space; every other line break is kept.
func ReadText(raw []byte) (Page, error) {
	if err := checkSize(raw); err != nil {
		return Page{}, err
	}
	s, err := decodeText(raw)
	if err != nil {
		return Page{}, err
	}
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
	lines := strings.Split(s, "\n")
	// Skip leading blank lines.
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	if len(lines) == 0 {
		return Page{}, fmt.Errorf("%w: no text", ErrUnreadable)
	}
	title := clean(lines[0])
	body := lines
	if len(lines) >= 2 && strings.TrimSpace(lines[1]) == "" && !isLead(title) {
		body = lines[2:]
	}
	text := unwrapLines(body)
	if text == "" {
		// A headline alone is still an article with one line of text.
		text = title
	}
	return Page{Title: title, Text: text}, nil
}

// isLead reports whether a first line is the article's lead paragraph
// rather than a headline: pages copied from the web often start with the
// lead ("SAN FRANCISCO (Wire) — Acme has agreed to ..."), and a headline is
// never 25 words long nor a 160-character sentence. A lead stays in the body.
func isLead(line string) bool {
	if len(strings.Fields(line)) >= 25 {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	// a long line, or a sentence of ten words or more closed by a full
	// stop: headlines do not end with one ("The Pentagon announced that
	// cloud contracts were awarded to Google, Oracle, Amazon and Microsoft.")
	return len(line) > 160 && strings.ContainsRune(".!?\"”", last) || last == '.' && len(strings.Fields(line)) >= 10
}

func unwrapLines(lines []string) string {
	var paras []string
	var cur []string
	prevBlank := true
	for _, l := range lines {
		l = clean(strings.NewReplacer("\u200b", "", "\ufeff", "").Replace(l))
		if l == "" {
			if len(cur) > 0 {
				paras = append(paras, strings.Join(cur, " "))
				cur = nil
			}
			prevBlank = true
			continue
		}
		if !prevBlank && len(cur) > 0 && continues(cur[len(cur)-1], l) {
			cur[len(cur)-1] += " " + l
		} else {
			if len(cur) > 0 {
				paras = append(paras, strings.Join(cur, " "))
			}
			cur = []string{l}
		}
		prevBlank = false
	}
	if len(cur) > 0 {
		paras = append(paras, strings.Join(cur, " "))
	}
	return strings.Join(paras, "\n")
}

// continues reports whether next continues the sentence ending prev.
func continues(prev, next string) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	if strings.ContainsRune(".!?:;\"”’)]", last) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(r)
}
