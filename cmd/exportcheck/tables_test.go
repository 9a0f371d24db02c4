package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFitRows(t *testing.T) {
	rows := func() [][]string {
		return [][]string{
			{"ID", "NAME", "ALIASES"},
			{"nvidia-h100-sxm5", "NVIDIA H100 SXM5 80GB", "H100, H100 SXM, H100 SXM5 80GB"},
			{"amd-mi300x", "AMD Instinct MI300X", "MI300X"},
		}
	}
	tests := []struct {
		name  string
		width int
		want  [][]string
	}{
		{"no terminal: whole", 0, rows()},
		{"it fits: whole", 80, rows()},
		{"the aliases cut first", 60, [][]string{
			{"ID", "NAME", "ALIASES"},
			{"nvidia-h100-sxm5", "NVIDIA H100 SXM5 80GB", "H100, H100 SXM, H1…"},
			{"amd-mi300x", "AMD Instinct MI300X", "MI300X"},
		}},
		{"then the names, as much as it takes", 40, [][]string{
			{"ID", "NAME", "ALIASES"},
			{"nvidia-h100-sxm5", "NVIDIA H100 …", "H100, …"}, // 16 + 2 + 13 + 2 + 7 = 40
			{"amd-mi300x", "AMD Instinct…", "MI300X"},
		}},
		{"never below 5 or the header", 20, [][]string{
			{"ID", "NAME", "ALIASES"},
			{"nvidia-h100-sxm5", "NVID…", "H100, …"},
			{"amd-mi300x", "AMD …", "MI300X"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rows()
			fitRows(got, tt.width, 2, 2, 1)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestConfidenceLevel(t *testing.T) {
	for in, want := range map[string]string{
		"high":                                  "high",
		"medium-high":                           "medium-high",
		"medium (NVLink 400 vs Reuters' ~300)":  "medium",
		"low: throughput NOT verified":          "low",
		"high (throughput) / medium (die area)": "high",
		"":                                      "",
	} {
		if got := confidenceLevel(in); got != want {
			t.Errorf("confidenceLevel(%q) = %q, want %q", in, got, want)
		}
	}
}
