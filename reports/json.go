package reports

import (
	"bufio"
	"io"
	"strconv"

	"github.com/exportcheck/exportcheck/checker"
)

func init() {
	register("json", newJSON)
	register("jsonl", newJSONL)
}

// jsonWriter streams {"results": [...], "summary": {...}, "revision": "..."}.
type jsonWriter struct {
	w     *bufio.Writer
	run   *Run
	buf   []byte
	count int
	lines bool // jsonl: one result object per line and nothing else
	enc   Encoder
}

func newJSON(w io.Writer, run *Run) (Writer, error) {
	return &jsonWriter{w: bufio.NewWriterSize(w, 64<<10), run: run}, nil
}

func newJSONL(w io.Writer, run *Run) (Writer, error) {
	return &jsonWriter{w: bufio.NewWriterSize(w, 64<<10), run: run, lines: true}, nil
}

func (j *jsonWriter) Write(r *checker.Result) error {
	b := j.buf[:0]
	switch {
	case j.lines:
	case j.count == 0:
		b = append(b, "{\"results\":[\n"...)
	default:
		b = append(b, ",\n"...)
	}
	b = j.enc.AppendResult(b, r)
	if j.lines {
		// Each line names the policy (and records) revision: JSON Lines has
		// no other place for it.
		b = b[:len(b)-1]
		b = append(b, `,"revision":`...)
		b = appendString(b, j.run.Revision)
		if j.run.Records != nil {
			b = append(b, `,"records_revision":`...)
			b = appendString(b, j.run.Records.Revision)
		}
		if j.run.Ownership != nil {
			b = append(b, `,"ownership_revision":`...)
			b = appendString(b, j.run.Ownership.Revision)
		}
		if len(j.run.Warnings) > 0 {
			// The run's warnings known when the line is written (a
			// demonstration or stale list), on every line.
			b = append(b, `,"warnings":`...)
			b = appendStrings(b, j.run.Warnings)
		}
		b = append(b, "}\n"...)
	}
	j.buf = b
	j.count++
	_, err := j.w.Write(b)
	return err
}

func (j *jsonWriter) Close(s *Summary) error {
	if !j.lines {
		b := j.buf[:0]
		if j.count == 0 {
			b = append(b, "{\"results\":["...)
		}
		b = append(b, "\n],\"summary\":"...)
		b = AppendSummary(b, s, j.run)
		b = append(b, ",\"screening\":["...)
		for i, sn := range j.run.Screening {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = appendName(b, "path")
			b = appendString(b, sn.Path)
			b = append(b, ',')
			b = appendName(b, "sha256")
			b = appendString(b, sn.SHA256)
			b = appendIntField(b, "rows", int64(sn.Rows))
			b = appendField(b, "newest", sn.Newest)
			if sn.Downloaded != "" {
				b = appendField(b, "downloaded", sn.Downloaded)
			}
			if sn.Demo {
				b = append(b, `,"demo":true`...)
			}
			b = append(b, '}')
		}
		b = append(b, "],\"warnings\":"...)
		b = appendStrings(b, j.run.Warnings)
		if rec := j.run.Records; rec != nil {
			b = append(b, `,"records":{`...)
			b = appendName(b, "revision")
			b = appendString(b, rec.Revision)
			b = append(b, `,"files":`...)
			b = appendStrings(b, rec.Files)
			b = append(b, '}')
		}
		if o := j.run.Ownership; o != nil {
			b = append(b, `,"ownership":{`...)
			b = appendName(b, "revision")
			b = appendString(b, o.Revision)
			b = append(b, `,"files":`...)
			b = appendStrings(b, o.Files)
			b = append(b, `,"rows":`...)
			b = strconv.AppendInt(b, int64(o.Rows), 10)
			b = append(b, '}')
		}
		if c := j.run.Committed; c != nil {
			b = append(b, `,"committed":{`...)
			b = appendName(b, "ledger")
			b = appendString(b, c.Ledger)
			b = appendField(b, "run_id", c.RunID)
			b = appendIntField(b, "lines", int64(c.Lines))
			b = appendField(b, "chain_head", c.Head)
			b = append(b, '}')
		}
		b = append(b, ",\"revision\":"...)
		b = appendString(b, j.run.Revision)
		b = append(b, "}\n"...)
		if _, err := j.w.Write(b); err != nil {
			return err
		}
	}
	return j.w.Flush()
}

// AppendSummary appends the summary object.
func AppendSummary(b []byte, s *Summary, run *Run) []byte {
	b = append(b, '{')
	b = appendName(b, "total")
	b = strconv.AppendInt(b, int64(s.Total), 10)
	b = append(b, ',')
	b = appendName(b, "errors")
	b = strconv.AppendInt(b, int64(s.Errors), 10)
	b = append(b, ',')
	b = appendName(b, "failed")
	b = strconv.AppendInt(b, int64(s.Failed), 10)
	if len(s.Unread) > 0 { // counted in total, errors and failed too: each is a result
		b = append(b, ',')
		b = appendName(b, "files_not_read")
		b = appendStrings(b, s.Unread)
	}
	b = appendField(b, "fail_on", run.FailOn.String())
	b = appendField(b, "regime", run.Regime)
	if run.AsOf != "" { // only with --as-of, as in JUnit: without it each line has its own date
		b = appendField(b, "as_of", run.AsOf)
	}
	b = append(b, ',')
	b = appendName(b, "decisions")
	b = append(b, '{')
	for i, d := range checker.Decisions() {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendKey(b, d.String())
		b = strconv.AppendInt(b, int64(s.ByDecision[d]), 10)
	}
	b = append(b, '}')
	return append(b, '}')
}
