package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stockade/stockade/store"
)

// run executes the command line in-process without a terminal.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	t.Setenv(EnvDB, filepath.Join(t.TempDir(), "env.db"))
	garbage := filepath.Join(t.TempDir(), "garbage")
	os.WriteFile(garbage, []byte("hello, I am not a database"), 0o600)
	tests := []struct {
		name    string
		args    []string
		code    int
		stdout  string
		stderr  string
		oneLine bool
	}{
		{"version", []string{"version"}, ExitOK, "stockade ", "", false},
		{"help", []string{"--help"}, ExitOK, "backup", "", false},
		{"help command", []string{"help", "backup"}, ExitOK, "consistent copy", "", false},
		{"no terminal", nil, ExitUsage, "", "no terminal", true},
		{"unknown command", []string{"frobnicate"}, ExitUsage, "", `unknown command "frobnicate"`, true},
		{"unknown flag", []string{"--frob"}, ExitUsage, "", "unknown flag: --frob", true},
		{"unknown flag on sub", []string{"backup", "--frob", "x"}, ExitUsage, "", "unknown flag", true},
		{"missing arg", []string{"backup"}, ExitUsage, "", "needs FILE", true},
		{"extra arg", []string{"version", "x"}, ExitUsage, "", "takes no arguments", true},
		{"garbage db", []string{"--db", garbage, "backup", filepath.Join(t.TempDir(), "z.db")}, ExitError, "", "not a Stockade database", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errs)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout %q lacks %q", out, tt.stdout)
			}
			if !strings.Contains(errs, tt.stderr) {
				t.Errorf("stderr %q lacks %q", errs, tt.stderr)
			}
			if tt.oneLine && strings.Count(strings.TrimSpace(errs), "\n") != 0 {
				t.Errorf("stderr should be one line, got %q", errs)
			}
		})
	}
}

func TestNoTerminalNamesCommands(t *testing.T) {
	_, _, errs := run(t)
	for _, c := range nonInteractive {
		if !strings.Contains(errs, c) {
			t.Errorf("message %q does not name %q", errs, c)
		}
	}
}

func TestDBFlagAndEnv(t *testing.T) {
	dir := t.TempDir()
	fromEnv := filepath.Join(dir, "env", "a.db")
	fromFlag := filepath.Join(dir, "flag", "b.db")
	t.Setenv(EnvDB, fromEnv)

	if code, _, errs := run(t, "backup", filepath.Join(dir, "copy1.db")); code != 0 {
		t.Fatalf("backup with STOCKADE_DB: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(fromEnv); err != nil {
		t.Errorf("STOCKADE_DB was not used: %v", err)
	}
	if code, _, errs := run(t, "--db", fromFlag, "backup", filepath.Join(dir, "copy2.db")); code != 0 {
		t.Fatalf("backup with --db: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(fromFlag); err != nil {
		t.Errorf("--db was not used (it must win over STOCKADE_DB): %v", err)
	}
	// Default: XDG_DATA_HOME when neither is set.
	t.Setenv(EnvDB, "")
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "xdg"))
	if code, _, errs := run(t, "backup", filepath.Join(dir, "copy3.db")); code != 0 {
		t.Fatalf("backup with default path: exit %d: %s", code, errs)
	}
	def := filepath.Join(dir, "xdg", "stockade", "stockade.db")
	st, err := os.Stat(def)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("default database %s: %v", def, err)
	}
}

func TestBackupIsACopy(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	copyPath := filepath.Join(dir, "copy.db")
	if code, _, errs := run(t, "--db", db, "backup", copyPath); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	st, err := os.Stat(copyPath)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("copy: %v", err)
	}
	s, err := store.Open(copyPath)
	if err != nil {
		t.Fatalf("copy does not open as a database: %v", err)
	}
	s.Close()
}

func TestBackupWhileInUse(t *testing.T) {
	db := filepath.Join(t.TempDir(), "busy.db")
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	code, _, errs := run(t, "--db", db, "backup", filepath.Join(t.TempDir(), "y.db"))
	if code != ExitError || !strings.Contains(errs, "in use") || !strings.Contains(errs, db) {
		t.Errorf("exit %d, stderr %q: want 1 and 'in use' with the path", code, errs)
	}
}
