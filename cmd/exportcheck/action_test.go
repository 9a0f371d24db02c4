package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// actionStep is the run script and environment of the step of action.yml
// with this id.
func actionStep(t *testing.T, id string) (script string, env map[string]string) {
	t.Helper()
	b, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Runs struct {
			Steps []struct {
				ID  string            `yaml:"id"`
				Run string            `yaml:"run"`
				Env map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(b, &action); err != nil {
		t.Fatal(err)
	}
	for _, s := range action.Runs.Steps {
		if s.ID == id {
			return s.Run, s.Env
		}
	}
	t.Fatalf("action.yml has no step with id %q", id)
	return "", nil
}

// TestActionCheckStep runs the action's check step as GitHub runs it
// (bash -eo pipefail) with an exportcheck that records its arguments: the
// inputs reach exportcheck as words, never as shell code or as flags, and
// an input that is not one of its values fails the step.
func TestActionCheckStep(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	script, stepEnv := actionStep(t, "check")
	inputs := map[string]string{ // the step's env: the inputs it reads
		"FILES": "${{ inputs.files }}", "FAIL_ON": "${{ inputs.fail-on }}", "LIST": "${{ inputs.screening-list }}",
		"STRICT": "${{ inputs.strict }}", "ARGS": "${{ inputs.args }}", "RECORDS": "${{ inputs.records }}",
		"CONFIG": "${{ inputs.config }}", "SARIF_CATEGORY": "${{ inputs.sarif-category }}",
	}
	if diff := cmp.Diff(inputs, stepEnv); diff != "" {
		t.Fatalf("the check step's env (-want +got):\n%s", diff)
	}
	outputs := []string{"--format", "github", "--output", "sarif=exportcheck.sarif", "--output", "markdown=exportcheck.md",
		"--output", "junit=exportcheck-junit.xml", "--output", "xlsx=exportcheck-audit.xlsx"}
	check := func(args ...string) []string { return append([]string{"check"}, args...) }
	tests := []struct {
		name                                 string
		files, strict, records, args, failOn string
		config, category                     string
		list                                 string
		present                              []string // files in the workspace
		want                                 [][]string
		wantErr                              string // on standard error, the step failing
	}{{
		name: "defaults", files: "orders.csv", list: "cached", strict: "true", failOn: "review",
		want: [][]string{check(append(append([]string{"--screening-list", "cached", "--fail-on", "review", "--strict"}, outputs...), "--", "orders.csv")...)},
	}, {
		name: "globs and args", list: "cached", files: "orders/*.csv extra.csv", strict: "false", failOn: "prohibited", args: "--policy company/policies",
		present: []string{"orders/a.csv", "orders/b.csv"},
		want:    [][]string{check(append(append([]string{"--screening-list", "cached", "--fail-on", "prohibited", "--policy", "company/policies"}, outputs...), "--", "orders/a.csv", "orders/b.csv", "extra.csv")...)},
	}, {
		// args are words as a shell quotes them, and nothing in them is
		// expanded: no glob, no command, no variable.
		name: "args quoted", list: "cached", files: "orders.csv", strict: "true", failOn: "review",
		args:    "--policy \"company policies\" --data 'our data'\n--note=a\\ b *.csv $(touch pwned) $HOME",
		present: []string{"orders.csv"},
		want: [][]string{check(append(append([]string{"--screening-list", "cached", "--fail-on", "review", "--strict",
			"--policy", "company policies", "--data", "our data", "--note=a b", "*.csv", "$(touch", "pwned)", "$HOME"}, outputs...), "--", "orders.csv")...)},
	}, {
		// Not a run with the rest of the arguments taken apart otherwise.
		name: "args with an unmatched quote", list: "cached", files: "orders.csv", strict: "true", failOn: "review",
		args: `--policy "company policies`, wantErr: "unmatched double quote",
	}, {
		// A file in the repository whose name is a flag is an order book,
		// not --screening-list none.
		name: "a file named as a flag", list: "cached", files: "*.csv", strict: "true", failOn: "review",
		present: []string{"--screening-list=none.csv", "orders.csv"},
		want:    [][]string{check(append(append([]string{"--screening-list", "cached", "--fail-on", "review", "--strict"}, outputs...), "--", "--screening-list=none.csv", "orders.csv")...)},
	}, {
		name: "shell in an input", list: "cached", files: `$(touch pwned) "a b".csv`, strict: "true", failOn: "review",
		want: [][]string{check(append(append([]string{"--screening-list", "cached", "--fail-on", "review", "--strict"}, outputs...), "--", "$(touch", "pwned)", `"a`, `b".csv`)...)},
	}, {
		// More than one line: one path or glob a line, so that a name
		// may hold spaces; blank lines and the lines' edges left out.
		name: "one a line", list: "cached", files: "my orders.csv\n  orders/*.csv  \n\n$(touch pwned)\n", strict: "true", failOn: "review",
		records: "records/by team\n", present: []string{"my orders.csv", "orders/x y.csv", "orders/z.csv"},
		want: [][]string{
			{"records", "check", "--", "records/by team"},
			check(append(append([]string{"--screening-list", "cached", "--fail-on", "review", "--strict", "--records=records/by team"}, outputs...),
				"--", "my orders.csv", "orders/x y.csv", "orders/z.csv", "$(touch pwned)")...),
		},
	}, {
		// The configuration named by its input, for every command.
		name: "config", list: "config", files: "orders.csv", strict: "true", failOn: "review", config: "ci/export check.yaml",
		want: [][]string{check(append(append([]string{"--config", "ci/export check.yaml", "--fail-on", "review", "--strict"}, outputs...), "--", "orders.csv")...)},
	}, {
		// The SARIF's code scanning category, one word however it is
		// written; none by default (the defaults above).
		name: "sarif category", list: "cached", files: "orders.csv", strict: "true", failOn: "review", category: "orders/europe $(touch pwned)",
		want: [][]string{check(append(append([]string{"--screening-list", "cached", "--fail-on", "review", "--strict", "--sarif-category", "orders/europe $(touch pwned)"}, outputs...), "--", "orders.csv")...)},
	}, {
		name: "records", list: "cached", files: "orders.csv", strict: "true", failOn: "review", records: "records --recs",
		want: [][]string{
			{"records", "check", "--", "records", "--recs"},
			check(append(append([]string{"--screening-list", "cached", "--fail-on", "review", "--strict", "--records=records", "--records=--recs"}, outputs...), "--", "orders.csv")...),
		},
	}, {
		// The lists .exportcheck.yaml names, not replaced by the flag.
		name: "lists from the configuration", files: "orders.csv", strict: "true", failOn: "review", list: "config",
		want: [][]string{check(append(append([]string{"--fail-on", "review", "--strict"}, outputs...), "--", "orders.csv")...)},
	}, {
		// Not silently a run without --strict.
		name: "strict misspelt", list: "cached", files: "orders.csv", strict: "True", failOn: "review",
		wantErr: `strict: want true or false, not "True"`,
	}, {
		name: "strict yes", list: "cached", files: "orders.csv", strict: "yes", failOn: "review",
		wantErr: `strict: want true or false, not "yes"`,
	}, {
		// The reports of an earlier use of the action in the same job
		// are removed first: the job summary and uploads would show them
		// as this run's.
		name: "earlier reports", list: "cached", files: "orders.csv", strict: "maybe", failOn: "review",
		present: []string{"exportcheck.md", "exportcheck.sarif", "exportcheck-junit.xml", "exportcheck-audit.xlsx"},
		wantErr: `strict: want true or false, not "maybe"`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			work, bin := filepath.Join(dir, "work"), filepath.Join(dir, "bin")
			for _, d := range []string{work, bin} {
				if err := os.Mkdir(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for _, p := range tt.present {
				p = filepath.Join(work, p)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			calls := filepath.Join(dir, "calls")
			stub := "#!/bin/sh\necho '=== call' >>\"$CALLS\"\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >>\"$CALLS\"; done\n"
			if err := os.WriteFile(filepath.Join(bin, "exportcheck"), []byte(stub), 0o755); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
			cmd.Dir = work
			cmd.Env = []string{
				"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "CALLS=" + calls,
				"GITHUB_OUTPUT=" + filepath.Join(dir, "output"), "RUNNER_TEMP=" + dir,
				"FILES=" + tt.files, "FAIL_ON=" + tt.failOn, "LIST=" + tt.list, "STRICT=" + tt.strict, "ARGS=" + tt.args, "RECORDS=" + tt.records,
				"CONFIG=" + tt.config, "SARIF_CATEGORY=" + tt.category,
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			err := cmd.Run()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(stderr.String(), tt.wantErr) {
					t.Errorf("step: err %v, stderr %q; want a failure saying %q", err, stderr.String(), tt.wantErr)
				}
				if _, err := os.Stat(calls); err == nil {
					t.Errorf("exportcheck was run")
				}
				for _, p := range tt.present {
					if _, err := os.Stat(filepath.Join(work, p)); err == nil {
						t.Errorf("%s is left from an earlier run", p)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("step: %v\n%s", err, stderr.String())
			}
			if _, err := os.Stat(filepath.Join(work, "pwned")); err == nil {
				t.Errorf("an input ran as shell code")
			}
			b, err := os.ReadFile(calls)
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
				if l == "=== call" {
					got = append(got, nil)
				} else {
					got[len(got)-1] = append(got[len(got)-1], l)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("exportcheck's arguments (-want +got):\n%s", diff)
			}
		})
	}
}

// TestActionScripts: no run script of action.yml has an expression in its
// text (an input there is shell code: script injection); inputs come in
// through env.
func TestActionScripts(t *testing.T) {
	b, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Runs struct {
			Steps []struct {
				Name string `yaml:"name"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(b, &action); err != nil {
		t.Fatal(err)
	}
	for _, s := range action.Runs.Steps {
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q: an expression in its script; pass it through env", s.Name)
		}
	}
}

// TestActionListCache: the list cache the action restores and saves is
// the directory exportcheck keeps the list in (the configuration's
// cache_dir, else the user cache directory of the runner's OS), as
// exportcheck lists dir says, not a path of its own.
func TestActionListCache(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	b, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Runs struct {
			Steps []struct {
				ID   string            `yaml:"id"`
				Name string            `yaml:"name"`
				If   string            `yaml:"if"`
				Uses string            `yaml:"uses"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(b, &action); err != nil {
		t.Fatal(err)
	}
	var find, restore string
	for _, s := range action.Runs.Steps {
		switch {
		case s.ID == "lists":
			find = s.If
		case strings.HasPrefix(s.Uses, "actions/cache@"):
			restore = s.If
			if got, want := s.With["path"], "${{ steps.lists.outputs.dir }}"; got != want {
				t.Errorf("the cache's path is %q, want %q", got, want)
			}
		}
	}
	if find == "" || find != restore {
		t.Errorf("the lists step runs if %q, the cache if %q: want the same", find, restore)
	}

	script, _ := actionStep(t, "lists")
	dir := t.TempDir()
	stub := "#!/bin/sh\n[ \"$*\" = \"lists dir\" ] || exit 9\necho '/home/runner/my cache/exportcheck/lists'\n"
	if err := os.WriteFile(filepath.Join(dir, "exportcheck"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "output")
	cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	cmd.Env = []string{"PATH=" + dir + string(os.PathListSeparator) + os.Getenv("PATH"), "GITHUB_OUTPUT=" + out}
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("step: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("dir=/home/runner/my cache/exportcheck/lists\n", string(got)); diff != "" {
		t.Errorf("the step's output (-want +got):\n%s", diff)
	}

	// The config input reaches both commands, whole, through env.
	for _, tc := range []struct{ id, want string }{
		{"lists", "lists\ndir\n--config\nci/export check.yaml\n"},
		{"update", "lists\nupdate\n--config\nci/export check.yaml\n"},
	} {
		script, env := actionStep(t, tc.id)
		if got := env["CONFIG"]; got != "${{ inputs.config }}" {
			t.Errorf("step %s: CONFIG is %q, want the config input", tc.id, got)
		}
		args := filepath.Join(dir, "args")
		os.Remove(args)
		stub := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >>\"$ARGS\"; done\necho /c\n"
		if err := os.WriteFile(filepath.Join(dir, "exportcheck"), []byte(stub), 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
		cmd.Env = []string{"PATH=" + dir + string(os.PathListSeparator) + os.Getenv("PATH"), "GITHUB_OUTPUT=" + out,
			"ARGS=" + args, "CONFIG=ci/export check.yaml"}
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("step %s: %v\n%s", tc.id, err, b)
		}
		got, err := os.ReadFile(args)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, string(got)); diff != "" {
			t.Errorf("step %s: exportcheck's arguments (-want +got):\n%s", tc.id, diff)
		}
	}

	// A configuration exportcheck refuses fails the step.
	if err := os.WriteFile(filepath.Join(dir, "exportcheck"), []byte("#!/bin/sh\necho 'exportcheck: bad config' >&2\nexit 2\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	cmd.Env = []string{"PATH=" + dir + string(os.PathListSeparator) + os.Getenv("PATH"), "GITHUB_OUTPUT=" + out}
	if err := cmd.Run(); err == nil {
		t.Errorf("the step passed with exportcheck failing")
	}
}
