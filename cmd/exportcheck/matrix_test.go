package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMatrixOptions(t *testing.T) {
	tests := []struct {
		name      string
		o         matrixOpts
		wantDates []string
		wantErr   string
	}{
		{name: "one date", o: matrixOpts{format: "text", date: "2024-06-01"}, wantDates: []string{"2024-06-01"}},
		{name: "two dates", o: matrixOpts{format: "json", before: "2023-10-20", after: "2023-11-17", changesOnly: true}, wantDates: []string{"2023-10-20", "2023-11-17"}},
		{name: "before without after", o: matrixOpts{format: "text", before: "2023-10-20"}, wantErr: "--before and --after go together"},
		{name: "date and dates", o: matrixOpts{format: "text", date: "2024-01-01", before: "2023-10-20", after: "2023-11-17"}, wantErr: "give --date, or --before and --after, not both"},
		{name: "the same date twice", o: matrixOpts{format: "text", before: "2023-11-17", after: "2023-11-17", changesOnly: true}, wantErr: "--before and --after are both 2023-11-17: nothing to compare (give two dates, or --date for one)"},
		{name: "changes-only with one date", o: matrixOpts{format: "text", date: "2024-01-01", changesOnly: true}, wantErr: "--changes-only needs --before and --after"},
		{name: "bad date", o: matrixOpts{format: "text", date: "2024-02-30"}, wantErr: `date "2024-02-30": no such day: February 2024 has 29 days`},
		{name: "xlsx to a terminal", o: matrixOpts{format: "xlsx", date: "2024-01-01"}, wantErr: "--format xlsx writes a binary workbook: use --output PATH"},
		{name: "unknown format", o: matrixOpts{format: "csv"}, wantErr: `unknown format "csv"; known: json, markdown, text, xlsx`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, mo, err := tt.o.options()
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if gotErr != tt.wantErr {
				t.Fatalf("error %q, want %q", gotErr, tt.wantErr)
			}
			if err == nil {
				if d := cmp.Diff(tt.wantDates, mo.Dates); d != "" {
					t.Errorf("dates (-want +got):\n%s", d)
				}
			}
		})
	}
}
