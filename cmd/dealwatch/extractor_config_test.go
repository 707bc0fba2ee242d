package main

import (
	"bytes"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/extract"
)

// TestExtractorConfigFlags: the environment is the default, a flag
// replaces it; the version names the configuration.
func TestExtractorConfigFlags(t *testing.T) {
	parse := func(args ...string) extractorConfig {
		t.Helper()
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var c extractorConfig
		c.flags(fs)
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return c
	}
	t.Setenv(envGazetteer, "/etc/lexicon.yaml")
	t.Setenv(envDisableStages, "title, capacity")
	if c := parse(); c.gazetteer != "/etc/lexicon.yaml" || strings.Join(c.disable, ",") != "title,capacity" {
		t.Errorf("from the environment: %+v", c)
	}
	if c := parse("--disable-stage", "partnerref", "--disable-stage", "trainon,title", "--gazetteer", "x.yaml"); c.gazetteer != "x.yaml" || strings.Join(c.disable, ",") != "partnerref,trainon,title" {
		t.Errorf("flags over the environment: %+v", c)
	}

	if v := configuredVersion(nil, nil); v != extract.Version {
		t.Errorf("default configuration: version %q, want %q", v, extract.Version)
	}
	a := configuredVersion([]byte("orgs: []\n"), []string{"trainon", "partnerref", "trainon"})
	if !strings.HasPrefix(a, extract.Version+"+gaz.") || !strings.HasSuffix(a, "+no-partnerref+no-trainon") {
		t.Errorf("version %q", a)
	}
	if b := configuredVersion([]byte("orgs: [] \n"), []string{"partnerref", "trainon"}); b == a {
		t.Errorf("two lexicons, one version %q", a)
	}
}

// TestExtractorConfigRefusedAtStart: a bad stage name or lexicon file is a
// usage error (exit 2), from extract and, before waiting for Kafka, from
// extract-worker and run.
func TestExtractorConfigRefusedAtStart(t *testing.T) {
	t.Setenv("KAFKA_BROKERS", "127.0.0.1:1") // nothing listens: waiting for it would hang the test
	t.Setenv("CLICKHOUSE_ADDR", "127.0.0.1:1")
	t.Setenv(envGazetteer, "")
	t.Setenv(envDisableStages, "")
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"extract", "--disable-stage", "nosuch", "../../testdata/samples/01-openai-aws.txt"}, `unknown stage "nosuch"`},
		{[]string{"extract", "--gazetteer", t.TempDir() + "/missing.yaml", "../../testdata/samples/01-openai-aws.txt"}, "--gazetteer"},
		{[]string{"extract-worker", "--disable-stage", "nosuch"}, `unknown stage "nosuch"`},
		{[]string{"run", "--data", t.TempDir(), "--disable-stage", "nosuch"}, `unknown stage "nosuch"`},
		{[]string{"reextract", "--data", t.TempDir(), "--disable-stage", "partnerref"}, "only with --dry-run"},
	} {
		var stderr bytes.Buffer
		if code := realMain(c.args, strings.NewReader(""), io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), c.says) {
			t.Errorf("%v: exit %d, want 2 saying %q:\n%s", c.args, code, c.says, stderr.String())
		}
	}
}
