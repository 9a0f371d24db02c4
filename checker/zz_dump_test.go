package checker

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
)

func TestZZDump(t *testing.T) {
	c, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 1))
	products := []string{"nvidia-h100-sxm5", "nvidia-h800-sxm5", "nvidia-h20", "nvidia-a100-sxm4-80gb", "nvidia-a800-sxm4-80gb",
		"nvidia-l40s", "nvidia-l40", "nvidia-l20", "nvidia-l4", "nvidia-rtx-4090", "nvidia-rtx-4090d", "nvidia-rtx-4060",
		"nvidia-dgx-h100", "nvidia-hgx-h20", "amd-mi300x", "amd-mi308x", "intel-gaudi3", "huawei-ascend-910b", "nvidia-h200-sxm", "nvidia-b200"}
	countries := []string{"CN", "HK", "MO", "DE", "JP", "US", "SG", "AE", "SA", "IL", "TW", "VN", "RU", "IR", "KH", "CY", "IN", "BR", ""}
	var orders []any
	for i := 0; i < 512; i++ {
		o := Order{Line: i, Product: products[r.IntN(len(products))], Destination: countries[r.IntN(len(countries)-1)], EndUserHQ: countries[r.IntN(len(countries))],
			Date: fmt.Sprintf("%d-%02d-%02d", 2022+r.IntN(5), 1+r.IntN(12), 1+r.IntN(28))}
		var res Result
		p, err := c.resolve(context.Background(), &o, &res)
		if err != nil {
			t.Fatal(err)
		}
		orders = append(orders, p.input())
	}
	b, _ := json.Marshal(map[string]any{"regime": "enforced", "orders": orders})
	os.WriteFile("/tmp/input.json", b, 0o644)
	d, _ := json.Marshal(c.bundle.Data)
	os.WriteFile("/tmp/data.json", d, 0o644)
}

func TestZZPure(t *testing.T) {
	c, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for k := range c.memo.pure {
		t.Log(k)
	}
}
