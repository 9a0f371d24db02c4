package screening

import (
	"encoding/csv"
	"os"
	"sync"
	"testing"

	"sigs.k8s.io/yaml"
)

// Floors the evaluation must meet at the thresholds in data/screening.yaml.
// A name is flagged when its best score reaches review_threshold; a flag is
// correct when it names the expected entry.
const (
	minPrecision = 0.95
	minRecall    = 0.95
	// At match_threshold nothing may be matched that is not the expected party.
	minMatchPrecision = 1.0
)

type thresholds struct {
	Match  float64 `json:"match_threshold"`
	Review float64 `json:"review_threshold"`
}

func readThresholds(t testing.TB) thresholds {
	t.Helper()
	b, err := os.ReadFile("../data/screening.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Screening thresholds `json:"screening"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("../data/screening.yaml: %v", err)
	}
	th := doc.Screening
	if !(Floor <= th.Review && th.Review <= th.Match && th.Match <= 1) {
		t.Fatalf("../data/screening.yaml: want %v <= review_threshold <= match_threshold <= 1, got %+v", Floor, th)
	}
	return th
}

type evalRow struct {
	line                  int
	query, id, name, note string
}

func readEval(t testing.TB) []evalRow {
	t.Helper()
	f, err := os.Open("testdata/eval.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []evalRow
	for i, r := range recs[1:] {
		rows = append(rows, evalRow{line: i + 2, query: r[0], id: r[1], name: r[2], note: r[3]})
	}
	return rows
}

var evalMatcher = sync.OnceValue(func() *Matcher {
	return NewMatcher(Excerpt(), Synthetic(20000, 1))
})

func TestEvaluation(t *testing.T) {
	th := readThresholds(t)
	rows := readEval(t)
	m := evalMatcher()
	byID := map[string]*Entry{}
	ex := Excerpt()
	for i := range ex.Entries {
		byID[ex.Entries[i].ID] = &ex.Entries[i]
	}

	var pos, tp, fp, mtp, mfp int
	minTrue, maxFalse := 1.0, 0.0 // lowest score of a flagged true match, highest of a wrong entry
	for _, r := range rows {
		if r.id != "" {
			pos++
			if e := byID[r.id]; e == nil || e.Name != r.name {
				t.Fatalf("testdata/eval.csv:%d: expected id %s is not excerpt entry %q", r.line, r.id, r.name)
			}
		}
		best, ok := m.Best(r.query, "")
		flagged := ok && best.Score >= th.Review
		matched := ok && best.Score >= th.Match
		right := ok && best.Entry.ID == r.id
		switch {
		case flagged && right:
			tp++
		case flagged:
			fp++
		}
		switch {
		case matched && right:
			mtp++
		case matched:
			mfp++
		}
		if flagged && right {
			minTrue = min(minTrue, best.Score)
		} else if ok && !right {
			maxFalse = max(maxFalse, best.Score)
		}
		verdict := "ok"
		if (r.id != "") != (flagged && right) || (flagged && !right) {
			verdict = "WRONG"
		}
		got := "-"
		if ok {
			got = best.Entry.List + " " + best.MatchedName
		}
		t.Logf("%-5s %.4f %-60q -> %-50q (%s)", verdict, best.Score, r.query, got, r.note)
	}
	// How precision and recall would move with review_threshold.
	for x := 0.75; x <= 0.9751; x += 0.025 {
		var tp, fp int
		for _, r := range rows {
			best, ok := m.Best(r.query, "")
			if ok && best.Score >= x {
				if best.Entry.ID == r.id {
					tp++
				} else {
					fp++
				}
			}
		}
		t.Logf("threshold %.3f: precision %.3f, recall %.3f (tp %d, fp %d)", x, ratio(tp, tp+fp), ratio(tp, pos), tp, fp)
	}
	precision := ratio(tp, tp+fp)
	recall := ratio(tp, pos)
	mPrecision := ratio(mtp, mtp+mfp)
	mRecall := ratio(mtp, pos)
	t.Logf("%d names, %d expected matches, against the excerpt and a 20,000-entry synthetic list", len(rows), pos)
	t.Logf("lowest score of a flagged true match %.4f, highest score of a wrong entry %.4f", minTrue, maxFalse)
	t.Logf("review_threshold %.2f: precision %.3f, recall %.3f (tp %d, fp %d)", th.Review, precision, recall, tp, fp)
	t.Logf("match_threshold  %.2f: precision %.3f, recall %.3f (tp %d, fp %d)", th.Match, mPrecision, mRecall, mtp, mfp)
	if precision < minPrecision || recall < minRecall {
		t.Errorf("at review_threshold: precision %.3f (floor %.2f), recall %.3f (floor %.2f)", precision, minPrecision, recall, minRecall)
	}
	if mPrecision < minMatchPrecision {
		t.Errorf("at match_threshold: precision %.3f, floor %.2f", mPrecision, minMatchPrecision)
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestRequiredCases pins the cases the screening design names explicitly.
func TestRequiredCases(t *testing.T) {
	th := readThresholds(t)
	m := evalMatcher()
	const cetc = "99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be"
	for _, name := range []string{
		"CHINA ELECTRONICS TECHNOLOGY GROUP CORP., 13TH RESEARCH INSTITUTE",
		"Hebei Semiconductor Research Institute",
	} {
		got, ok := m.Best(name, "2025-06-30")
		if !ok || got.Entry.ID != cetc || got.Entry.List != "EL" || got.Score < th.Match {
			t.Errorf("Best(%q) = %+v, %v; want the Entity List entry for CETC 13 with score >= %v", name, got, ok, th.Match)
		}
	}
	atlas := NewMatcher(Excerpt())
	if got, ok := atlas.Best("Atlas Copco AB", ""); ok && got.Score >= th.Review {
		t.Errorf("Best(Atlas Copco AB) = %q %.4f, want below review_threshold %v", got.MatchedName, got.Score, th.Review)
	}
}
