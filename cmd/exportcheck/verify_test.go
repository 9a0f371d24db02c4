package main

import (
	"bytes"
	"context"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/exportcheck/exportcheck/checker"
)

func TestRunVerify(t *testing.T) {
	policy := &fstest.MapFile{Data: []byte("package company\n\nbulk(n) if n > 100\n")}
	tests := []struct {
		name       string
		files      fstest.MapFS
		threshold  float64
		wantCode   int
		wantStdout string // a line of the text report
		wantStderr string
	}{
		{
			name:       "no test files",
			files:      fstest.MapFS{"company/company.rego": policy},
			wantCode:   exitFailed,
			wantStderr: "exportcheck: no Rego tests found: add *_test.rego files next to the policies (or give --policy DIR with tests)\n",
		},
		{
			name: "test files without tests",
			files: fstest.MapFS{
				"company/company.rego":      policy,
				"company/company_test.rego": {Data: []byte("package company_test\n\nhelper := 1\n")},
			},
			wantCode:   exitFailed,
			wantStderr: "exportcheck: no Rego tests found in 1 *_test.rego file: test rules are named test_*\n",
		},
		{
			name: "passing",
			files: fstest.MapFS{
				"company/company.rego":      policy,
				"company/company_test.rego": {Data: []byte("package company_test\n\nimport data.company\n\ntest_bulk if company.bulk(101)\n")},
			},
			threshold:  50,
			wantCode:   exitOK,
			wantStdout: "PASS  data.company_test.test_bulk  (company/company_test.rego:5)",
		},
		{
			name: "failing",
			files: fstest.MapFS{
				"company/company.rego":      policy,
				"company/company_test.rego": {Data: []byte("package company_test\n\nimport data.company\n\ntest_bulk if company.bulk(100)\n")},
			},
			wantCode:   exitFailed,
			wantStdout: "FAIL  data.company_test.test_bulk  (company/company_test.rego:5)",
		},
		{
			name: "one test counted",
			files: fstest.MapFS{
				"company/company.rego":      policy,
				"company/company_test.rego": {Data: []byte("package company_test\n\nimport data.company\n\ntest_bulk if company.bulk(100)\n")},
			},
			wantCode:   exitFailed,
			wantStdout: "1 test: 0 passed, 1 failed; coverage 50.0%",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := checker.LoadBundleFrom(tt.files, fstest.MapFS{}, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			e := &env{stdout: &stdout, stderr: &stderr}
			if err := runVerify(context.Background(), e, &verifyOpts{format: "text", threshold: tt.threshold}, b); err != nil {
				t.Fatal(err)
			}
			if e.code != tt.wantCode {
				t.Errorf("exit code %d, want %d", e.code, tt.wantCode)
			}
			if d := cmp.Diff(tt.wantStderr, stderr.String()); d != "" {
				t.Errorf("stderr (-want +got):\n%s", d)
			}
			if tt.wantStdout != "" && !bytes.Contains(stdout.Bytes(), []byte(tt.wantStdout+"\n")) {
				t.Errorf("stdout lacks %q:\n%s", tt.wantStdout, stdout.String())
			}
		})
	}
}
