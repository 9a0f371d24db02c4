package checker

import (
	"context"
	"fmt"
	"os"
	"testing"
)

func TestZZProductProfiles(t *testing.T) {
	if os.Getenv("ZZPROF") == "" {
		t.Skip()
	}
	ctx := context.Background()
	c, _ := New(ctx, Options{})
	f, _ := os.Create("/tmp/pp.tsv")
	for _, p := range c.catalog.Products() {
		for _, d := range []string{"2022-01-01", "2022-10-07", "2023-01-18", "2023-11-17", "2024-04-04", "2024-12-02", "2026-01-15"} {
			cl, err := c.Classify(ctx, p.ID, d)
			if err != nil {
				t.Fatal(err)
			}
			dc := "?"
			if m, ok := c.bundle.Data["products"].(map[string]any)[p.ID].(map[string]any); ok {
				dc = fmt.Sprint(m["datacenter"])
			}
			u := cl.TPP != nil && *cl.TPP < 21000
			fmt.Fprintf(f, "%s\t%s\t%s|%s|%s|%v\n", p.ID, d, cl.Class, cl.ECCN, dc, u)
		}
	}
	f.Close()
}
