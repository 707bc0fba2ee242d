package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/schemas"
)

// Environment variables of the extractor's configuration (the flags'
// defaults), so that every stage of a deployment can be given the same.
const (
	envGazetteer     = "DEALWATCH_GAZETTEER"
	envDisableStages = "DEALWATCH_DISABLE_STAGES"
)

// extractorConfig is the extractor's configuration as every command that
// extracts takes it (extract, extract-worker, run, reextract --dry-run):
// the organisation lexicon and the optional stages switched off
// (extract.Options.Gazetteer, extract.Options.Disable). All the workers of
// one pipeline and the `dealwatch extract` an analyst compares with must
// get the same, or an article's events depend on which worker read it.
type extractorConfig struct {
	gazetteer string   // lexicon file; "" = the embedded extract/gazetteer.yaml
	disable   []string // extract.Stages switched off
	flagged   bool     // --disable-stage was given (it replaces the environment's list)
}

// flags registers --gazetteer and --disable-stage, with the environment
// as their defaults.
func (c *extractorConfig) flags(fs *flag.FlagSet) {
	c.gazetteer = os.Getenv(envGazetteer)
	c.disable = splitStages(os.Getenv(envDisableStages))
	fs.StringVar(&c.gazetteer, "gazetteer", c.gazetteer,
		"organisation lexicon `FILE` replacing the embedded one (format of extract/gazetteer.yaml; env "+envGazetteer+")")
	fs.Func("disable-stage", "switch off the optional extraction stage `NAME`: "+strings.Join(extract.Stages, ", ")+
		" (repeatable or comma-separated; env "+envDisableStages+")", func(s string) error {
		if !c.flagged {
			c.flagged, c.disable = true, nil
		}
		c.disable = append(c.disable, splitStages(s)...)
		return nil
	})
}

func splitStages(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// configuredExtractor is the extractor with a configuration; its events
// carry version as extractor_version.
type configuredExtractor struct {
	*extract.Extractor
	version string
}

// Extract extracts a's events and stamps them with the configured version
// (the content hash leaves extractor_version out, so an event a
// configuration does not change stays as it is).
func (x configuredExtractor) Extract(ctx context.Context, a schemas.Article) ([]schemas.DealEvent, error) {
	evs, err := x.Extractor.Extract(ctx, a)
	for i := range evs {
		evs[i].ExtractorVersion = x.version
	}
	return evs, err
}

// build returns the extractor of o with c applied. A bad file or stage
// name is a usage error, found at start.
func (c extractorConfig) build(o extract.Options) (configuredExtractor, error) {
	var raw []byte
	if c.gazetteer != "" {
		var err error
		if raw, err = os.ReadFile(c.gazetteer); err != nil {
			return configuredExtractor{}, fmt.Errorf("%w: --gazetteer: %v", errUsage, err)
		}
		o.Gazetteer = raw
	}
	o.Disable = c.disable
	x, err := extract.NewWithOptions(o)
	if err != nil {
		return configuredExtractor{}, fmt.Errorf("%w: extractor configuration: %v", errUsage, err)
	}
	return configuredExtractor{Extractor: x, version: configuredVersion(raw, c.disable)}, nil
}

// configuredVersion names a configuration in extractor_version, so the
// provenance view tells events of a changed configuration from the
// release's: extract.Version, then "+gaz.<8 hex of the lexicon's SHA-256>"
// when a lexicon file was given and "+no-<stage>" per stage switched off
// (sorted), e.g. dealwatch-extract/1.3.0+gaz.3f2a9c1e+no-partnerref. The
// default configuration is extract.Version itself.
func configuredVersion(gazetteer []byte, disable []string) string {
	v := extract.Version
	if gazetteer != nil {
		sum := sha256.Sum256(gazetteer)
		v += "+gaz." + hex.EncodeToString(sum[:4])
	}
	d := slices.Clone(disable)
	slices.Sort(d)
	for _, s := range slices.Compact(d) {
		v += "+no-" + s
	}
	return v
}
