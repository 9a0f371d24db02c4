package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCachedSameBytes: with the decision cache, with --no-cache, and with
// every line judged from scratch, every format is the same to the byte, on
// a book where many lines share a decision key but not their end users
// (names that match one list entry through different listed names, names
// on other lists, blank end users).
func TestCachedSameBytes(t *testing.T) {
	users := []string{
		"Hebei Semiconductor Research Institute", "HSRI", "Hebei Institute of Semiconductors",
		"CETC Research Institute 13", "Atlas Sanatgaran", "Mohammad Mutlaq ABU JHESHEH",
		"Mohammed ABU JEHEISHA", "Pearl River Trading Co", "",
	}
	products := []string{"H100 SXM5", "H20", "RTX 4090", "nvidia-rtx-4060"}
	dests := []string{"CN", "DE", "AM"}
	dates := []string{"2023-06-01", "2024-06-01", "2025-06-01"}
	var b strings.Builder
	b.WriteString("id,product,quantity,destination,end_user,end_user_hq,date\n")
	for i := range 600 {
		fmt.Fprintf(&b, "L-%d,%s,%d,%s,%q,%s,%s\n", i, products[i/9%len(products)], 1+i%7, dests[i/36%len(dests)],
			users[i%len(users)], dests[i/36%len(dests)], dates[i/108%len(dates)])
	}
	book := filepath.Join(t.TempDir(), "book.csv")
	if err := os.WriteFile(book, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json", "jsonl", "junit", "sarif", "github", "markdown"} {
		t.Run(format, func(t *testing.T) {
			out := func(extra ...string) string {
				var stdout, stderr bytes.Buffer
				args := append([]string{"check", "--screening-list", "demo", "--explain", "--format", format}, extra...)
				if code := run(context.Background(), append(args, book), nil, &stdout, &stderr); code != exitFailed {
					t.Fatalf("%v: exit %d: %s", extra, code, stderr.String())
				}
				return stdout.String()
			}
			want := out("--no-cache", "--no-memo")
			if !strings.Contains(want, "HSRI") || !strings.Contains(want, "Hebei Institute of Semiconductors") {
				t.Fatalf("the book does not reach the listed names it is meant to")
			}
			for _, mode := range [][]string{nil, {"--no-cache"}} {
				if diff := cmp.Diff(want, out(mode...)); diff != "" {
					t.Errorf("%v differs from every line from scratch (-scratch +%v):\n%s", mode, mode, diff)
				}
			}
		})
	}
}
