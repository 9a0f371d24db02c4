package main

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBuildVersion: a released build names its version; a build of a
// checkout without one names its commit, and whether it was modified.
func TestBuildVersion(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "0123456789abcdef0123456789abcdef01234567"
	for _, tt := range []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"released", debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}, Settings: vcs(rev, "false")}, "v1.2.3"},
		{"a checkout", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "false")}, "(devel) 0123456789ab"},
		{"a modified checkout", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "true")}, "(devel) 0123456789ab+dirty"},
		{"no VCS information", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "(devel)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, buildVersion(&tt.bi)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestFlagHelpColumn: in every list of flags of --help, each flag's help
// starts three columns after the longest flag as shown, on the root's and
// a group's help (switches only, or nearly) as on a leaf command's: no
// room kept for a "[=true|false]" that is not shown.
func TestFlagHelpColumn(t *testing.T) {
	flagLine := regexp.MustCompile(`^(  -\w, |      )--\S+( \S+)?`)
	for _, args := range [][]string{{}, {"ledger"}, {"records"}, {"bundle"}, {"check"}, {"lists", "update"}, {"ledger", "query"}} {
		name := strings.Join(append([]string{"exportcheck"}, args...), " ")
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), append(args, "--help"), strings.NewReader(""), &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			sections := 0
			for _, section := range strings.Split(stdout.String(), "\n\n") {
				lines := strings.Split(section, "\n")
				if len(lines) < 2 || !strings.HasSuffix(lines[0], "Flags:") {
					continue
				}
				sections++
				longest, cols := 0, map[int][]string{}
				for _, l := range lines[1:] {
					m := flagLine.FindString(l)
					if m == "" {
						continue
					}
					longest = max(longest, len(m))
					col := len(m) + len(l[len(m):]) - len(strings.TrimLeft(l[len(m):], " "))
					cols[col] = append(cols[col], strings.TrimSpace(m))
				}
				if want := longest + 3; len(cols) != 1 || cols[want] == nil {
					t.Errorf("%s: the help of each flag should start at column %d (3 after the longest flag); by column: %v\n%s", lines[0], want, cols, section)
				}
			}
			if sections == 0 {
				t.Fatalf("no flags listed:\n%s", stdout.String())
			}
		})
	}
}

// goTypeNames are the placeholders pflag falls back to when a flag's usage
// names none: the Go type of its value (Value.Type(), or the shorter word
// pflag.UnquoteUsage puts for some).
var goTypeNames = strings.Fields(`bool bools boolSlice bytesBase64 bytesHex count duration durations durationSlice
	float float32 float64 floats float32Slice float64Slice int int8 int16 int32 int64 ints intSlice int32Slice int64Slice
	ip ipMask ipNet ipSlice string strings stringArray stringSlice stringToInt stringToInt64 stringToString
	uint uint8 uint16 uint32 uint64 uints uintSlice value`)

// TestFlagPlaceholders: on every command's --help, each flag that takes a
// value names what to give (DIR, FILE, DATE, N, DURATION, …), as the
// first `word` of its usage, not the Go type pflag shows without one
// ("--data stringArray", "--eval-memory int"): help is read by
// compliance staff, not Go programmers. The usage lines and descriptions
// name a flag's value by the same word ("--signing-key FILE", not KEY).
func TestFlagPlaceholders(t *testing.T) {
	placeholders, prose := helpPlaceholders(t)
	for _, p := range prose {
		for _, m := range mentionedPlaceholder.FindAllStringSubmatch(p.text, -1) {
			if want := placeholders[m[1]]; !want[m[2]] {
				t.Errorf("%s: its help says %s %s, the flag's help %s", p.name, m[1], m[2], strings.Join(slices.Sorted(maps.Keys(want)), " or "))
			}
		}
	}
}

// TestDocsFlagPlaceholders: README.md and docs/ name a flag's value by the
// word the flag's help names it by ("--verification-key FILE", not PUB),
// but where they give an example value ("--destinations CN").
func TestDocsFlagPlaceholders(t *testing.T) {
	placeholders, _ := helpPlaceholders(t)
	examples := map[string]bool{"OLD": true, "CHANGE": true, "COPY": true, "CN": true, // example values in docs/policy-review.md
		"--screening-list FILE": true} // a CSL file, one of the LISTs
	files, _ := filepath.Glob("../../docs/*.md")
	files = append(files, "../../README.md")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			for _, m := range mentionedPlaceholder.FindAllStringSubmatch(line, -1) {
				want, known := placeholders[m[1]]
				if !known || want[m[2]] || examples[m[2]] || examples[m[1]+" "+m[2]] {
					continue // another program's flag (opa run --server), or its word
				}
				t.Errorf("%s:%d: %s %s, where the flag's help says %s", f, i+1, m[1], m[2], strings.Join(slices.Sorted(maps.Keys(want)), " or "))
			}
		}
	}
}

// mentionedPlaceholder is a flag named with a placeholder in prose:
// "--signing-key FILE" (not "--destinations D:5", nor OLD/policies).
var mentionedPlaceholder = regexp.MustCompile(`(--[a-z][a-z-]+)[ =]([A-Z][A-Z]+)\b(?:[^/:=]|$)`)

// helpProse is a command's help other than its flags and examples: its
// description and usage line.
type helpProse struct{ name, text string }

// helpPlaceholders walks every command's --help: each flag's placeholders
// (the first word after it on its line, over every command that has it)
// and each command's prose. It fails on a flag showing a Go type.
func helpPlaceholders(t *testing.T) (map[string]map[string]bool, []helpProse) {
	t.Helper()
	flagLine := regexp.MustCompile(`^(?:  -\w, |      )(--\S+) ([^\s\[]+)`)
	commandLine := regexp.MustCompile(`^  (\S+)\s{2,}\S`)
	placeholders := map[string]map[string]bool{}
	var prose []helpProse
	seen, valued := 0, 0
	for queue := [][]string{{}}; len(queue) > 0; queue = queue[1:] {
		args := queue[0]
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), append(slices.Clip(args), "--help"), strings.NewReader(""), &stdout, &stderr); code != 0 {
			t.Fatalf("exportcheck %s --help: exit %d: %s", strings.Join(args, " "), code, stderr.String())
		}
		seen++
		name := strings.Join(append([]string{"exportcheck"}, args...), " ")
		for _, section := range strings.Split(stdout.String(), "\n\n") {
			lines := strings.Split(section, "\n")
			switch {
			case lines[0] == "Available Commands:":
				for _, l := range lines[1:] {
					if m := commandLine.FindStringSubmatch(l); m != nil && m[1] != "help" {
						queue = append(queue, append(slices.Clip(args), m[1]))
					}
				}
			case strings.HasSuffix(lines[0], "Flags:"):
				for _, l := range lines[1:] {
					m := flagLine.FindStringSubmatch(l)
					if m == nil {
						continue
					}
					valued++
					if slices.Contains(goTypeNames, m[2]) {
						t.Errorf("%s: %s shows the Go type %q as what it takes: put the placeholder in backquotes in its usage (\"under `DIR`\")\n%s", name, m[1], m[2], l)
					}
					if placeholders[m[1]] == nil {
						placeholders[m[1]] = map[string]bool{}
					}
					placeholders[m[1]][m[2]] = true
				}
			case lines[0] == "Examples:":
			default:
				prose = append(prose, helpProse{name, section})
			}
		}
	}
	// Every command, the groups' own and cobra's completion ones too.
	if seen < 30 || valued < 100 {
		t.Fatalf("walked %d commands and %d flags that take a value: the help was not read as expected", seen, valued)
	}
	return placeholders, prose
}
