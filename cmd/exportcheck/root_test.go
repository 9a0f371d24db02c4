package main

import (
	"bytes"
	"context"
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
// compliance staff, not Go programmers.
func TestFlagPlaceholders(t *testing.T) {
	flagLine := regexp.MustCompile(`^(?:  -\w, |      )(--\S+) ([^\s\[]+)`)
	commandLine := regexp.MustCompile(`^  (\S+)\s{2,}\S`)
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
				}
			}
		}
	}
	// Every command, the groups' own and cobra's completion ones too.
	if seen < 30 || valued < 100 {
		t.Fatalf("walked %d commands and %d flags that take a value: the help was not read as expected", seen, valued)
	}
}
