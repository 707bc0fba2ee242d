package main

import (
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	// repoRef is a file name or path as comments cite one.
	repoRef = regexp.MustCompile(`(?:\.\.?/)?(?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]+\.(?:md|ya?ml|go|sql|sh|jsonl?|txt|html|png|svg)\b`)
	urlLike = regexp.MustCompile(`\S+://\S+`)
	// placeholder is a name standing for any file (testdata/X.html,
	// clickhouse/NNNNN_name.sql).
	placeholder = regexp.MustCompile(`(?:^|[^A-Za-z])(?:X|N{3,})(?:[^A-Za-z]|$)`)
)

// commentRefs returns the repository paths that text (comments of the
// tracked file doc) cites and that do not resolve, each with the reason.
// A path is resolved against doc's directory, then the repository root.
// Cited are Markdown documents by any name or path, and other files by a
// path whose first directory exists (schemas/X.json, testdata/X.txt, X
// standing for a name); a bare name such as gold.jsonl or run.json, a URL, a
// placeholder (testdata/X.html),
// a Go import path and what the programs write (data/, .cache/) are not
// repository references.
func commentRefs(doc, text string, tracked map[string]bool) []string {
	text = urlLike.ReplaceAllString(text, " ")
	var bad []string
	for _, loc := range repoRef.FindAllStringIndex(text, -1) {
		ref := text[loc[0]:loc[1]]
		if loc[0] > 0 && strings.ContainsAny(text[loc[0]-1:loc[0]], "<*$/@{") {
			continue // a pattern (<file>.json, *.md), a variable or the tail of something longer
		}
		ref = strings.TrimPrefix(ref, "./")
		if placeholder.MatchString(path.Base(ref)) {
			continue
		}
		first, _, hasDir := strings.Cut(ref, "/")
		if runtimeDirs[first] {
			continue
		}
		exists := func(p string) bool {
			if tracked != nil {
				return tracked[p]
			}
			_, err := os.Stat(filepath.Join(repoRoot, p))
			return err == nil
		}
		local := path.Clean(path.Join(path.Dir(doc), ref))
		if !strings.HasSuffix(ref, ".md") {
			if !hasDir {
				continue
			}
			if !exists(path.Clean(path.Join(path.Dir(doc), first))) && !exists(first) && first != ".." {
				continue // not a repository path (an import path, an example)
			}
		}
		switch {
		case strings.HasPrefix(local, "../") || strings.HasPrefix(path.Clean(ref), "../"):
			bad = append(bad, ref+" points outside the repository")
		case exists(local) || exists(path.Clean(ref)):
		default:
			bad = append(bad, ref+" is not in the repository")
		}
	}
	return bad
}

// Every repository path a Go comment or a YAML comment cites resolves in a
// fresh clone (the README's own links: TestReadmeLinksResolve).
func TestCommentRefsResolve(t *testing.T) {
	tracked := trackedFiles(t)
	if tracked == nil {
		t.Skip("needs git ls-files")
	}
	checked := 0
	for f := range tracked {
		var texts []string
		switch ext := path.Ext(f); ext {
		case ".go":
			file, err := parser.ParseFile(token.NewFileSet(), filepath.Join(repoRoot, f), nil, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				if os.IsNotExist(err) {
					continue // deleted in the working tree
				}
				t.Errorf("%s: %v", f, err)
				continue
			}
			for _, c := range file.Comments {
				texts = append(texts, c.Text())
			}
		case ".yaml", ".yml":
			raw, err := os.ReadFile(filepath.Join(repoRoot, f))
			if err != nil {
				continue
			}
			for _, line := range strings.Split(string(raw), "\n") {
				if _, c, ok := strings.Cut(line, "#"); ok && (strings.HasPrefix(strings.TrimSpace(line), "#") || strings.Contains(line, " #")) {
					texts = append(texts, c)
				}
			}
		default:
			continue
		}
		checked++
		for _, text := range texts {
			for _, why := range commentRefs(f, text, tracked) {
				t.Errorf("%s: %s", f, why)
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked %d files only", checked)
	}
}

// The comment check refuses what comments used to cite (files of the shared
// workspace, a labelling document outside the package that cites it) and
// accepts repository paths, package-relative names and what is no path.
func TestCommentRefCheck(t *testing.T) {
	tracked := trackedFiles(t)
	if tracked == nil {
		t.Skip("needs git ls-files")
	}
	for _, c := range []struct{ doc, text string }{
		{"extract/doc.go", "as described in corpus/LABELING.md."},
		{"extract/doc.go", "see DESIGN.md"},
		{"cmd/dealwatch/cmd_eval.go", "(LABELING.md format)"},
		{"alert/rules.example.yaml", " see ../shared/corpus/LABELING.md"},
		{"store/query.go", "the views in schemas/clickhouse/99999_missing.sql"},
	} {
		if bad := commentRefs(c.doc, c.text, tracked); len(bad) == 0 {
			t.Errorf("%s: %q accepted", c.doc, c.text)
		}
	}
	for _, c := range []struct{ doc, text string }{
		{"extract/doc.go", "the rules of extract/LABELING.md"},
		{"extract/rules.go", "kind follows what is bought (LABELING.md)"},
		{"alert/rules.example.yaml", " see extract/gazetteer.yaml"},
		{"cmd/dealwatch/main.go", "see https://example.com/docs/README.md and github.com/x/y/z.go"},
		{"ingest/files/files.go", "a sidecar <file>.json, gold.jsonl, data/run.json, testdata/X.html"},
		{"cmd/dealwatch/main.go", "the shared ./ingest/crawl/sources.yaml"},
	} {
		if bad := commentRefs(c.doc, c.text, tracked); len(bad) != 0 {
			t.Errorf("%s: %q refused: %v", c.doc, c.text, bad)
		}
	}
}
