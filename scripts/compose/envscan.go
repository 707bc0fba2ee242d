// Package compose checks docker-compose.yml against the repository: pinned
// images, healthchecks, ordered startup, and that every environment variable
// given to a dealwatch container is one the binary reads (see EnvVarsRead).
package compose

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// EnvVarsRead returns the names of the environment variables that the
// non-test Go code under root reads, found syntactically:
//   - os.Getenv("X") and os.LookupEnv("X"), the argument a string literal or
//     a package-level string constant;
//   - calls of a helper that passes one of its parameters to os.Getenv /
//     os.LookupEnv (func envInt(name string, def int) int {... os.Getenv(name) ...}),
//     with a literal or constant in that position: envInt("KAFKA_PARTITIONS", 3);
//   - string literals in a composite literal assigned to a variable named
//     envVars (a documented list of variables).
//
// Directories named testdata or vendor, or starting with "." or "_", are skipped.
func EnvVarsRead(root string) (map[string]bool, error) {
	fset := token.NewFileSet()
	pkgs := map[string][]*ast.File{} // dir → files
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "vendor" || name == "node_modules" ||
				strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("parse %s: %w", path, err)
		}
		dir := filepath.Dir(path)
		pkgs[dir] = append(pkgs[dir], f)
		return nil
	})
	if err != nil {
		return nil, err
	}

	type wrapper struct {
		name string
		arg  int
	}
	found := map[string]bool{}
	var wrappers []wrapper
	consts := map[string]map[string]string{} // dir → const name → value

	for dir, files := range pkgs {
		consts[dir] = stringConsts(files)
	}
	resolve := func(dir string, e ast.Expr) (string, bool) {
		switch v := e.(type) {
		case *ast.BasicLit:
			if v.Kind == token.STRING {
				s, err := strconv.Unquote(v.Value)
				return s, err == nil
			}
		case *ast.Ident:
			s, ok := consts[dir][v.Name]
			return s, ok
		}
		return "", false
	}

	// Pass 1: direct reads, helpers, envVars lists.
	for dir, files := range pkgs {
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch v := n.(type) {
				case *ast.FuncDecl:
					params := paramNames(v)
					ast.Inspect(v, func(n ast.Node) bool {
						call, ok := n.(*ast.CallExpr)
						if !ok || !isEnvRead(call) || len(call.Args) == 0 {
							return true
						}
						if id, ok := call.Args[0].(*ast.Ident); ok {
							if i, ok := params[id.Name]; ok {
								wrappers = append(wrappers, wrapper{v.Name.Name, i})
							}
						}
						return true
					})
				case *ast.CallExpr:
					if isEnvRead(v) && len(v.Args) > 0 {
						if s, ok := resolve(dir, v.Args[0]); ok {
							found[s] = true
						}
					}
				case *ast.ValueSpec:
					for i, name := range v.Names {
						if strings.EqualFold(name.Name, "envVars") && i < len(v.Values) {
							collectStrings(v.Values[i], found)
						}
					}
				case *ast.AssignStmt:
					for i, lhs := range v.Lhs {
						if id, ok := lhs.(*ast.Ident); ok && strings.EqualFold(id.Name, "envVars") && i < len(v.Rhs) {
							collectStrings(v.Rhs[i], found)
						}
					}
				}
				return true
			})
		}
	}

	// Pass 2: calls of the helpers (by function name, in any package).
	if len(wrappers) > 0 {
		for dir, files := range pkgs {
			for _, f := range files {
				ast.Inspect(f, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					var name string
					switch fn := call.Fun.(type) {
					case *ast.Ident:
						name = fn.Name
					case *ast.SelectorExpr:
						name = fn.Sel.Name
					default:
						return true
					}
					for _, w := range wrappers {
						if w.name == name && w.arg < len(call.Args) {
							if s, ok := resolve(dir, call.Args[w.arg]); ok {
								found[s] = true
							}
						}
					}
					return true
				})
			}
		}
	}
	return found, nil
}

// isEnvRead reports whether call is os.Getenv(...) or os.LookupEnv(...).
func isEnvRead(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "os" && (sel.Sel.Name == "Getenv" || sel.Sel.Name == "LookupEnv")
}

func paramNames(fn *ast.FuncDecl) map[string]int {
	out := map[string]int{}
	i := 0
	for _, field := range fn.Type.Params.List {
		if len(field.Names) == 0 {
			i++
			continue
		}
		for _, n := range field.Names {
			out[n.Name] = i
			i++
		}
	}
	return out
}

// stringConsts returns the package-level string constants of files.
func stringConsts(files []*ast.File) map[string]string {
	out := map[string]string{}
	for _, f := range files {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if s, err := strconv.Unquote(lit.Value); err == nil {
							out[name.Name] = s
						}
					}
				}
			}
		}
	}
	return out
}

func collectStrings(e ast.Expr, into map[string]bool) {
	ast.Inspect(e, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil {
				into[s] = true
			}
		}
		return true
	})
}

// Sorted returns the keys of set in order.
func Sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ModuleRoot returns the nearest directory at or above dir holding go.mod.
func ModuleRoot(dir string) (string, error) {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("compose: no go.mod above %s", dir)
		}
		dir = parent
	}
}
