package main

import (
	"context"
	"fmt"
	"io/fs"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
)

// runVersion prints the binary version (module version, else the VCS
// revision the binary was built from), the extractor version written into
// every event, and the schema versions: the Kafka message contracts and
// the newest ClickHouse migration.
func runVersion(_ context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "version")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}
	migration, err := latestMigration()
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "dealwatch %s\n", binaryVersion())
	fmt.Fprintf(env.stdout, "extractor %s\n", extract.Version)
	fmt.Fprintf(env.stdout, "schema    %s, %s, clickhouse migration %s\n", schemas.ArticleVersion, schemas.DealEventVersion, migration)
	return nil
}

// binaryVersion is the main module's version when built from a module
// (go install ...@v1.2.3), else the VCS revision and whether the tree had
// uncommitted changes (go build in a checkout), else "devel".
func binaryVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	var rev, at, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if strings.Contains(v, rev) { // a pseudo-version names the commit already
			v += strings.TrimPrefix(modified, ",")
		} else {
			v += fmt.Sprintf(" (commit %s %s%s)", rev, at, modified)
		}
	}
	return v + " " + bi.GoVersion
}

// latestMigration is the version prefix of the newest embedded migration.
func latestMigration() (string, error) {
	fsys, err := store.MigrationsFS()
	if err != nil {
		return "", err
	}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil || len(names) == 0 {
		return "", fmt.Errorf("no embedded migrations: %v", err)
	}
	sort.Strings(names)
	last := names[len(names)-1]
	v, _, _ := strings.Cut(last, "_")
	return v, nil
}
