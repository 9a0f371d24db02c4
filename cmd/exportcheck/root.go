package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/exportcheck/exportcheck/ledger"
	"github.com/exportcheck/exportcheck/reports"
)

// Exit codes.
const (
	exitOK     = 0 // nothing at or above the threshold
	exitFailed = 1 // at least one line at or above the threshold (or a check failed)
	exitUsage  = 2 // usage or input error
)

// version is set with -ldflags "-X main.version=..."; otherwise the module version.
var version = ""

func toolVersion() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	return buildVersion(bi)
}

// buildVersion is the module's version a binary was built at, or for a
// build of a checkout without one, "(devel)" and its commit.
func buildVersion(bi *debug.BuildInfo) string {
	v := cmp.Or(bi.Main.Version, "dev")
	if v == "(devel)" || v == "dev" {
		// A build of a checkout without a version: name its commit, so a
		// record says which code decided.
		var rev, dirty string
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision":
				rev = s.Value
			case s.Key == "vcs.modified" && s.Value == "true":
				dirty = "+dirty"
			}
		}
		if rev != "" {
			v += " " + reports.ShortHash(rev) + dirty
		}
	}
	return v
}

// env is what a command needs from its surroundings.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	code           int // exit code a command sets; errors map to exitUsage
}

// exitError carries an exit code out of a command without a usage message.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// run is the whole CLI; main only calls it, so every command is testable in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	net := newStderrNet(stderr) // under every write to standard error
	defer net.Flush()
	stderr = net
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:           "exportcheck",
		Short:         "Check hardware orders against US export controls (EAR 3A090/4A090)",
		Long:          "exportcheck decides, for every line of a hardware order book, whether US export controls allow it on the date it ships, and says why, citing the regulation.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       toolVersion(),
		// Runnable, so that rootArgs words what is not a command: without
		// Args, cobra's "unknown command" puts its suggestion on lines of
		// their own, which standard error shows as \n.
		Args:        rootArgs,
		RunE:        showHelp,
		Annotations: map[string]string{"group": "true"},
	}
	root.SetUsageTemplate(usageTemplate)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	for _, add := range commands {
		root.AddCommand(add(e))
	}
	groupArgs(root)
	err := root.ExecuteContext(ctx)
	var ee exitError
	switch {
	case errors.As(err, &ee):
		return ee.code
	case closedOutput(err, stdout):
		fmt.Fprintln(stderr, "exportcheck: standard output was closed before everything was written (broken pipe): the output is incomplete")
		return exitUsage
	case err != nil:
		printError(stderr, "exportcheck: ", err)
		return exitUsage
	}
	return e.code
}

// closedOutput reports whether err is a write to standard output that its
// reader had closed (exportcheck doc | head): a failed run as any failed
// write, said in words rather than as "write /dev/stdout: broken pipe".
func closedOutput(err error, stdout io.Writer) bool {
	var pe *fs.PathError
	f, ok := stdout.(*os.File)
	return ok && errors.As(err, &pe) && pe.Op == "write" && pe.Path == f.Name() && errors.Is(pe.Err, syscall.EPIPE)
}

func init() {
	cobra.AddTemplateFunc("flagHelp", flagHelp)
}

// flagHelp writes a command's flags for people: wrapped to 100 columns,
// without pflag's "[=true|false]" after every switch, and the help
// column where the longest flag as shown puts it (a blanked
// "[=true|false]" would push it 13 columns right of "-h, --help" when
// only switches are listed: the root's and a group's help).
func flagHelp(fs *pflag.FlagSet) string {
	shown := pflag.NewFlagSet(fs.Name(), pflag.ContinueOnError)
	shown.SortFlags = fs.SortFlags
	fs.VisitAll(func(f *pflag.Flag) {
		g := *f
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() && f.Value.Type() == "bool" {
			g.Value = switchValue{f.Value}
		}
		shown.AddFlag(&g)
	})
	return strings.TrimRight(shown.FlagUsagesWrapped(100), " \n")
}

// switchValue is a switch's value as pflag shows a flag that is not
// one: without "[=true|false]" after its name. The switch itself is
// unchanged (flagHelp shows a copy of the flags).
type switchValue struct{ pflag.Value }

// usageTemplate is cobra's, with flagHelp for the flags, and no usage
// line of its own for the root and the commands that group others
// (runnable only to word what is not a command: their usage is their
// commands).
var usageTemplate = strings.NewReplacer(
	"Usage:{{if .Runnable}}", `Usage:{{if and .Runnable (not (index .Annotations "group"))}}`,
	"{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}", "{{flagHelp .LocalFlags}}",
	"{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}", "{{flagHelp .InheritedFlags}}",
).Replace((&cobra.Command{}).UsageTemplate())

// atLeastOne is cobra.MinimumNArgs(1) with an error that says what to give:
// "give at least one order book: exportcheck check FILE... (- for standard
// input)", not cobra's "requires at least 1 arg(s), only received 0".
func atLeastOne(what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return fmt.Errorf("give at least one %s: %s", what, cmd.UseLine())
		}
		return nil
	}
}

// noArgs is cobra.NoArgs with an error that says what was given and, for
// an argument that names a ledger where the command has --ledger, how to
// give it: "ledger verify takes no arguments, not "sqlite:ledger.db": give
// the ledger as --ledger sqlite:ledger.db", not cobra's "unknown command".
// A password in it is not shown.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	name := strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
	if cmd.HasAvailableSubCommands() && !strings.ContainsAny(args[0], ":/.") {
		// serve tokn: a command mistyped, not an argument.
		msg := fmt.Sprintf("%s has no command %q", name, args[0])
		if s := suggestions(cmd, args[0]); len(s) > 0 {
			msg += ": did you mean " + strings.Join(s, " or ") + "?"
		}
		return errors.New(msg)
	}
	shown, dsn := ledger.IsDSN(args[0])
	if !dsn {
		return fmt.Errorf("%s takes no arguments, not %q", name, args[0])
	}
	msg := fmt.Sprintf("%s takes no arguments, not %q", name, shown)
	switch {
	case cmd.Flags().Lookup("ledger") == nil:
	case shown == args[0]:
		msg += ": give the ledger as --ledger " + shown
	default:
		msg += ": give the ledger with --ledger"
	}
	return errors.New(msg)
}

// groupArgs makes each command that only groups others (ledger,
// records, lists, bundle) refuse an argument that is none of them, as
// noArgs words it ("ledger has no command "verfy": did you mean
// verify?"): cobra would show its help and exit 0, and a CI step with a
// typo would pass having done nothing. Without arguments it still shows
// its help.
func groupArgs(cmd *cobra.Command) {
	for _, sub := range cmd.Commands() {
		if sub.HasSubCommands() && !sub.Runnable() {
			sub.Args = noArgs
			sub.RunE = showHelp
			if sub.Annotations == nil {
				sub.Annotations = map[string]string{}
			}
			sub.Annotations["group"] = "true"
		}
		groupArgs(sub)
	}
}

// suggestions are cmd's commands that word resembles, at cobra's default
// distance for the root's commands (cobra asks none for the others).
func suggestions(cmd *cobra.Command, word string) []string {
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	return cmd.SuggestionsFor(word)
}

// showHelp is the run of a command that only groups others: its help.
func showHelp(cmd *cobra.Command, _ []string) error { return cmd.Help() }

// rootArgs refuses a first argument that is no command, in words: a
// command mistyped is offered the ones it resembles ("no command "chek":
// did you mean check?"), and an order book given without a command is
// shown the command that checks it.
func rootArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("no command %q", args[0])
	switch s := suggestions(cmd, args[0]); {
	case len(s) > 0:
		return errors.New(msg + ": did you mean " + strings.Join(s, " or ") + "?")
	case args[0] == "-" || strings.ContainsAny(args[0], "./\\"):
		return fmt.Errorf("%s: to check an order book, exportcheck check %s", msg, args[0])
	}
	return errors.New(msg + ": exportcheck --help lists the commands")
}

// commands are the subcommands; each command file appends its constructor.
var commands []func(*env) *cobra.Command

// terminalWidth is the width of a terminal w, or 0 for files, pipes and
// when wide output is asked for.
func terminalWidth(w io.Writer, wide bool) int {
	f, ok := osFile(w)
	if wide || !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}

// fitRows cuts the cells of the columns given, in that order, each to no
// less than its header (nor 5), with an ellipsis, until the table (columns
// separated by gap spaces) fits width; width 0 leaves it whole.
func fitRows(rows [][]string, width, gap int, cols ...int) {
	if width <= 0 || len(rows) == 0 {
		return
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	over := gap*(len(widths)-1) - width
	for _, w := range widths {
		over += w
	}
	for _, col := range cols {
		if over <= 0 {
			return
		}
		to := max(widths[col]-over, utf8.RuneCountInString(rows[0][col]), 5)
		if to >= widths[col] {
			continue
		}
		over -= widths[col] - to
		widths[col] = to
		for _, r := range rows {
			if rs := []rune(r[col]); len(rs) > to {
				r[col] = string(rs[:to-1]) + "…"
			}
		}
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := osFile(w)
	return ok && term.IsTerminal(int(f.Fd()))
}

// osFile is the file w writes to: w, or the file under standard error's
// net (stderrNet).
func osFile(w io.Writer) (*os.File, bool) {
	if n, ok := w.(*stderrNet); ok {
		return n.file()
	}
	f, ok := w.(*os.File)
	return f, ok
}

func sortStrings(s []string) { sort.Strings(s) }
