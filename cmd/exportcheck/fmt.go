package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newFmtCmd) }

func newFmtCmd(e *env) *cobra.Command {
	var check bool
	cmd := &cobra.Command{
		Use:   "fmt [PATH...]",
		Short: "Format Rego files as opa fmt does (Rego v1)",
		Long: `Format the Rego files under each PATH (a file or a directory, searched recursively;
default the current directory) as opa fmt does for Rego v1, rewriting them in place.
With --check, change nothing: list the files that are not formatted.

Exit codes: 0 done (or, with --check, every file formatted); 1 with --check, a file is
not formatted; 2 a file does not parse or cannot be read or written.`,
		Example: `  exportcheck fmt company/policies
  exportcheck fmt --check .`,
		RunE: func(cmd *cobra.Command, paths []string) error {
			if len(paths) == 0 {
				paths = []string{"."}
			}
			files, err := regoFiles(paths)
			if err != nil {
				return err
			}
			bad := 0
			for _, f := range files {
				changed, err := formatFile(f, !check)
				if err != nil {
					printError(e.stderr, "", err)
					e.code = exitUsage
					continue
				}
				if changed && check {
					fmt.Fprintln(e.stdout, f)
					bad++
				}
			}
			if bad > 0 && e.code == exitOK {
				e.code = exitFailed
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&check, "check", false, "list the files that are not formatted and exit 1 if there are any; change nothing")
	return cmd
}

// regoFiles lists the .rego files named by paths: files as given,
// directories searched recursively (skipping hidden directories).
func regoFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(path, ".rego") {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// formatFile formats one file, rewriting it when write is set, and reports
// whether its formatted text differs.
func formatFile(path string, write bool) (bool, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	out, err := format.SourceWithOpts(path, src, format.Opts{RegoVersion: ast.RegoV1})
	if err != nil {
		return false, err
	}
	if bytes.Equal(src, out) {
		return false, nil
	}
	if !write {
		return true, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return true, err
	}
	return true, os.WriteFile(path, out, st.Mode().Perm())
}
