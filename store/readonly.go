package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// The read-only query path (the query endpoint of `dealwatch run`, and
// `dealwatch sql`/`timeline`/`graph` on an engine opened directly) rests on
// the engine, not on reading the SQL text here:
//
//  1. The arguments are bound first, so the engine sees exactly the text
//     that will run.
//  2. The engine parses it as exactly one statement and prints its syntax
//     tree (chDB: formatQuery, then EXPLAIN AST of the engine's own
//     rendering; ClickHouse 18.16: `AST <query>`; newer servers: EXPLAIN AST).
//     Comments, heredocs, escapes and unicode quotes are the engine's
//     business: whatever it parsed is what the tree shows.
//  3. The tree is checked: a SELECT (UNION/INTERSECT included), SHOW TABLES
//     or DESCRIBE at the root, no INTO OUTFILE or FORMAT, no SETTINGS of the
//     caller's, and no table function that reaches outside the database.
//  4. The statement runs with readonly=1 set by us where the caller cannot
//     change it: as a per-query setting of the native protocol (servers),
//     or as the outermost SETTINGS clause of the engine's own rendering
//     (chDB's C API has no per-query settings); in both the engine refuses
//     writes, DDL and any later change of readonly.

// ErrNotOneStatement is wrapped with the engine's message when it cannot
// parse the text as exactly one statement.
var ErrNotOneStatement = fmt.Errorf("%w: the engine did not take it as one read-only statement", ErrReadOnly)

// ReadOnlyPlan is a statement as the engine parsed it.
type ReadOnlyPlan struct {
	// Statement is the text the engine will run.
	Statement string
	// AST is the engine's syntax tree of Statement, one node per line in
	// EXPLAIN AST form: root first, one space of indent per level.
	AST []string
	// EngineSettings reports that Statement ends with the engine's own
	// outermost `SETTINGS readonly = 1` (the tree's single Set node, a child
	// of the root); without it the engine applies readonly=1 out of band.
	EngineSettings bool
}

// ReadOnlyEngine is what the read-only path needs from an engine.
type ReadOnlyEngine interface {
	// PlanReadOnly has the engine parse query as exactly one statement.
	PlanReadOnly(ctx context.Context, query string) (ReadOnlyPlan, error)
	// RunReadOnly runs a planned statement with readonly=1 in force.
	RunReadOnly(ctx context.Context, p ReadOnlyPlan) (*Result, error)
}

// ReadOnlyQuerier answers analyst queries on an engine through the
// read-only path. It is safe for concurrent use.
type ReadOnlyQuerier struct {
	e ReadOnlyEngine

	mu        sync.Mutex
	tableFuns map[string]bool // the engine's table functions, lower case
}

// NewReadOnly returns the read-only querier of e, or an error when the
// engine cannot enforce read-only itself.
func NewReadOnly(e Engine) (*ReadOnlyQuerier, error) {
	ro, ok := e.(ReadOnlyEngine)
	if !ok {
		return nil, fmt.Errorf("store: engine %s cannot run read-only queries", e.Name())
	}
	return &ReadOnlyQuerier{e: ro}, nil
}

// Query implements Querier: bind, let the engine parse, check the tree,
// run with readonly=1.
func (q *ReadOnlyQuerier) Query(ctx context.Context, query string, args ...any) (*Result, error) {
	bound, err := Bind(query, args...)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(bound) == "" {
		return nil, fmt.Errorf("%w: empty query", ErrReadOnly)
	}
	p, err := q.e.PlanReadOnly(ctx, bound)
	if err != nil {
		return nil, err
	}
	funs, err := q.tableFunctions(ctx)
	if err != nil {
		return nil, err
	}
	if err := CheckTree(p, funs); err != nil {
		return nil, err
	}
	return q.e.RunReadOnly(ctx, p)
}

// tableFunctions asks the engine once for its table functions
// (system.table_functions), through the read-only path itself.
func (q *ReadOnlyQuerier) tableFunctions(ctx context.Context) (map[string]bool, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.tableFuns != nil {
		return q.tableFuns, nil
	}
	p, err := q.e.PlanReadOnly(ctx, "SELECT name FROM system.table_functions")
	if err != nil {
		return nil, fmt.Errorf("store: table functions: %w", err)
	}
	if err := CheckTree(p, nil); err != nil {
		return nil, fmt.Errorf("store: table functions: %w", err)
	}
	r, err := q.e.RunReadOnly(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("store: table functions: %w", err)
	}
	funs := map[string]bool{}
	for _, name := range outsideTableFunctions {
		funs[name] = true
	}
	for _, row := range r.Rows {
		if s, ok := row[0].(string); ok {
			funs[strings.ToLower(s)] = true
		}
	}
	q.tableFuns = funs
	return funs, nil
}

// outsideTableFunctions reach files, URLs, processes or other servers. They
// are refused wherever they appear (as a table, or as a function of the
// same name, like file()), whether or not this engine has them.
var outsideTableFunctions = []string{
	"url", "urlcluster", "file", "filecluster", "remote", "remotesecure", "cluster", "clusterallreplicas",
	"s3", "s3cluster", "gcs", "oss", "cosn", "azureblobstorage", "azureblobstoragecluster",
	"hdfs", "hdfscluster", "mysql", "postgresql", "sqlite", "mongodb", "redis", "jdbc", "odbc",
	"executable", "input", "catboostpool", "deltalake", "hudi", "iceberg", "icebergs3", "ytsaurus",
}

// localTableFunctions read nothing outside the database: they generate or
// parse values given in the query.
var localTableFunctions = map[string]bool{
	"numbers": true, "numbers_mt": true, "zeros": true, "zeros_mt": true, "values": true,
	"generate_series": true, "generateseries": true, "format": true, "view": true,
}

// astNode is one line of an EXPLAIN AST dump.
type astNode struct {
	depth int
	kind  string // SelectWithUnionQuery, Function, Set, ...
	name  string // a Function's name
	kids  int    // "(children N)", 0 when absent
}

func parseAST(lines []string) []astNode {
	nodes := make([]astNode, 0, len(lines))
	for _, l := range lines {
		body := strings.TrimLeft(l, " ")
		n := astNode{depth: len(l) - len(body)}
		n.kind, body, _ = strings.Cut(body, " ")
		if n.kind == "Function" {
			n.name, _, _ = strings.Cut(body, " ")
		}
		if i := strings.LastIndex(l, "(children "); i >= 0 {
			_, _ = fmt.Sscanf(l[i:], "(children %d)", &n.kids)
		}
		nodes = append(nodes, n)
	}
	return nodes
}

// CheckTree checks the engine's syntax tree of a statement: exactly one
// SELECT, SHOW TABLES or DESCRIBE; no INTO OUTFILE, FORMAT or SETTINGS of
// the caller's; no table function that reaches outside the database
// (tableFuns holds the engine's table function names, lower case; names
// in it are refused anywhere but numbers-like local ones, and the known
// outside-reaching ones always).
//
// Every check holds against a tree padded with spoofed lines (an alias
// with a newline prints as several lines): the checks either read the
// root line, or refuse when some line is present, or count lines.
func CheckTree(p ReadOnlyPlan, tableFuns map[string]bool) error {
	nodes := parseAST(p.AST)
	if len(nodes) == 0 {
		return fmt.Errorf("%w: the engine returned no syntax tree", ErrReadOnly)
	}
	root := nodes[0]
	if root.depth != 0 {
		return fmt.Errorf("%w: malformed syntax tree", ErrReadOnly)
	}
	sets := 0
	for _, n := range nodes {
		switch n.kind {
		case "Set":
			sets++
		case "Function":
			name := strings.ToLower(n.name)
			if slices.Contains(outsideTableFunctions, name) {
				return fmt.Errorf("%w: %s() reaches outside the database", ErrReadOnly, n.name)
			}
			if tableFuns[name] && !localTableFunctions[name] {
				return fmt.Errorf("%w: table function %s()", ErrReadOnly, n.name)
			}
		}
	}
	// Children of the root the statement itself has (the engine's own Set
	// is the last).
	own := root.kids
	wantSets := 0
	if p.EngineSettings {
		wantSets = 1
		last := nodes[len(nodes)-1]
		if last.kind != "Set" || last.depth != 1 {
			return fmt.Errorf("%w: readonly is not the outermost setting", ErrReadOnly)
		}
		own--
	}
	if sets != wantSets {
		return fmt.Errorf("%w: SETTINGS in the query (readonly is set by the engine)", ErrReadOnly)
	}
	switch root.kind {
	case "SelectWithUnionQuery":
		// One child: the list of selects. A second is INTO OUTFILE or FORMAT.
		if own != 1 {
			return fmt.Errorf("%w: INTO OUTFILE or FORMAT", ErrReadOnly)
		}
	case "ShowTables", "DescribeQuery":
		// Their own children: none, or the described table. Anything at
		// depth 1 other than that is INTO OUTFILE or FORMAT.
		for _, n := range nodes[1:] {
			if n.depth == 1 && n.kind != "TableExpression" && n.kind != "Set" {
				return fmt.Errorf("%w: INTO OUTFILE or FORMAT", ErrReadOnly)
			}
		}
	default:
		return fmt.Errorf("%w: %s statement (only SELECT, WITH, SHOW TABLES and DESCRIBE)", ErrReadOnly, root.kind)
	}
	return nil
}
