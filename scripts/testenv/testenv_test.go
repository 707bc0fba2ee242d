package testenv_test

import (
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/dealwatch/dealwatch/scripts/testenv"
)

func TestReadEnvFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "env")
	content := "# written by scripts/services.sh\n\n" +
		"export DEALWATCH_TEST_KAFKA=127.0.0.1:1234\n" +
		"DEALWATCH_TEST_CLICKHOUSE='127.0.0.1:9000'\n" +
		"export CHDB_LIB_PATH=\"/a b/libchdb.so\"\n" +
		"export EMPTY=\n"
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := testenv.ReadEnvFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"DEALWATCH_TEST_KAFKA":      "127.0.0.1:1234",
		"DEALWATCH_TEST_CLICKHOUSE": "127.0.0.1:9000",
		"CHDB_LIB_PATH":             "/a b/libchdb.so",
		"EMPTY":                     "",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ReadEnvFile = %v, want %v", got, want)
	}
}

func TestReadEnvFileRejectsGarbage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "env")
	if err := os.WriteFile(path, []byte("export OK=1\nthis is not an assignment\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := testenv.ReadEnvFile(path); err == nil {
		t.Fatal("ReadEnvFile accepted a line without '='")
	}
}

func TestModuleRoot(t *testing.T) {
	root, err := testenv.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "scripts", "services.sh")); err != nil {
		t.Fatalf("ModuleRoot() = %s, which has no scripts/services.sh: %v", root, err)
	}
}

func TestLookupPrefersEnvironment(t *testing.T) {
	t.Setenv(testenv.EnvKafka, "10.1.2.3:9")
	if v, ok := testenv.Lookup(testenv.EnvKafka); !ok || v != "10.1.2.3:9" {
		t.Fatalf("Lookup = %q, %v; want the environment's value", v, ok)
	}
}

func TestEphemeralStart(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		content string
		want    int
	}{
		{"40000\t60999\n", 40000},
		{"32768 60999", 32768},
		{"1024 65535\n", 32768}, // would leave no room below: the default
		{"10500 60999\n", 32768},
		{"11000 60999\n", 11000},
		{"garbage\n", 32768},
		{"", 32768},
	} {
		path := filepath.Join(dir, "range")
		if err := os.WriteFile(path, []byte(c.content), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := testenv.EphemeralStart(path); got != c.want {
			t.Errorf("EphemeralStart(%q) = %d, want %d", c.content, got, c.want)
		}
	}
	if got := testenv.EphemeralStart(filepath.Join(dir, "missing")); got != 32768 {
		t.Errorf("EphemeralStart(missing file) = %d, want 32768", got)
	}
}

func TestRestartableAddrIsFreeAndBelowTheEphemeralRange(t *testing.T) {
	hi := testenv.EphemeralStart(testenv.EphemeralRangeFile)
	for range 20 {
		addr := testenv.RestartableAddr(t)
		host, portText, err := net.SplitHostPort(addr)
		if err != nil {
			t.Fatal(err)
		}
		port, err := strconv.Atoi(portText)
		if err != nil {
			t.Fatal(err)
		}
		if host != "127.0.0.1" || port < 10000 || port >= hi {
			t.Fatalf("RestartableAddr = %s, want 127.0.0.1 with a port in [10000, %d)", addr, hi)
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Fatalf("RestartableAddr gave %s, which cannot be bound: %v", addr, err)
		}
		ln.Close()
	}
}
