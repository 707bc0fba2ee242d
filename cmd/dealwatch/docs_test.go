package main

import (
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// repoRoot is the checkout this package lives in.
const repoRoot = "../.."

// trackedFiles lists the files git tracks (what a fresh clone has); nil
// when git cannot say (then existence on disk is checked instead).
func trackedFiles(t *testing.T) map[string]bool {
	t.Helper()
	out, err := exec.Command("git", "-C", repoRoot, "ls-files").Output()
	if err != nil || len(out) == 0 {
		t.Logf("git ls-files: %v; checking the files on disk", err)
		return nil
	}
	files := map[string]bool{}
	for _, f := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		files[f] = true
		for d := path.Dir(f); d != "."; d = path.Dir(d) {
			files[d] = true
		}
	}
	return files
}

var (
	mdLink   = regexp.MustCompile(`!?\[[^\]]*\]\(([^)\s]+)\)`)
	codeSpan = regexp.MustCompile("`([^`\\s]+)`")
	heading  = regexp.MustCompile(`(?m)^#{1,6}\s+(.+)$`)
	fileExt  = regexp.MustCompile(`\.(md|go|ya?ml|json|jsonl|sql|sh|svg|png|txt|html|py)$`)
)

// runtimeDirs hold what the programs write, never what a clone has.
var runtimeDirs = map[string]bool{"data": true, ".cache": true, ".services": true, "bin": true}

// slug is GitHub's anchor for a heading.
func slug(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	var b strings.Builder
	for _, r := range h {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// checkTarget reports why a repository path named in doc (a file in the
// repository) would not resolve in a fresh clone, or "".
func checkTarget(doc, target string, tracked map[string]bool) string {
	file, anchor, _ := strings.Cut(target, "#")
	rel := path.Clean(path.Join(path.Dir(doc), file))
	if file == "" {
		rel = doc
	}
	if strings.HasPrefix(rel, "../") || rel == ".." {
		return "points outside the repository"
	}
	if tracked != nil {
		if !tracked[rel] {
			if matches, _ := filepath.Glob(filepath.Join(repoRoot, rel)); strings.Contains(rel, "*") && len(matches) > 0 {
				return ""
			}
			return "is not in the repository (git ls-files)"
		}
	} else if _, err := os.Stat(filepath.Join(repoRoot, rel)); err != nil {
		return "does not exist"
	}
	if anchor != "" {
		raw, err := os.ReadFile(filepath.Join(repoRoot, rel))
		if err != nil {
			return err.Error()
		}
		for _, m := range heading.FindAllStringSubmatch(string(raw), -1) {
			if slug(strings.Trim(m[1], " `")) == anchor || slug(strings.ReplaceAll(m[1], "`", "")) == anchor {
				return ""
			}
		}
		return "has no heading #" + anchor
	}
	return ""
}

// Every link in the README, and in the documents it links to, resolves in
// a fresh clone; so does every repository path the README names in code
// spans (`alert/README.md`), and none points outside the repository
// (`../shared/...`).
func TestReadmeLinksResolve(t *testing.T) {
	tracked := trackedFiles(t)
	docs := []string{"README.md"}
	seen := map[string]bool{"README.md": true}
	for i := 0; i < len(docs); i++ {
		doc := docs[i]
		raw, err := os.ReadFile(filepath.Join(repoRoot, doc))
		if err != nil {
			t.Fatal(err)
		}
		text := string(raw)
		for _, m := range mdLink.FindAllStringSubmatch(text, -1) {
			target := m[1]
			if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") || strings.HasPrefix(target, "mailto:") {
				continue // not fetched: the check must not need the network
			}
			if why := checkTarget(doc, target, tracked); why != "" {
				t.Errorf("%s: link %s %s", doc, target, why)
			}
			file, _, _ := strings.Cut(target, "#")
			rel := path.Clean(path.Join(path.Dir(doc), file))
			if doc == "README.md" && strings.HasSuffix(rel, ".md") && !seen[rel] {
				seen[rel] = true
				docs = append(docs, rel)
			}
		}
		if doc != "README.md" {
			continue
		}
		for _, m := range codeSpan.FindAllStringSubmatch(text, -1) {
			p := strings.TrimPrefix(m[1], "./")
			if !strings.Contains(p, "/") || strings.Contains(p, "://") || strings.ContainsAny(p, "<>$=:@") {
				continue
			}
			first, _, _ := strings.Cut(p, "/")
			if runtimeDirs[first] {
				continue
			}
			if !strings.HasPrefix(p, "../") && !fileExt.MatchString(p) && (tracked == nil || !tracked[first]) {
				continue // not a repository path (a Go import path, a MIME type, ...)
			}
			if why := checkTarget(doc, strings.TrimSuffix(p, "/"), tracked); why != "" {
				t.Errorf("%s: path `%s` %s", doc, m[1], why)
			}
		}
	}
	if len(docs) < 3 {
		t.Errorf("README links to %v only: the labelling rules and the alert README should be linked", docs)
	}
}

// The check refuses what the README used to name: files only in the shared
// workspace, paths outside the repository, headings that do not exist.
func TestReadmeLinkCheckRefusesMissingTargets(t *testing.T) {
	tracked := trackedFiles(t)
	for _, target := range []string{"corpus/LABELING.md", "../shared/corpus/LABELING.md", "README.md#no-such-heading", "data/run.json"} {
		if why := checkTarget("README.md", target, tracked); why == "" {
			t.Errorf("%s accepted", target)
		}
	}
	for _, target := range []string{"extract/LABELING.md", "README.md#schema-for-analysts", "alert/graph/testdata/samples.png"} {
		if why := checkTarget("README.md", target, tracked); why != "" {
			t.Errorf("%s refused: %s", target, why)
		}
	}
}
