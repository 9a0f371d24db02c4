// Package testtool finds the real programs some tests drive (LibreOffice,
// Chromium) and starts LibreOffice the way each of those tests needs it.
package testtool

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Find is the path of the first of names on PATH. Without one the test is
// skipped, or fails when the environment variable env is "required" (as
// .ci/run sets it); pkg is the Debian package that provides it and what
// names the test needing it.
func Find(t testing.TB, env, pkg, what string, names ...string) string {
	t.Helper()
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv(env) == "required" {
		t.Fatalf("no %s on PATH (apt-get install %s), and %s=required", names[0], pkg, env)
	}
	t.Skipf("no %s on PATH: %s needs Debian's %s (set %s=required to make this a failure)", names[0], what, pkg, env)
	return ""
}

// Soffice is LibreOffice (Debian's libreoffice-calc-nogui, which .ci/run
// installs); see Find.
func Soffice(t testing.TB, what string) string {
	t.Helper()
	return Find(t, "EXPORTCHECK_TEST_LIBREOFFICE", "libreoffice-calc-nogui", what, "soffice", "libreoffice")
}

// sofficeArgs are the arguments that run LibreOffice headless with a
// profile of its own under dir, converting files to format in dir/lo.
func sofficeArgs(dir, format string, files []string) []string {
	return append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", format, "--outdir", filepath.Join(dir, "lo")}, files...)
}
