package screening

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strconv"
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
	line                         int
	query, id, name, group, note string
}

func readEval(t testing.TB) []evalRow {
	t.Helper()
	f, err := os.Open("testdata/eval.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comment = '#'
	var rows []evalRow
	for first := true; ; first = false {
		r, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if first {
			continue // header
		}
		line, _ := cr.FieldPos(0)
		row := evalRow{line: line, query: r[0], id: r[1], name: r[2], group: r[3], note: r[4]}
		if (row.id == "") != (row.group == "negative") {
			t.Fatalf("testdata/eval.csv:%d: group %q with expected id %q", line, row.group, row.id)
		}
		rows = append(rows, row)
	}
	return rows
}

// evalList is testdata/eval-list.csv, the listed parties of the
// evaluation's second group.
func evalList(t testing.TB) *List {
	t.Helper()
	l, err := Load("testdata/eval-list.csv")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

var evalMatcher = sync.OnceValues(func() (*Matcher, *List) {
	ev, err := Load("testdata/eval-list.csv")
	if err != nil {
		panic(err)
	}
	return NewMatcher(Excerpt(), ev, Synthetic(20000, 1)), ev
})

// Floors the evaluation must meet at the thresholds in data/screening.yaml,
// set from its results (see TestEvaluation's log): recall is the share of
// a group's names whose best match is the expected entry at or above the
// threshold; the false-positive rate the share of negatives whose best
// match reaches it; precision the share of names flagged at a threshold
// that name the expected entry.
const (
	minLatinRecallReview = 0.97
	minCrossRecallReview = 0.85
	// Every name of the group "within" is reviewed at least.
	minWithinRecallReview = 1.0
	// Every name of the group "disguised" is reviewed at least.
	minDisguisedRecallReview = 1.0
	// Every name of the group "short" (a listed party's distinctive words
	// with other company words and places) is reviewed at least; by
	// design none is matched.
	minShortRecallReview = 1.0
	// Names that hold a listed name whole are reviewed whatever their
	// score: "Hebei Semiconductor Lighting Technology" (the alias "Hebei
	// Semiconductor" of CETC 13), "Rostec Trade Limited" (the alias
	// "Rostec"). That costs two of the negatives, which are labelled for
	// the score. A name with a listed party's distinctive words and only
	// company words and places besides is reviewed too: "Sberbank Europe
	// AG" (for "SBERBANK OF RUSSIA").
	maxFalsePosReview   = 0.04
	minPrecisionReview  = 0.95
	minLatinRecallMatch = 0.80
	maxFalsePosMatch    = 0.0
	minPrecisionMatch   = 0.99
)

// evalStats are the evaluation's figures at one threshold.
type evalStats struct {
	latin, latinN, cross, crossN, within, withinN, disguised, disguisedN, short, shortN, subset, subsetN, neg, negN, right, flagged int
}

func (s evalStats) latinRecall() float64 { return ratio(s.latin, s.latinN) }
func (s evalStats) crossRecall() float64 { return ratio(s.cross, s.crossN) }

// withinRecall is the recall of the group "within": listed names within
// longer names, in brackets, after "d/b/a" or "c/o", which the checker
// flags by holding the name whole rather than by score.
func (s evalStats) withinRecall() float64 { return ratio(s.within, s.withinN) }

// disguisedRecall is the recall of the group "disguised": listed names
// spelt out letter by letter, with digits for letters, run together and
// the like ([plainReadings]).
func (s evalStats) disguisedRecall() float64 { return ratio(s.disguised, s.disguisedN) }

// shortRecall is the recall of the group "short": a listed party's
// distinctive words with other company words and places ("Sinobright
// Trading"), which the matcher scores coreSim at most ([Matcher.core]).
func (s evalStats) shortRecall() float64 { return ratio(s.short, s.shortN) }

// subsetRecall is the recall of the group "subset": some, not all, of a
// listed entity's distinctive words, rare and long, with company words
// and places ("Sanatgaran LLC" for "Atlas Sanatgaran"). They are known
// misses, reported with no floor: a rule reviewing them was measured and
// left out (testdata/eval.csv says why).
func (s evalStats) subsetRecall() float64 { return ratio(s.subset, s.subsetN) }
func (s evalStats) falsePos() float64     { return ratio(s.neg, s.negN) }
func (s evalStats) precision() float64    { return ratio(s.right, s.flagged) }

func TestEvaluation(t *testing.T) {
	th := readThresholds(t)
	rows := readEval(t)
	m, ev := evalMatcher()
	byID := map[string]*Entry{}
	for _, l := range []*List{Excerpt(), ev} {
		for i := range l.Entries {
			byID[l.Entries[i].ID] = &l.Entries[i]
		}
	}
	type result struct {
		score float64
		right bool
		got   string
		// A listed name held whole within the query (Match.Contained),
		// which the policy reviews whatever the score: in names one, and
		// inRight whether that is the expected entry's.
		in      string
		inRight bool
	}
	res := make([]result, len(rows))
	for i, r := range rows {
		if r.id != "" {
			if e := byID[r.id]; e == nil || e.Name != r.name {
				t.Fatalf("testdata/eval.csv:%d: expected id %s is not the entry %q", r.line, r.id, r.name)
			}
		}
		best, ok := m.Best(r.query, "")
		res[i] = result{score: best.Score, right: ok && best.Entry.ID == r.id, got: "-"}
		if ok {
			res[i].got = best.Entry.List + " " + best.MatchedName
		}
		for _, c := range m.Matches(r.query, "", 0) {
			if c.Contained != "" && (res[i].in == "" || c.Entry.ID == r.id) {
				res[i].in, res[i].inRight = c.Entry.List+" "+c.Contained, c.Entry.ID == r.id
			}
		}
	}
	// stats are the figures at threshold x, by score alone or (whole) as
	// the checker flags names: by score, or by a listed name held whole.
	stats := func(x float64, whole bool) evalStats {
		var s evalStats
		for i, r := range rows {
			byScore := res[i].got != "-" && res[i].score >= x
			flagged := byScore || whole && res[i].in != ""
			found := byScore && res[i].right || whole && res[i].inRight
			if flagged {
				s.flagged++
				if found {
					s.right++
				}
			}
			switch r.group {
			case "latin":
				s.latinN++
				if found {
					s.latin++
				}
			case "cross-script":
				s.crossN++
				if found {
					s.cross++
				}
			case "within":
				s.withinN++
				if found {
					s.within++
				}
			case "disguised":
				s.disguisedN++
				if found {
					s.disguised++
				}
			case "short":
				s.shortN++
				if found {
					s.short++
				}
			case "subset":
				s.subsetN++
				if found {
					s.subset++
				}
			default:
				s.negN++
				if flagged {
					s.neg++
				}
			}
		}
		return s
	}
	for i, r := range rows {
		verdict := "ok"
		if r.group == "subset" && !(res[i].right && res[i].score >= th.Review || res[i].inRight) {
			verdict = "known"
		} else if r.id != "" && !(res[i].right && res[i].score >= th.Review || res[i].inRight) || r.id == "" && (res[i].got != "-" && res[i].score >= th.Review || res[i].in != "") {
			verdict = "WRONG"
		}
		in := ""
		if res[i].in != "" {
			in = " holds " + strconv.Quote(res[i].in)
		}
		t.Logf("%-5s %-12s %.4f %-45q -> %-45q%s (%s)", verdict, r.group, res[i].score, r.query, res[i].got, in, r.note)
	}
	t.Logf("%d names: %d Latin-script, %d cross-script, %d within longer names, %d disguised, %d short forms, %d subsets (known misses), %d negatives; against the excerpt, testdata/eval-list.csv and a 20,000-entry synthetic list", len(rows), stats(0, false).latinN, stats(0, false).crossN, stats(0, false).withinN, stats(0, false).disguisedN, stats(0, false).shortN, stats(0, false).subsetN, stats(0, false).negN)
	t.Logf("by score alone:")
	t.Logf("threshold  Latin recall  cross-script recall  false positives  precision")
	for x := 0.75; x <= 0.9751; x += 0.025 {
		s := stats(x, false)
		t.Logf("%.3f      %.3f         %.3f                %.3f            %.3f", x, s.latinRecall(), s.crossRecall(), s.falsePos(), s.precision())
	}
	// At review_threshold as the checker flags names (a listed name held
	// whole is reviewed whatever the score); at match_threshold by score.
	for _, c := range []struct {
		name                                           string
		x, minLatin, minCross, maxFalsePos, minPrecise float64
		whole                                          bool
	}{
		{"review_threshold", th.Review, minLatinRecallReview, minCrossRecallReview, maxFalsePosReview, minPrecisionReview, true},
		{"match_threshold", th.Match, minLatinRecallMatch, 0, maxFalsePosMatch, minPrecisionMatch, false},
	} {
		s := stats(c.x, c.whole)
		t.Logf("%s %.2f: Latin recall %.3f (%d/%d), cross-script recall %.3f (%d/%d), within longer names %.3f (%d/%d), disguised %.3f (%d/%d), short forms %.3f (%d/%d), subsets (known misses) %.3f (%d/%d), false positives %.3f (%d/%d), precision %.3f (%d/%d)",
			c.name, c.x, s.latinRecall(), s.latin, s.latinN, s.crossRecall(), s.cross, s.crossN, s.withinRecall(), s.within, s.withinN, s.disguisedRecall(), s.disguised, s.disguisedN, s.shortRecall(), s.short, s.shortN, s.subsetRecall(), s.subset, s.subsetN, s.falsePos(), s.neg, s.negN, s.precision(), s.right, s.flagged)
		if s.latinRecall() < c.minLatin || s.crossRecall() < c.minCross || c.whole && (s.withinRecall() < minWithinRecallReview || s.disguisedRecall() < minDisguisedRecallReview || s.shortRecall() < minShortRecallReview) || s.falsePos() > c.maxFalsePos || s.precision() < c.minPrecise {
			t.Errorf("at %s %.2f: Latin recall %.3f (floor %.2f), cross-script recall %.3f (floor %.2f), disguised recall %.3f (floor %.2f), short forms %.3f (floor %.2f), false positives %.3f (ceiling %.2f), precision %.3f (floor %.2f)",
				c.name, c.x, s.latinRecall(), c.minLatin, s.crossRecall(), c.minCross, s.disguisedRecall(), minDisguisedRecallReview, s.shortRecall(), minShortRecallReview, s.falsePos(), c.maxFalsePos, s.precision(), c.minPrecise)
		}
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
	m, _ := evalMatcher()
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
