package dashboards

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/storetest"
)

type target struct {
	RefID      string            `json:"refId"`
	Datasource map[string]string `json:"datasource"`
	RawSQL     string            `json:"rawSql"`
	Format     int               `json:"format"`
	QueryType  string            `json:"queryType"`
}

type override struct {
	Matcher struct {
		ID      string `json:"id"`
		Options string `json:"options"`
	} `json:"matcher"`
	Properties []struct {
		ID    string          `json:"id"`
		Value json.RawMessage `json:"value"`
	} `json:"properties"`
}

type panel struct {
	ID          int               `json:"id"`
	Title       string            `json:"title"`
	Type        string            `json:"type"`
	Datasource  map[string]string `json:"datasource"`
	Targets     []target          `json:"targets"`
	FieldConfig struct {
		Overrides []override `json:"overrides"`
	} `json:"fieldConfig"`
	Options map[string]any `json:"options"`
}

type variable struct {
	Name       string            `json:"name"`
	Type       string            `json:"type"`
	Datasource map[string]string `json:"datasource"`
	Query      json.RawMessage   `json:"query"`
	Current    struct {
		Value string `json:"value"`
	} `json:"current"`
}

type dashboard struct {
	UID        string  `json:"uid"`
	Title      string  `json:"title"`
	Panels     []panel `json:"panels"`
	Templating struct {
		List []variable `json:"list"`
	} `json:"templating"`
}

func (v variable) sql(t *testing.T) string {
	var s string
	if json.Unmarshal(v.Query, &s) == nil {
		return s
	}
	var q struct {
		RawSQL string `json:"rawSql"`
	}
	if err := json.Unmarshal(v.Query, &q); err != nil {
		t.Fatalf("variable %s: query: %v", v.Name, err)
	}
	return q.RawSQL
}

func loadYAML(t *testing.T, path string, dst any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	if err := dec.Decode(dst); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

type datasources struct {
	APIVersion  int `yaml:"apiVersion"`
	Datasources []struct {
		Name           string            `yaml:"name"`
		Type           string            `yaml:"type"`
		UID            string            `yaml:"uid"`
		JSONData       map[string]any    `yaml:"jsonData"`
		SecureJSONData map[string]string `yaml:"secureJsonData"`
	} `yaml:"datasources"`
}

type alerting struct {
	APIVersion int `yaml:"apiVersion"`
	Groups     []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			UID         string            `yaml:"uid"`
			Title       string            `yaml:"title"`
			Condition   string            `yaml:"condition"`
			Annotations map[string]string `yaml:"annotations"`
			Data        []struct {
				RefID             string `yaml:"refId"`
				DatasourceUID     string `yaml:"datasourceUid"`
				RelativeTimeRange struct {
					From int `yaml:"from"`
					To   int `yaml:"to"`
				} `yaml:"relativeTimeRange"`
				Model map[string]any `yaml:"model"`
			} `yaml:"data"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

// provisioning loads every file; it fails on any that does not parse.
func provisioning(t *testing.T) (map[string]bool, []dashboard, alerting) {
	t.Helper()
	uids := map[string]bool{}
	files, _ := filepath.Glob("provisioning/datasources/*.yaml")
	if len(files) == 0 {
		t.Fatal("no datasource provisioning")
	}
	for _, f := range files {
		var ds datasources
		loadYAML(t, f, &ds)
		for _, d := range ds.Datasources {
			if d.UID == "" || uids[d.UID] {
				t.Errorf("%s: datasource %q: missing or duplicate uid", f, d.Name)
			}
			uids[d.UID] = true
		}
	}
	files, _ = filepath.Glob("provisioning/dashboards/*.yaml")
	for _, f := range files {
		var p struct {
			Providers []struct {
				Type    string `yaml:"type"`
				Options struct {
					Path string `yaml:"path"`
				} `yaml:"options"`
			} `yaml:"providers"`
		}
		loadYAML(t, f, &p)
		if len(p.Providers) == 0 || p.Providers[0].Type != "file" || p.Providers[0].Options.Path == "" {
			t.Errorf("%s: no file provider with a path", f)
		}
	}
	var al alerting
	files, _ = filepath.Glob("provisioning/alerting/*.yaml")
	if len(files) == 0 {
		t.Fatal("no alerting provisioning")
	}
	for _, f := range files {
		var a alerting
		loadYAML(t, f, &a)
		al.Groups = append(al.Groups, a.Groups...)
	}
	var dashes []dashboard
	files, _ = filepath.Glob("json/*.json")
	if len(files) == 0 {
		t.Fatal("no dashboards")
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var d dashboard
		if err := json.Unmarshal(raw, &d); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		dashes = append(dashes, d)
	}
	return uids, dashes, al
}

func TestProvisioningParsesAndReferencesExist(t *testing.T) {
	uids, dashes, al := provisioning(t)
	var ds datasources
	loadYAML(t, "provisioning/datasources/clickhouse.yaml", &ds)
	ch := ds.Datasources[0]
	if ch.Type != "grafana-clickhouse-datasource" || ch.JSONData["username"] != "analyst" ||
		ch.JSONData["host"] != "clickhouse" || ch.SecureJSONData["password"] != "${CLICKHOUSE_ANALYST_PASSWORD}" {
		t.Errorf("clickhouse datasource: %+v", ch)
	}
	dashUIDs := map[string]map[int]bool{}
	for _, d := range dashes {
		if d.UID == "" || dashUIDs[d.UID] != nil {
			t.Errorf("dashboard %q: missing or duplicate uid", d.Title)
		}
		ids := map[int]bool{}
		dashUIDs[d.UID] = ids
		for _, p := range d.Panels {
			if ids[p.ID] {
				t.Errorf("%s: duplicate panel id %d", d.UID, p.ID)
			}
			ids[p.ID] = true
			if !uids[p.Datasource["uid"]] {
				t.Errorf("%s/%q: datasource uid %q not provisioned", d.UID, p.Title, p.Datasource["uid"])
			}
			if len(p.Targets) == 0 {
				t.Errorf("%s/%q: no query", d.UID, p.Title)
			}
			for _, tg := range p.Targets {
				if !uids[tg.Datasource["uid"]] {
					t.Errorf("%s/%q: target datasource uid %q not provisioned", d.UID, p.Title, tg.Datasource["uid"])
				}
				wantFormat := 1
				if p.Type == "timeseries" {
					wantFormat = 0
				}
				if tg.Format != wantFormat || strings.TrimSpace(tg.RawSQL) == "" {
					t.Errorf("%s/%q: format %d (want %d) or empty SQL", d.UID, p.Title, tg.Format, wantFormat)
				}
			}
		}
		for _, v := range d.Templating.List {
			if v.Type == "query" && !uids[v.Datasource["uid"]] {
				t.Errorf("%s: variable %s: datasource uid %q not provisioned", d.UID, v.Name, v.Datasource["uid"])
			}
		}
	}
	rules := 0
	for _, g := range al.Groups {
		for _, r := range g.Rules {
			rules++
			refs := map[string]bool{}
			for _, q := range r.Data {
				refs[q.RefID] = true
				if q.DatasourceUID != "__expr__" && !uids[q.DatasourceUID] {
					t.Errorf("rule %s: datasource uid %q not provisioned", r.UID, q.DatasourceUID)
				}
			}
			if !refs[r.Condition] {
				t.Errorf("rule %s: condition %s is not a query", r.UID, r.Condition)
			}
			if du := r.Annotations["__dashboardUid__"]; du != "" {
				if dashUIDs[du] == nil {
					t.Errorf("rule %s: dashboard %s does not exist", r.UID, du)
				}
			}
		}
	}
	if rules == 0 {
		t.Error("no alert rule")
	}
}

func TestExpandMacros(t *testing.T) {
	r := Range{From: time.Unix(1000, 0), To: time.Unix(2000, 0), Interval: 90 * time.Second, Vars: map[string]string{"org": "openai"}}
	got, err := Expand("SELECT $__timeInterval(toDateTime(t)) AS b, $__interval_s FROM x WHERE $__timeFilter(t) AND o = '${org}' AND p = '$org' AND $__fromTime < $__toTime", r)
	if err != nil {
		t.Fatal(err)
	}
	want := "SELECT toStartOfInterval(toDateTime(toDateTime(t)), INTERVAL 90 second) AS b, 90 FROM x WHERE t >= toDateTime(1000) AND t <= toDateTime(2000) AND o = 'openai' AND p = 'openai' AND toDateTime(1000) < toDateTime(2000)"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, bad := range []string{"SELECT $__nope", "SELECT $__timeFilter(a, b)", "SELECT $__timeFilter(a", "SELECT '$missing'"} {
		if _, err := Expand(bad, r); !errors.Is(err, ErrMacro) {
			t.Errorf("%q: err %v", bad, err)
		}
	}
}

// openCHDB opens chDB on the real schema with the ten-outlet fixture.
func openCHDB(t *testing.T) store.Engine {
	t.Helper()
	e := storetest.Embedded(t)
	storetest.Seed(t, e, storetest.Events(t, "../alert/testdata/outlets.jsonl"))
	return e
}

func isTime(typ string) bool {
	return strings.HasPrefix(typ, "DateTime") || strings.HasPrefix(typ, "Date") ||
		strings.HasPrefix(typ, "Nullable(DateTime") || strings.HasPrefix(typ, "Nullable(Date")
}

func isNumber(typ string) bool {
	typ = strings.TrimSuffix(strings.TrimPrefix(typ, "Nullable("), ")")
	return strings.HasPrefix(typ, "UInt") || strings.HasPrefix(typ, "Int") || strings.HasPrefix(typ, "Float") || strings.HasPrefix(typ, "Decimal")
}

func isString(typ string) bool { return strings.Contains(typ, "String") }

// checkColumns says what a panel type needs from its frame.
func checkColumns(p panel, cols []store.Column) error {
	var hasTime, hasNum, hasStr bool
	names := map[string]bool{}
	for _, c := range cols {
		names[c.Name] = true
		hasTime = hasTime || isTime(c.Type)
		hasNum = hasNum || isNumber(c.Type)
		hasStr = hasStr || isString(c.Type)
	}
	switch p.Type {
	case "timeseries":
		if !hasTime || !hasNum {
			return errors.New("timeseries needs a time column and a numeric column")
		}
	case "stat":
		if !hasNum {
			return errors.New("stat needs a numeric column")
		}
	case "barchart":
		if !hasStr || !hasNum {
			return errors.New("barchart needs a string column and a numeric column")
		}
		if x, _ := p.Options["xField"].(string); x != "" && !names[x] {
			return errors.New("barchart xField " + x + " is not a column")
		}
	case "table":
		if len(cols) == 0 {
			return errors.New("table has no columns")
		}
	default:
		return errors.New("no column rule for panel type " + p.Type)
	}
	for _, o := range p.FieldConfig.Overrides {
		if o.Matcher.ID == "byName" && !names[o.Matcher.Options] {
			return errors.New("override names missing column " + o.Matcher.Options)
		}
		for _, prop := range o.Properties {
			if prop.ID != "links" {
				continue
			}
			for _, part := range strings.Split(string(prop.Value), "${__data.fields.")[1:] {
				field := part[:strings.Index(part, "}")]
				if !names[field] {
					return errors.New("data link uses missing column " + field)
				}
			}
		}
	}
	return nil
}

// TestPanelQueriesRunOnCHDB expands every panel's SQL, variable query and
// the alert rule query, runs them on chDB against the migrated schema with
// fixture data, and checks each returns rows with the columns its panel
// type needs.
func TestPanelQueriesRunOnCHDB(t *testing.T) {
	_, dashes, al := provisioning(t)
	e := openCHDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r := Range{
		From:     time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC),
		To:       time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Interval: 24 * time.Hour,
		Vars:     map[string]string{},
	}
	for _, d := range dashes {
		vars := map[string]string{}
		strictest := map[string]string{} // each custom variable at its last option
		for _, v := range d.Templating.List {
			if v.Type == "custom" {
				// a fixed list of options, "0,0.25,0.5,0.7,0.8": no query to run
				vals := strings.Split(v.sql(t), ",")
				if !slices.Contains(vals, v.Current.Value) {
					t.Errorf("%s: variable %s: options %v, default %q", d.UID, v.Name, vals, v.Current.Value)
				}
				vars[v.Name], strictest[v.Name] = v.Current.Value, vals[len(vals)-1]
				continue
			}
			q, err := Expand(v.sql(t), r)
			if err != nil {
				t.Fatalf("%s: variable %s: %v", d.UID, v.Name, err)
			}
			res, err := e.Query(ctx, q)
			if err != nil {
				t.Fatalf("%s: variable %s: %v\n%s", d.UID, v.Name, err, q)
			}
			var vals []string
			for _, row := range res.Rows {
				vals = append(vals, row[0].(string))
			}
			if len(res.Columns) != 1 || !slices.Contains(vals, v.Current.Value) {
				t.Errorf("%s: variable %s: values %v, default %q", d.UID, v.Name, vals, v.Current.Value)
			}
			vars[v.Name] = v.Current.Value
			strictest[v.Name] = v.Current.Value
		}
		// above every deal's confidence, the deal tables are empty: the
		// variable reaches their SQL
		if _, ok := vars["min_confidence"]; ok {
			rr := r
			rr.Vars = map[string]string{"min_confidence": "1.01"}
			for k, v := range vars {
				if k != "min_confidence" {
					rr.Vars[k] = v
				}
			}
			filtered := 0
			for _, p := range d.Panels {
				for _, tg := range p.Targets {
					if !strings.Contains(tg.RawSQL, "${min_confidence}") || !strings.Contains(tg.RawSQL, "ORDER BY") {
						continue
					}
					q, err := Expand(tg.RawSQL, rr)
					if err != nil {
						t.Fatal(err)
					}
					res, err := e.Query(ctx, q)
					if err != nil {
						t.Fatalf("%s/%q: %v", d.UID, p.Title, err)
					}
					if len(res.Rows) != 0 {
						t.Errorf("%s/%q: %d rows above confidence 1", d.UID, p.Title, len(res.Rows))
					}
					filtered++
				}
			}
			if filtered == 0 {
				t.Errorf("%s: min_confidence filters no table", d.UID)
			}
		}
		// every panel at the variables' defaults, then with each custom
		// variable at its last option (the fixture's deals pass it)
		for _, vs := range []map[string]string{vars, strictest} {
			rr := r
			rr.Vars = vs
			for _, p := range d.Panels {
				for _, tg := range p.Targets {
					q, err := Expand(tg.RawSQL, rr)
					if err != nil {
						t.Errorf("%s/%q: %v", d.UID, p.Title, err)
						continue
					}
					res, err := e.Query(ctx, q)
					if err != nil {
						t.Errorf("%s/%q: %v\n%s", d.UID, p.Title, err, q)
						continue
					}
					if len(res.Rows) == 0 {
						t.Errorf("%s/%q with %v: no rows on the fixture", d.UID, p.Title, vs)
					}
					if err := checkColumns(p, res.Columns); err != nil {
						t.Errorf("%s/%q: %v (columns %v)", d.UID, p.Title, err, res.Columns)
					}
				}
			}
		}
	}
	// The new-deal alert: the fixture was just inserted, so the last 10
	// minutes hold three new deals.
	for _, g := range al.Groups {
		for _, rule := range g.Rules {
			for _, q := range rule.Data {
				if q.DatasourceUID == "__expr__" {
					continue
				}
				now := time.Now()
				sql, err := Expand(q.Model["rawSql"].(string), Range{From: now.Add(-time.Duration(q.RelativeTimeRange.From) * time.Second), To: now.Add(time.Minute), Interval: time.Minute})
				if err != nil {
					t.Fatal(err)
				}
				res, err := e.Query(ctx, sql)
				if err != nil {
					t.Fatalf("rule %s: %v\n%s", rule.UID, err, sql)
				}
				if len(res.Rows) != 1 || !isNumber(res.Columns[0].Type) {
					t.Fatalf("rule %s: %v %v", rule.UID, res.Columns, res.Rows)
				}
				if n, _ := res.Rows[0][0].(uint64); n != 3 {
					t.Errorf("rule %s: %v new deals, want 3", rule.UID, res.Rows[0][0])
				}
			}
		}
	}
}
