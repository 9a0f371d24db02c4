//go:build unix

package testtool

import (
	"context"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// SofficeConvert is the command that has LibreOffice (bin) convert files
// to format into dir/lo, with its profile and HOME in dir. soffice is a
// script that starts oosplash, which starts soffice.bin: past ctx's
// deadline, all of them (their process group) are ended, and their output
// is waited for 10 s more at most.
func SofficeConvert(ctx context.Context, bin, dir, format string, files ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, bin, sofficeArgs(dir, format, files)...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	return cmd
}
