package checker_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
	"github.com/exportcheck/exportcheck/data"
)

// overlay writes files into a new directory for --data.
func overlay(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const goodNotice = `notices:
  test:
    title: "Test notice"
    citation: "test"
    effective: "2025-01-01"
    effect: review
    review_policy: unspecified
    products: ["nvidia-h20"]
    destinations: ["AE"]
    source: "test"
`

// TestLoadDataSchema: overlays that would switch controls off (wrong types,
// unknown groups and enum values, missing fields, percent thresholds) are
// errors naming the overlay's file, line and the value's path, before any
// order is read.
func TestLoadDataSchema(t *testing.T) {
	const sourced = "    source: [Acme datasheet]\n" // closes a product's entry
	tests := []struct {
		name, file, text string
		want             []string // the errors after the first line
	}{
		{"groups as booleans", "c.yaml", "countries:\n  CN:\n    name: China\n    groups:\n      D:5: true\n",
			[]string{"c.yaml:5: countries.CN.groups.D:5: got boolean, want array"}},
		{"groups as a list", "c.yaml", "countries:\n  CN:\n    name: China\n    groups: [\"D:5\"]\n",
			[]string{"c.yaml:4: countries.CN.groups: got array, want object"}},
		{"unknown group", "c.yaml", "countries:\n  CN:\n    name: China\n    groups:\n      D5: [{}]\n",
			[]string{`c.yaml:5: countries.CN.groups.D5: unknown key "D5"`}},
		{"treated_as not a code", "c.yaml", "countries:\n  HK:\n    name: Hong Kong\n    treated_as: Cn\n",
			[]string{"c.yaml:4: countries.HK.treated_as: 'Cn' does not match pattern '^[A-Z]{2}$'"}},
		{"country null", "c.yaml", "countries:\n  CN: null\n",
			[]string{"c.yaml:2: countries.CN: got null, want object"}},
		{"notice effect misspelt", "n.yaml", strings.Replace(goodNotice, "effect: review", "effect: licence_required", 1),
			[]string{"n.yaml:6: notices.test.effect: value must be one of 'license_required', 'review', 'prohibited'"}},
		{"notice review policy misspelt", "n.yaml", strings.Replace(goodNotice, "review_policy: unspecified", "review_policy: reveiw", 1),
			[]string{"n.yaml:7: notices.test.review_policy: value must be one of 'presumption_of_approval', 'case_by_case', 'unspecified', 'presumption_of_denial', 'policy_of_denial'"}},
		{"notice products as a string", "n.yaml", strings.Replace(goodNotice, `products: ["nvidia-h20"]`, `products: "nvidia-h20"`, 1),
			[]string{"n.yaml:8: notices.test.products: got string, want array"}},
		{"notice until as a number", "n.yaml", goodNotice + "    until: 20260101\n",
			[]string{"n.yaml:11: notices.test.until: got number, want string"}},
		{"notice without effect", "n.yaml", strings.Replace(goodNotice, "    effect: review\n", "", 1),
			[]string{"n.yaml:2: notices.test: missing property 'effect'"}},
		{"rule enforced as a string", "r.yaml", "rules:\n  ear-2023-11-17:\n    enforced: \"false\"\n",
			[]string{"r.yaml:3: rules.ear-2023-11-17.enforced: got string, want boolean"}},
		{"threshold in percent", "s.yaml", "screening:\n  match_threshold: 93\n",
			[]string{"s.yaml:2: screening.match_threshold: maximum: got 93, want 1"}},
		{"threshold as a string", "s.yaml", "screening:\n  review_threshold: \"0.85\"\n",
			[]string{"s.yaml:2: screening.review_threshold: got string, want number"}},
		{"threshold null", "s.yaml", "screening:\n  review_threshold: null\n",
			[]string{"s.yaml:2: screening.review_threshold: got null, want number"}},
		{"negative throughput", "p.yaml", "products:\n  acme-x:\n    name: X\n    kind: chip\n    datacenter: true\n    throughput:\n      - {format: FP8, tops: -5, bits: 8}\n" + sourced,
			[]string{"p.yaml:7: products.acme-x.throughput.0.tops: exclusiveMinimum: got -5, want 0"}},
		{"throughput as a string", "p.yaml", "products:\n  acme-x:\n    name: X\n    kind: chip\n    datacenter: true\n    throughput:\n      - {format: FP8, tops: \"1979\", bits: 8}\n" + sourced,
			[]string{"p.yaml:7: products.acme-x.throughput.0.tops: got string, want number"}},
		{"notice names an unknown product", "n.yaml", strings.Replace(goodNotice, `"nvidia-h20"`, `"nvidia-h2O"`, 1),
			[]string{`n.yaml:8: notices.test.products.0: "nvidia-h2O" is not in products`}},
		{"chip without datacenter", "p.yaml", "products:\n  acme-x:\n    name: X\n    kind: chip\n    throughput:\n      - {format: FP8, tops: 5, bits: 8}\n" + sourced,
			[]string{"p.yaml:2: products.acme-x: missing property 'datacenter'"}},
		{"chip with datacenter unknown", "p.yaml", "products:\n  acme-x:\n    name: X\n    kind: chip\n    datacenter: null\n" + sourced,
			[]string{"p.yaml:5: products.acme-x.datacenter: got null, want boolean"}},
		{"system without datacenter", "p.yaml", "products:\n  acme-box:\n    name: Box\n    kind: system\n    components:\n      - {product: nvidia-h100-sxm5, count: 8}\n" + sourced,
			[]string{"p.yaml:2: products.acme-box: missing property 'datacenter'"}},
		{"system of an unknown chip", "p.yaml", "products:\n  acme-box:\n    name: Box\n    kind: system\n    datacenter: true\n    components:\n      - {product: nvidia-h100-sxm, count: 8}\n" + sourced,
			[]string{`p.yaml:7: products.acme-box.components.0.product: "nvidia-h100-sxm" is not in products`}},
		{"treated as an unknown country", "c.yaml", "countries:\n  HK:\n    name: Hong Kong\n    treated_as: XX\n",
			[]string{`c.yaml:4: countries.HK.treated_as: "XX" is not in countries`}},
		{"product without source", "p.yaml", "products:\n  acme-x:\n    name: X\n    kind: chip\n    datacenter: true\n",
			[]string{"p.yaml:2: products.acme-x: missing property 'source'"}},
		{"product source as one string", "p.yaml", "products:\n  acme-x:\n    name: X\n    kind: chip\n    datacenter: true\n    source: Acme datasheet\n",
			[]string{"p.yaml:6: products.acme-x.source: got string, want array"}},
		{"product figure misspelt", "p.yaml", "products:\n  acme-x:\n    name: X\n    kind: chip\n    datacenter: true\n    die_area_mm: 600\n" + sourced,
			[]string{`p.yaml:6: products.acme-x.die_area_mm: unknown key "die_area_mm": did you mean die_area_mm2?`}},
		{"throughput field misspelt", "p.yaml", "products:\n  acme-x:\n    name: X\n    kind: chip\n    datacenter: true\n    throughput:\n      - {format: FP8, tops: 5, bit: 8}\n" + sourced,
			[]string{"p.yaml:7: products.acme-x.throughput.0: missing property 'bits'", `p.yaml:7: products.acme-x.throughput.0.bit: unknown key "bit": did you mean bits?`}},
		{"datacenter misspelt", "p.yaml", "products:\n  acme-x:\n    name: X\n    kind: chip\n    datacentre: true\n" + sourced,
			[]string{"p.yaml:2: products.acme-x: missing property 'datacenter'", `p.yaml:5: products.acme-x.datacentre: unknown key "datacentre": did you mean datacenter?`}},
		{"low confidence names no figure", "p.yaml", "products:\n  nvidia-rtx-6000-ada:\n    low_confidence: [datacentre]\n",
			[]string{"p.yaml:3: products.nvidia-rtx-6000-ada.low_confidence.0: value must be one of 'datacenter', 'throughput', 'die_area_mm2', 'io', 'memory_bandwidth_gbps', 'bandwidth_density_gbps_mm2', 'published_tpp', 'release_year'"}},
		{"top-level key misspelt", "c.yaml", "contries:\n  MY:\n    groups:\n      D:1: [{from: \"2026-01-01\"}]\n",
			[]string{`c.yaml:1: contries: unknown key "contries": did you mean countries?`}},
		{"country key misspelt", "c.yaml", "countries:\n  MY:\n    grups:\n      D:1: [{from: \"2026-01-01\"}]\n",
			[]string{`c.yaml:3: countries.MY.grups: unknown key "grups": did you mean groups?`}},
		{"period start misspelt", "c.yaml", "countries:\n  MY:\n    groups:\n      D:1: [{form: \"2026-01-01\"}]\n",
			[]string{`c.yaml:4: countries.MY.groups.D:1.0.form: unknown key "form": did you mean from?`}},
		{"period ends before it starts", "c.yaml", "countries:\n  MY:\n    groups:\n      D:1: [{from: \"2026-01-01\", until: \"2025-01-01\"}]\n",
			[]string{"c.yaml:4: countries.MY.groups.D:1.0.from: until 2025-01-01 is not after from 2026-01-01: the period holds no day"}},
		{"notice ends before it takes effect", "n.yaml", goodNotice + "    until: \"2024-12-01\"\n",
			[]string{"n.yaml:5: notices.test.effective: until 2024-12-01 is not after effective 2025-01-01: the period holds no day"}},
		{"notice key misspelt", "n.yaml", goodNotice + "    untill: \"2026-01-01\"\n",
			[]string{`n.yaml:11: notices.test.untill: unknown key "untill": did you mean until?`}},
		{"JSON overlay", "c.json", "{\n \"countries\": {\n  \"CN\": {\n   \"name\": \"China\",\n   \"groups\": {\"D:5\": [{\"from\": 2020}]}\n  }\n }\n}\n",
			[]string{"c.json:5: countries.CN.groups.D:5.0.from: got number, want string"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := overlay(t, map[string]string{tc.file: tc.text})
			_, err := checker.LoadBundle(nil, []string{dir})
			if err == nil {
				t.Fatal("overlay accepted")
			}
			lines := strings.Split(err.Error(), "\n")
			if lines[0] != "invalid data (see data/schema.json):" {
				t.Fatalf("got %v", err)
			}
			lines = lines[1:]
			for i, l := range lines {
				lines[i] = strings.TrimPrefix(l, dir+string(filepath.Separator))
			}
			if d := cmp.Diff(tc.want, lines); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	t.Run("keys of its own", func(t *testing.T) {
		// A company's rules read data of its own: keys far from every key
		// the policies read, in the document, a product and a country.
		own := "acme_review_from: \"2025-03-01\"\nproducts:\n  nvidia-h20:\n    acme_part_no: \"A-1\"\ncountries:\n  MY:\n    acme_risk: high\n"
		if _, err := checker.LoadBundle(nil, []string{overlay(t, map[string]string{"own.yaml": own})}); err != nil {
			t.Error(err)
		}
	})
	t.Run("good overlay", func(t *testing.T) {
		if _, err := checker.LoadBundle(nil, []string{overlay(t, map[string]string{"n.yaml": goodNotice})}); err != nil {
			t.Error(err)
		}
	})
}

// TestLoadYAML12: data YAML is read as YAML 1.2: NO (Norway) and ON are
// keys, not booleans; yes stays a string; a key given twice is an error.
func TestLoadYAML12(t *testing.T) {
	dir := overlay(t, map[string]string{"n.yaml": "countries:\n  NO:\n    name: Norway (test)\n  \"ON\":\n    name: On\n    aliases: [yes, off]\n"})
	b, err := checker.LoadBundle(nil, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	countries := b.Data["countries"].(map[string]any)
	got := []any{countries["NO"].(map[string]any)["name"], countries["ON"].(map[string]any)["aliases"]}
	want := []any{"Norway (test)", []any{"yes", "off"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	dir = overlay(t, map[string]string{"d.yaml": "screening:\n  match_threshold: 0.9\n  match_threshold: 0.95\n"})
	_, err = checker.LoadBundle(nil, []string{dir})
	if want := `d.yaml:3: key "match_threshold" given twice (first on line 2)`; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("got %v, want …%s", err, want)
	}
	dir = overlay(t, map[string]string{"a.yaml": "x: &a [1, *a]\n"})
	_, err = checker.LoadBundle(nil, []string{dir})
	if want := `a.yaml:1: alias *a refers to itself`; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("got %v, want …%s", err, want)
	}
}

// FuzzLoadData: any data file loads or is an error, never a panic, and
// what loads is a JSON document the schema accepted.
//
//	go test -run '^$' -fuzz FuzzLoadData -fuzztime 30s ./checker/
func FuzzLoadData(f *testing.F) {
	base := fstest.MapFS{}
	if err := fs.WalkDir(data.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(data.FS, p)
		base[p] = &fstest.MapFile{Data: b}
		return err
	}); err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{goodNotice, "countries:\n  NO:\n    name: Norway\n", "countries: {CN: null}\n",
		"screening:\n  match_threshold: 93\n", "a: &x [1, *x]\n", "<<: {a: 1}\n", "x: .inf\n", "- 1\n", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fsys := maps.Clone(base)
		fsys["zz-fuzz.yaml"] = &fstest.MapFile{Data: []byte(text)}
		b, err := checker.LoadBundleFrom(fstest.MapFS{}, fsys, nil, nil)
		if err != nil {
			return
		}
		if _, err := json.Marshal(b.Data); err != nil {
			t.Fatalf("loaded, but not JSON: %v", err)
		}
	})
}

// floorScreener reports nothing below its floor, as screening.Screener
// does.
type floorScreener struct{ floor float64 }

func (floorScreener) Screen(string, string, float64) []*checker.ScreeningFact { return nil }
func (floorScreener) Flags(string) []checker.NameFlag                         { return nil }
func (s floorScreener) Floor() float64                                        { return s.floor }

// TestReviewThresholdBelowFloor: a review threshold below the lowest score
// the screener reports would never see the candidates between: refused.
func TestReviewThresholdBelowFloor(t *testing.T) {
	dir := overlay(t, map[string]string{"s.yaml": "screening:\n  review_threshold: 0.6\n"})
	_, err := checker.New(context.Background(), checker.Options{DataDirs: []string{dir}, Screener: floorScreener{0.7}})
	if want := "data: screening.review_threshold 0.6 is below 0.7, the lowest score the screener reports: candidates between would never be reviewed"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	if _, err := checker.New(context.Background(), checker.Options{DataDirs: []string{dir}, Screener: floorScreener{0.5}}); err != nil {
		t.Errorf("a screener with a lower floor: %v", err)
	}
}
