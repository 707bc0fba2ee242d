package compose

import (
	"encoding/xml"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// service is the part of a compose service these checks read.
type service struct {
	Image       string         `yaml:"image"`
	Build       any            `yaml:"build"`
	Command     any            `yaml:"command"`
	Restart     string         `yaml:"restart"`
	Environment any            `yaml:"environment"`
	DependsOn   any            `yaml:"depends_on"`
	Healthcheck *healthcheck   `yaml:"healthcheck"`
	Volumes     []string       `yaml:"volumes"`
	Deploy      map[string]any `yaml:"deploy"`
}

type healthcheck struct {
	Test    any  `yaml:"test"`
	Disable bool `yaml:"disable"`
}

type composeFile struct {
	Services map[string]service `yaml:"services"`
	Volumes  map[string]any     `yaml:"volumes"`
}

func root(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ModuleRoot(wd)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func load(t *testing.T, path string) composeFile {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(c.Services) == 0 {
		t.Fatalf("%s: no services", path)
	}
	return c
}

// isDealwatch reports whether the service runs our image.
func isDealwatch(s service) bool {
	return s.Build != nil || strings.HasPrefix(s.Image, "dealwatch:")
}

// imageTag returns the tag of an image reference ("" when it has none).
func imageTag(ref string) string {
	if i := strings.Index(ref, "@"); i >= 0 {
		return "digest"
	}
	last := ref[strings.LastIndex(ref, "/")+1:]
	if i := strings.LastIndex(last, ":"); i >= 0 {
		return last[i+1:]
	}
	return ""
}

// envNames returns the variable names of a compose environment (map or list form).
func envNames(t *testing.T, env any) []string {
	t.Helper()
	var out []string
	switch v := env.(type) {
	case nil:
	case map[string]any:
		for k := range v {
			out = append(out, k)
		}
	case []any:
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				t.Fatalf("environment entry %v is not a string", e)
			}
			name, _, _ := strings.Cut(s, "=")
			out = append(out, name)
		}
	default:
		t.Fatalf("environment has unexpected form %T", env)
	}
	return out
}

// dependsOn returns dependency → condition; a list form yields "".
func dependsOn(t *testing.T, d any) map[string]string {
	t.Helper()
	out := map[string]string{}
	switch v := d.(type) {
	case nil:
	case []any:
		for _, e := range v {
			out[fmt.Sprint(e)] = ""
		}
	case map[string]any:
		for name, spec := range v {
			m, _ := spec.(map[string]any)
			c, _ := m["condition"].(string)
			out[name] = c
		}
	default:
		t.Fatalf("depends_on has unexpected form %T", d)
	}
	return out
}

func commandArgs(c any) []string {
	switch v := c.(type) {
	case string:
		return strings.Fields(v)
	case []any:
		out := make([]string, len(v))
		for i, e := range v {
			out[i] = fmt.Sprint(e)
		}
		return out
	}
	return nil
}

// subcommands returns the keys of the map literal returned by commands() in cmd/dealwatch/main.go.
func subcommands(t *testing.T, root string) map[string]bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(root, "cmd", "dealwatch", "main.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "commands" {
			continue
		}
		ast.Inspect(fn, func(n ast.Node) bool {
			if kv, ok := n.(*ast.KeyValueExpr); ok {
				if lit, ok := kv.Key.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					out[s] = true
				}
			}
			return true
		})
	}
	if len(out) == 0 {
		t.Fatal("no subcommands found in cmd/dealwatch/main.go commands()")
	}
	return out
}

func TestComposeImagesPinned(t *testing.T) {
	c := load(t, filepath.Join(root(t), "docker-compose.yml"))
	for name, s := range c.Services {
		if s.Image == "" {
			t.Errorf("service %s: no image (give built services an image name with a tag too)", name)
			continue
		}
		switch tag := imageTag(s.Image); tag {
		case "":
			t.Errorf("service %s: image %q has no tag", name, s.Image)
		case "latest", "stable", "main", "edge":
			t.Errorf("service %s: image %q is not pinned", name, s.Image)
		}
	}
}

func TestComposeHealthAndOrder(t *testing.T) {
	c := load(t, filepath.Join(root(t), "docker-compose.yml"))
	healthy := map[string]bool{}
	oneShot := map[string]bool{}
	for name, s := range c.Services {
		if s.Restart == "no" {
			oneShot[name] = true
		}
		if s.Healthcheck != nil && !s.Healthcheck.Disable && s.Healthcheck.Test != nil {
			healthy[name] = true
		}
	}
	for name, s := range c.Services {
		if !isDealwatch(s) && !oneShot[name] && !healthy[name] {
			t.Errorf("service %s: long-running infrastructure without a healthcheck", name)
		}
		for dep, cond := range dependsOn(t, s.DependsOn) {
			if _, ok := c.Services[dep]; !ok {
				t.Errorf("service %s depends on unknown service %s", name, dep)
				continue
			}
			switch cond {
			case "service_healthy":
				if !healthy[dep] {
					t.Errorf("service %s waits for %s to be healthy, but %s has no healthcheck", name, dep, dep)
				}
			case "service_completed_successfully":
				if !oneShot[dep] {
					t.Errorf("service %s waits for %s to complete, but %s is not a one-shot (restart: \"no\")", name, dep, dep)
				}
			default:
				t.Errorf("service %s: depends_on %s has condition %q, want service_healthy or service_completed_successfully", name, dep, cond)
			}
		}
	}
	// The stages start only after the schema is in place.
	for _, stage := range []string{"crawl", "extract-worker", "sink", "alert"} {
		s, ok := c.Services[stage]
		if !ok {
			t.Errorf("stage %s missing", stage)
			continue
		}
		deps := dependsOn(t, s.DependsOn)
		if deps["kafka"] != "service_healthy" || deps["migrate"] != "service_completed_successfully" {
			t.Errorf("stage %s: depends_on %v, want kafka healthy and migrate completed", stage, deps)
		}
	}
	if r := c.Services["extract-worker"].Deploy["replicas"]; r == nil || fmt.Sprint(r) == "1" {
		t.Errorf("extract-worker replicas = %v, want at least 2", r)
	}
}

func TestComposeDealwatchServices(t *testing.T) {
	r := root(t)
	c := load(t, filepath.Join(r, "docker-compose.yml"))
	read, err := EnvVarsRead(r)
	if err != nil {
		t.Fatal(err)
	}
	cmds := subcommands(t, r)
	n := 0
	for name, s := range c.Services {
		if !isDealwatch(s) {
			continue
		}
		n++
		if b, ok := s.Build.(map[string]any); ok {
			df, _ := b["dockerfile"].(string)
			ctx, _ := b["context"].(string)
			if _, err := os.Stat(filepath.Join(r, ctx, df)); err != nil {
				t.Errorf("service %s: dockerfile: %v", name, err)
			}
		}
		args := commandArgs(s.Command)
		if len(args) == 0 || !cmds[args[0]] {
			t.Errorf("service %s: command %v is not a dealwatch subcommand (%v)", name, args, Sorted(cmds))
		}
		for _, v := range envNames(t, s.Environment) {
			if !read[v] {
				t.Errorf("service %s sets %s, which the dealwatch code never reads (read: %v)", name, v, Sorted(read))
			}
		}
	}
	if n < 5 {
		t.Errorf("%d dealwatch services, want migrate, crawl, extract-worker, sink, alert", n)
	}
}

func TestComposeMountsExist(t *testing.T) {
	r := root(t)
	c := load(t, filepath.Join(r, "docker-compose.yml"))
	for name, s := range c.Services {
		for _, v := range s.Volumes {
			src, _, _ := strings.Cut(v, ":")
			if !strings.HasPrefix(src, ".") && !strings.HasPrefix(src, "/") {
				if _, ok := c.Volumes[src]; !ok {
					t.Errorf("service %s: named volume %s is not declared", name, src)
				}
				continue
			}
			if _, err := os.Stat(filepath.Join(r, src)); err != nil {
				t.Errorf("service %s: mount source %s: %v", name, src, err)
			}
		}
	}
}

// The analyst user must exist, be read-only and take its password from the environment.
func TestAnalystUserConfig(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(root(t), "scripts", "clickhouse", "users.d", "analyst.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Profiles struct {
			Analyst struct {
				Readonly int `xml:"readonly"`
			} `xml:"analyst"`
		} `xml:"profiles"`
		Users struct {
			Analyst struct {
				Password struct {
					FromEnv string `xml:"from_env,attr"`
				} `xml:"password"`
				Profile string `xml:"profile"`
			} `xml:"analyst"`
		} `xml:"users"`
	}
	if err := xml.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	u := cfg.Users.Analyst
	if u.Profile != "analyst" || cfg.Profiles.Analyst.Readonly == 0 {
		t.Errorf("analyst: profile %q readonly=%d, want the read-only analyst profile", u.Profile, cfg.Profiles.Analyst.Readonly)
	}
	if u.Password.FromEnv == "" {
		t.Error("analyst password must come from the environment (from_env)")
	}
	c := load(t, filepath.Join(root(t), "docker-compose.yml"))
	if !contains(envNames(t, c.Services["clickhouse"].Environment), u.Password.FromEnv) {
		t.Errorf("clickhouse service does not set %s", u.Password.FromEnv)
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func TestEnvVarsRead(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, src string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example\n")
	write("a/a.go", `package a
import "os"
const envAddr = "A_ADDR"
var envVars = []string{"A_LISTED"}
func f() { _ = os.Getenv("A_LITERAL"); _, _ = os.LookupEnv(envAddr) }
func envInt(def int, name string) int { _ = os.Getenv(name); return def }
func g() { _ = envInt(1, "A_WRAPPED") }
`)
	write("b/b.go", `package b
import "example/a"
func h() { _ = a.EnvInt(2, "B_WRAPPED_ELSEWHERE") }
`)
	write("a/a_test.go", `package a
import "os"
func t() { _ = os.Getenv("IN_TEST") }
`)
	write("testdata/x.go", `package x
import "os"
func t() { _ = os.Getenv("IN_TESTDATA") }
`)
	got, err := EnvVarsRead(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"A_ADDR", "A_LISTED", "A_LITERAL", "A_WRAPPED"}
	if g := Sorted(got); !reflect.DeepEqual(g, want) {
		t.Fatalf("EnvVarsRead = %v, want %v", g, want)
	}
}

func TestEnvVarsReadRepo(t *testing.T) {
	got, err := EnvVarsRead(root(t))
	if err != nil {
		t.Fatal(err)
	}
	// The variables every stage depends on must be found, or the compose check means nothing.
	for _, v := range []string{"KAFKA_BROKERS", "CLICKHOUSE_ADDR", "DEALWATCH_DATA_DIR"} {
		if !got[v] {
			t.Errorf("%s not found among %v", v, Sorted(got))
		}
	}
	t.Logf("environment variables read: %v", Sorted(got))
}
