package main

import (
	"bytes"
	"context"
	"regexp"
	"runtime/debug"
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
