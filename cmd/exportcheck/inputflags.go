package main

import (
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/exportcheck/exportcheck/orders"
)

// inputFlags are how check and diff read their order books when the file
// does not say: its format, sheet, encoding, CSV separator, and whether
// quoted fields may hold line breaks.
type inputFlags struct {
	format, sheet, encoding, delimiter string
	multilineFields                    bool
}

func (f *inputFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&f.format, "input-format", "", "the input `FORMAT` when the file name does not tell: "+strings.Join(orders.Formats, "|"))
	fl.StringVar(&f.sheet, "sheet", "", "XLSX input: the `NAME` of the sheet to read (needed when the workbook has more than one)")
	fl.StringVar(&f.encoding, "encoding", "", "the text input's `ENCODING`: "+strings.Join(orders.Encodings, "|")+" (default utf-8, checked)")
	fl.StringVar(&f.delimiter, "delimiter", "", delimiterUsage())
	fl.BoolVar(&f.multilineFields, "multiline-fields", false, "CSV input: quoted fields may hold line breaks (default: such a field is an error)")
}

// check refuses a format, encoding or separator the readers do not know,
// before anything is read.
func (f *inputFlags) check() error {
	return orders.CheckFlags(f.format, f.encoding, f.delimiter)
}

// options are o with what the flags say of the input.
func (f *inputFlags) options(o orders.Options) orders.Options {
	o.Format, o.Sheet, o.Encoding, o.Delimiter, o.MultilineFields = f.format, f.sheet, f.encoding, f.delimiter, f.multilineFields
	return o
}

// delimiterUsage is the help of check's and diff's --delimiter: the
// separators quoted, as its error names them (one of them is "|").
func delimiterUsage() string {
	q := make([]string, len(orders.Delimiters))
	for i, d := range orders.Delimiters {
		q[i] = strconv.Quote(d)
	}
	return "the CSV field `SEPARATOR`: " + strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1] + " (default: detected from the header)"
}
