// Package testenv tells tests where the private test services run.
//
// scripts/services.sh start (or `make services`) starts a real Apache Kafka
// broker (KRaft) and a ClickHouse 18.16 server on free loopback ports, fetches
// libchdb, and writes their addresses to .services/env at the module root.
// Each helper here reads its variable from the environment and, when it is
// unset, from that file, so `go test ./...` works after `make services`
// without sourcing anything. When a service is missing the test is skipped,
// except under CI=true, where a missing service is a failure: CI must start
// them (scripts/services.sh start).
package testenv

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Variable names written to .services/env.
const (
	EnvKafka          = "DEALWATCH_TEST_KAFKA"           // host:port of the Kafka broker
	EnvClickHouse     = "DEALWATCH_TEST_CLICKHOUSE"      // host:port, native protocol
	EnvClickHouseHTTP = "DEALWATCH_TEST_CLICKHOUSE_HTTP" // host:port, HTTP interface
	EnvCHDB           = "CHDB_LIB_PATH"                  // absolute path of libchdb.so
)

// EnvFile is the env file that scripts/services.sh writes, relative to the module root.
const EnvFile = ".services/env"

// Kafka returns the bootstrap address (host:port) of the test Kafka broker.
func Kafka(t testing.TB) string {
	t.Helper()
	return need(t, EnvKafka, "Kafka")
}

// ClickHouse returns the native-protocol address (host:port) of the test
// ClickHouse 18.16 server.
func ClickHouse(t testing.TB) string {
	t.Helper()
	return need(t, EnvClickHouse, "ClickHouse")
}

// ClickHouseHTTP returns the HTTP address (host:port) of the test ClickHouse server.
func ClickHouseHTTP(t testing.TB) string {
	t.Helper()
	return need(t, EnvClickHouseHTTP, "ClickHouse (HTTP)")
}

// CHDB returns the path of libchdb.so (CHDB_LIB_PATH).
func CHDB(t testing.TB) string {
	t.Helper()
	return need(t, EnvCHDB, "libchdb")
}

// Lookup returns the value of name from the environment or, when unset
// there, from the module's .services/env.
func Lookup(name string) (string, bool) {
	if v := os.Getenv(name); v != "" {
		return v, true
	}
	root, err := ModuleRoot()
	if err != nil {
		return "", false
	}
	vars, err := ReadEnvFile(filepath.Join(root, EnvFile))
	if err != nil {
		return "", false
	}
	v, ok := vars[name]
	return v, ok && v != ""
}

func need(t testing.TB, name, what string) string {
	t.Helper()
	if v, ok := Lookup(name); ok {
		return v
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not set: CI must start services (scripts/services.sh start)", name)
	}
	t.Skipf("%s not running (%s unset): run `make services`", what, name)
	return ""
}

// ErrNoModule is returned by ModuleRoot when no go.mod is found above the
// working directory.
var ErrNoModule = errors.New("testenv: go.mod not found")

// ModuleRoot returns the nearest directory at or above the working
// directory that holds go.mod (go test runs tests in their package dir).
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("testenv: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNoModule
		}
		dir = parent
	}
}

// ReadEnvFile parses a file of shell assignments as written by
// scripts/services.sh: `export NAME=value` or `NAME=value` lines, blank
// lines and # comments. Values may be single- or double-quoted.
func ReadEnvFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("testenv: %w", err)
	}
	defer f.Close()
	vars := make(map[string]string)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimSpace(strings.TrimPrefix(line, "export "))
		name, value, ok := strings.Cut(line, "=")
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return nil, fmt.Errorf("testenv: %s:%d: not an assignment: %q", path, n, sc.Text())
		}
		if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
			value = value[1 : len(value)-1]
		}
		vars[name] = value
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("testenv: read %s: %w", path, err)
	}
	return vars, nil
}
