// Package cli is Stockade's command line: the command tree, its flags, exit codes and the
// non-interactive commands. With no command it opens the terminal interface.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"charm.land/fang/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/stockade/stockade/store"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// EnvDB names the environment variable that sets the database path.
const EnvDB = "STOCKADE_DB"

// IO is where a command reads and writes; tests swap it.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	// IsTerminal reports whether the interface can run (stdin and stdout are terminals).
	IsTerminal bool
}

// StdIO is the process's own standard streams.
func StdIO() IO {
	return IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		IsTerminal: term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd())}
}

// usageError marks a mistake in how a command was called (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// exitError carries a chosen exit code for an outcome that is not a failure to run, such as
// findings with --fail-on-findings. Its message may be empty.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// app carries what every command needs.
type app struct {
	io     IO
	dbFlag string
}

// dbPath resolves the database path: --db, then STOCKADE_DB, then the default.
func (a *app) dbPath() (string, error) {
	if a.dbFlag != "" {
		return a.dbFlag, nil
	}
	if p := os.Getenv(EnvDB); p != "" {
		return p, nil
	}
	return store.DefaultPath()
}

func (a *app) openStore() (*store.Store, error) {
	p, err := a.dbPath()
	if err != nil {
		return nil, err
	}
	st, err := store.Open(p)
	if err != nil {
		return nil, err
	}
	if st.BackupPath != "" {
		fmt.Fprintf(a.io.Err, "stockade: upgraded %s from schema %d; the old file was kept as %s\n", p, st.MigratedFrom, st.BackupPath)
	}
	return st, nil
}

// Version is the build's version, from the module information when installed with go install.
func Version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

// nonInteractive lists the commands that work without a terminal, for the message shown when
// the interface cannot start.
var nonInteractive = []string{"scan", "plan", "quiz --list", "backup", "version", "help"}

func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "stockade",
		Short: "Run your small business's privacy program from the terminal, offline.",
		Long: "Stockade walks you through the FTC's five-step plan for protecting personal information " +
			"(take stock, scale down, lock it, pitch it, plan ahead) and does the work with you, on this " +
			"computer only. Run it with no command to open the interface.",
		Example: "# Open the interface\nstockade\n\n# Use another database file\nstockade --db ~/shop.db\n\n" +
			"# Write a copy of the database\nstockade backup shop-copy.db",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q for %q", args[0], cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runTUI(cmd.Context()) },
	}
	root.PersistentFlags().StringVar(&a.dbFlag, "db", "",
		"database file (default: $"+EnvDB+", else $XDG_DATA_HOME/stockade/stockade.db)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.SetIn(a.io.In)
	root.SetOut(a.io.Out)
	root.SetErr(a.io.Err)
	root.AddCommand(newScanCmd(a), newPlanCmd(a), newQuizCmd(a), newVersionCmd(a), newBackupCmd(a))
	return root
}

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print Stockade's version",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(a.io.Out, "stockade %s\n", Version())
			return err
		},
	}
}

func newBackupCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of the database to FILE",
		Long: "Write a consistent copy of the database to FILE (readable by you only). " +
			"Keep the copy somewhere safe: it holds everything Stockade knows.",
		Example: "stockade backup ~/Backups/stockade-2026-11-22.db",
		Args:    exactArgs(1, "FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.BackupFile(args[0]); err != nil {
				return err
			}
			fmt.Fprintf(a.io.Err, "stockade: wrote a copy of %s to %s\n", st.Path(), args[0])
			return nil
		},
	}
}

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, got %q", cmd.CommandPath(), strings.Join(args, " "))
	}
	return nil
}

func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s needs %s (got %d arguments)", cmd.CommandPath(), names, len(args))
		}
		return nil
	}
}

// Run executes the command line args and returns the process's exit code.
func Run(ctx context.Context, args []string, stdio IO) int {
	a := &app{io: stdio}
	root := newRoot(a)
	root.SetArgs(args)
	err := fang.Execute(ctx, root,
		fang.WithVersion(Version()),
		fang.WithoutManpage(),
		fang.WithoutCompletions(),
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) {
			var ee exitError
			if errors.As(err, &ee) && ee.msg == "" {
				return
			}
			msg := err.Error()
			if isUsage(err) {
				msg += " (see 'stockade --help')"
			}
			fmt.Fprintln(w, "stockade: "+msg)
		}),
	)
	return exitCode(err)
}

func exitCode(err error) int {
	var ee exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		return ee.code
	case isUsage(err):
		return ExitUsage
	default:
		return ExitError
	}
}

// isUsage reports a usage mistake: ours, or one of cobra's (which it does not type).
func isUsage(err error) bool {
	var ue usageError
	if errors.As(err, &ue) {
		return true
	}
	s := err.Error()
	for _, prefix := range []string{"unknown command", "unknown flag", "unknown shorthand flag",
		"flag needs an argument", "invalid argument", "accepts ", "requires "} {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
