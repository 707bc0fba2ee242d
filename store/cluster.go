package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strings"
)

// Cluster mode: with CLICKHOUSE_CLUSTER set (chserver.Config.Cluster), the
// same migration files build a replicated, sharded schema. The files stay
// single-node SQL; the migrations runner rewrites each DDL statement:
//
//   - CREATE TABLE t (...) ENGINE = ReplacingMergeTree(v) becomes
//     t_local ON CLUSTER with ReplicatedReplacingMergeTree under
//     /clickhouse/tables/{shard}/<database>/t_local and replica {replica},
//     plus t ON CLUSTER AS t_local ENGINE = Distributed(<cluster>,
//     <database>, t_local, cityHash64(<shard key>)). Every reader and
//     writer keeps using t, so the sink, the views and analysts go through
//     the Distributed table without knowing about shards.
//   - CREATE VIEW, DROP TABLE and ALTER TABLE get ON CLUSTER (ALTER on
//     t_local, where the data is; DROP of a sharded table drops both).
//   - every name of a table or view the migrations create is qualified
//     with the database (targets, and FROM/JOIN in view bodies): the nodes
//     run ON CLUSTER statements in their default database (18.16 does not
//     carry the initiator's current database).
//   - anything else that changes the schema is refused, so that a new
//     migration written in a form the rewriter does not know fails in the
//     cluster test instead of creating an object on one node only.
//
// Shard keys: events by deal_id, so every mention and version of one deal
// meets on one shard (FINAL and the deal views are correct per shard);
// any other table by its ORDER BY columns (its identity), so the versions
// of one row meet on one shard.

// Clustered is an engine that runs on a ClickHouse cluster; Cluster returns
// the cluster name from the server's remote_servers, or "" on one node.
type Clustered interface {
	Cluster() string
}

// ClusterOf returns e's cluster, or "" when e is a single node (chDB, or a
// server without CLICKHOUSE_CLUSTER).
func ClusterOf(e any) string {
	if c, ok := e.(Clustered); ok {
		return c.Cluster()
	}
	return ""
}

// LocalSuffix names the replicated table behind each Distributed table.
const LocalSuffix = "_local"

// shardKeys are the sharding columns of tables that are not sharded by
// their ORDER BY columns.
var shardKeys = map[string]string{"events": "deal_id"}

// ErrClusterDDL is returned for a migration statement that cluster mode
// cannot rewrite.
var ErrClusterDDL = errors.New("store: statement has no cluster form")

var (
	reCreateTable = regexp.MustCompile(`(?is)^CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)\s*ENGINE\s*=\s*(Replacing)?MergeTree\s*\(\s*([A-Za-z0-9_]*)\s*\)(.*)$`)
	reOrderBy     = regexp.MustCompile(`(?is)ORDER\s+BY\s+(?:\(([A-Za-z0-9_,\s]+)\)|([A-Za-z_][A-Za-z0-9_]*))`)
	reCreateView  = regexp.MustCompile(`(?is)^CREATE\s+VIEW\s+(IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*)\s+AS\s`)
	reDropTable   = regexp.MustCompile(`(?is)^DROP\s+TABLE\s+(IF\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*$`)
	reAlterTable  = regexp.MustCompile(`(?is)^ALTER\s+TABLE\s+([A-Za-z_][A-Za-z0-9_]*)\s+(.*)$`)
	reDDL         = regexp.MustCompile(`(?is)^(CREATE|DROP|ALTER|RENAME|TRUNCATE|ATTACH|DETACH|OPTIMIZE)\s`)
	reLeadComment = regexp.MustCompile(`^(\s*--[^\n]*\n|\s+)*`)
	reFromJoin    = regexp.MustCompile(`(?i)\b(FROM|JOIN)(\s+)([A-Za-z_][A-Za-z0-9_]*)\b`)
)

// clusterRewriter turns single-node DDL into its cluster form.
type clusterRewriter struct {
	cluster, database string
	// sharded records the tables made Distributed over a _local table, so
	// that later ALTER and DROP statements address both.
	sharded map[string]bool
	// objects are the tables and views created so far, whose names are
	// qualified wherever a view reads them.
	objects map[string]bool
}

func newClusterRewriter(cluster, database string) *clusterRewriter {
	return &clusterRewriter{cluster: cluster, database: database, sharded: map[string]bool{}, objects: map[string]bool{}}
}

// q qualifies name with the database.
func (r *clusterRewriter) q(name string) string {
	if r.database == "" {
		return name
	}
	return r.database + "." + name
}

// qualifyReads qualifies the known objects a query reads (FROM x, JOIN x).
func (r *clusterRewriter) qualifyReads(sql string) string {
	return reFromJoin.ReplaceAllStringFunc(sql, func(m string) string {
		p := reFromJoin.FindStringSubmatch(m)
		if !r.objects[p[3]] {
			return m
		}
		return p[1] + p[2] + r.q(p[3])
	})
}

// statement rewrites one statement (no trailing semicolon).
func (r *clusterRewriter) statement(stmt string) ([]string, error) {
	lead := reLeadComment.FindString(stmt)
	body := strings.TrimSpace(stmt[len(lead):])
	on := " ON CLUSTER " + r.cluster
	if m := reCreateTable.FindStringSubmatch(body); m != nil {
		ifne, name, cols, replacing, ver, rest := m[1], m[2], m[3], m[4], m[5], m[6]
		key := shardKeys[name]
		if key == "" {
			ob := reOrderBy.FindStringSubmatch(rest)
			if ob == nil {
				return nil, fmt.Errorf("%w: CREATE TABLE %s has no ORDER BY columns to shard by", ErrClusterDDL, name)
			}
			key = strings.Join(strings.Fields(ob[1]+ob[2]), " ")
		}
		local := name + LocalSuffix
		engine := "ReplicatedMergeTree"
		if replacing != "" {
			engine = "ReplicatedReplacingMergeTree"
		}
		args := fmt.Sprintf("'/clickhouse/tables/{shard}/%s/%s', '{replica}'", r.database, local)
		if ver != "" {
			args += ", " + ver
		}
		r.sharded[name], r.objects[name] = true, true
		return []string{
			fmt.Sprintf("%sCREATE TABLE %s%s%s (%s) ENGINE = %s(%s)%s", lead, ifne, r.q(local), on, cols, engine, args, rest),
			fmt.Sprintf("CREATE TABLE %s%s%s AS %s ENGINE = Distributed(%s, %s, %s, cityHash64(%s))",
				ifne, r.q(name), on, r.q(local), r.cluster, r.database, local, key),
		}, nil
	}
	if m := reCreateView.FindStringSubmatchIndex(body); m != nil {
		// Qualify the view's name, put ON CLUSTER after it, qualify what it reads.
		name := body[m[4]:m[5]]
		out := lead + body[:m[4]] + r.q(name) + on + r.qualifyReads(body[m[5]:])
		r.objects[name] = true
		return []string{out}, nil
	}
	if m := reDropTable.FindStringSubmatch(body); m != nil {
		out := []string{fmt.Sprintf("%sDROP TABLE %s%s%s", lead, m[1], r.q(m[2]), on)}
		if r.sharded[m[2]] {
			out = append(out, fmt.Sprintf("DROP TABLE %s%s%s", m[1], r.q(m[2]+LocalSuffix), on))
		}
		return out, nil
	}
	if m := reAlterTable.FindStringSubmatch(body); m != nil {
		name := m[1]
		if r.sharded[name] {
			name += LocalSuffix
		}
		return []string{fmt.Sprintf("%sALTER TABLE %s%s %s", lead, r.q(name), on, m[2])}, nil
	}
	if reDDL.MatchString(body) {
		return nil, fmt.Errorf("%w: %.60s", ErrClusterDDL, body)
	}
	return []string{stmt}, nil
}

// file rewrites a goose migration file statement by statement. Statements
// end with a semicolon at the end of a line (goose's own rule); goose
// annotations and blank lines pass through.
func (r *clusterRewriter) file(src []byte) ([]byte, error) {
	var out, cur bytes.Buffer
	for _, line := range strings.SplitAfter(string(src), "\n") {
		trimmed := strings.TrimSpace(line)
		if cur.Len() == 0 && (strings.HasPrefix(trimmed, "-- +goose") || trimmed == "") {
			out.WriteString(line)
			continue
		}
		cur.WriteString(line)
		if !strings.HasSuffix(trimmed, ";") {
			continue
		}
		stmt := strings.TrimSuffix(strings.TrimRight(cur.String(), " \t\r\n"), ";")
		cur.Reset()
		if strings.TrimSpace(reLeadComment.ReplaceAllString(stmt, "")) == "" {
			out.WriteString(stmt + ";\n")
			continue
		}
		stmts, err := r.statement(stmt)
		if err != nil {
			return nil, err
		}
		for _, s := range stmts {
			out.WriteString(s + ";\n")
		}
	}
	out.Write(cur.Bytes())
	return out.Bytes(), nil
}

// clusterFS serves the migration files in their cluster form. Files are
// rewritten in name order when first opened (goose reads them all before
// running any), so that a later file knows the tables an earlier one
// sharded.
type clusterFS struct {
	fs.FS
	files map[string][]byte
}

func newClusterFS(src fs.FS, cluster, database string) (*clusterFS, error) {
	names, err := fs.Glob(src, "*.sql")
	if err != nil {
		return nil, err
	}
	rw := newClusterRewriter(cluster, database)
	c := &clusterFS{FS: src, files: map[string][]byte{}}
	for _, n := range names { // fs.Glob returns names sorted
		raw, err := fs.ReadFile(src, n)
		if err != nil {
			return nil, err
		}
		if c.files[n], err = rw.file(raw); err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
	}
	return c, nil
}

func (c *clusterFS) Open(name string) (fs.File, error) {
	raw, ok := c.files[name]
	if !ok {
		return c.FS.Open(name)
	}
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	f.Close()
	if err != nil {
		return nil, err
	}
	return &memFile{Reader: bytes.NewReader(raw), info: sizedInfo{FileInfo: st, size: int64(len(raw))}}, nil
}

// ReadFile makes fs.ReadFile return the rewritten text.
func (c *clusterFS) ReadFile(name string) ([]byte, error) {
	if raw, ok := c.files[name]; ok {
		return bytes.Clone(raw), nil
	}
	return fs.ReadFile(c.FS, name)
}

type memFile struct {
	*bytes.Reader
	info fs.FileInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

var _ io.ReadSeeker = (*memFile)(nil)

type sizedInfo struct {
	fs.FileInfo
	size int64
}

func (s sizedInfo) Size() int64 { return s.size }

// ClusterDDL returns stmt in the form e needs: unchanged on a single node,
// with ON CLUSTER (and on the _local table of a sharded table) on a
// cluster. Go migrations pass their DDL through it.
func ClusterDDL(ctx context.Context, e Engine, stmt string) (string, error) {
	cluster := ClusterOf(e)
	if cluster == "" {
		return stmt, nil
	}
	db, err := currentDatabase(ctx, e)
	if err != nil {
		return "", err
	}
	rw := newClusterRewriter(cluster, db)
	if m := reAlterTable.FindStringSubmatch(strings.TrimSpace(stmt)); m != nil {
		r, err := e.Query(ctx, "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = ?", m[1]+LocalSuffix)
		if err != nil {
			return "", fmt.Errorf("store: cluster DDL: %w", err)
		}
		rw.sharded[m[1]] = len(r.Rows) == 1 && r.Rows[0][0] == uint64(1)
	}
	out, err := rw.statement(stmt)
	if err != nil {
		return "", err
	}
	if len(out) != 1 {
		return "", fmt.Errorf("%w: %.60s (expands to %d statements)", ErrClusterDDL, stmt, len(out))
	}
	return out[0], nil
}

// optimizeFinal merges away exact doubles of table: OPTIMIZE ... FINAL on
// one node. On a cluster the rows live in table_local on every shard, and
// the Distributed table has no OPTIMIZE: the statement goes to every node
// (ON CLUSTER). 18.16 answers that with an error from replicas that are
// not their shard's leader although the leaders merged; and a node may be
// down. A failure there is logged, not retried: the doubles it leaves are
// copies of one version, which FINAL (every view) already shows once and
// the background merges remove.
func optimizeFinal(ctx context.Context, st interface {
	Exec(ctx context.Context, query string, args ...any) error
}, table string, warn func(msg string, args ...any)) error {
	cluster := ClusterOf(st)
	if cluster == "" {
		return st.Exec(ctx, "OPTIMIZE TABLE "+table+" FINAL")
	}
	if err := st.Exec(ctx, "OPTIMIZE TABLE "+table+LocalSuffix+" ON CLUSTER "+cluster+" FINAL"); err != nil {
		warn("optimize on the cluster incomplete; FINAL reads hide the doubles until the merges remove them", "table", table, "err", err)
	}
	return nil
}
