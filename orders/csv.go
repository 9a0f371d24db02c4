package orders

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"github.com/exportcheck/exportcheck/checker"
)

func readCSV(r io.Reader, path string, yield func(checker.Order, error) bool) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		yield(checker.Order{File: path, Line: 1}, &checker.InputError{File: path, Line: 1, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, err)})
		return
	}
	header = append([]string(nil), header...)
	cols, err := newColumns(header)
	if err != nil {
		yield(checker.Order{File: path, Line: 1}, &checker.InputError{File: path, Line: 1, Err: err})
		return
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if !yield(checker.Order{File: path, Line: pe.StartLine}, &checker.InputError{File: path, Line: pe.StartLine, Err: fmt.Errorf("%w: %v", checker.ErrBadInput, pe.Err)}) {
					return
				}
				continue
			}
			yield(checker.Order{File: path}, &checker.InputError{File: path, Err: err})
			return
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && rec[0] == "" {
			continue // blank line
		}
		if len(rec) != len(header) {
			o := cols.order(path, line, rec)
			if !yield(o, &checker.InputError{File: path, Line: line, Err: fmt.Errorf("%w: %d fields, the header has %d", checker.ErrBadInput, len(rec), len(header)), Hint: "short or long row"}) {
				return
			}
			continue
		}
		if !yield(cols.order(path, line, rec), nil) {
			return
		}
	}
}
