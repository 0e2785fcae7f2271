package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stockade/stockade/store"
)

func scanTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "people.csv"), []byte("first_name,email,ssn\nJane,jane.doe@example.com,123-45-6789\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("nothing here\ncall (415) 555-0132\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "noise.bin"), []byte{0, 1, 2, 3, 4}, 0o644)
	return dir
}

func TestScanJSONL(t *testing.T) {
	dir := scanTree(t)
	t.Chdir(dir)
	code, out, errs := run(t, "scan", "--format", "jsonl", ".")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("want 4 findings, got:\n%s", out)
	}
	seen := map[string]map[string]any{}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		for _, k := range []string{"path", "type", "line", "column", "masked", "confidence", "reason"} {
			if _, ok := m[k]; !ok {
				t.Errorf("finding lacks %q: %s", k, l)
			}
		}
		if _, ok := m["value"]; ok {
			t.Errorf("raw value written: %s", l)
		}
		seen[m["type"].(string)] = m
	}
	if p := seen["ssn"]["path"]; p != "sub/people.csv" {
		t.Errorf("path %v, want sub/people.csv (relative, no ./)", p)
	}
	if m := seen["ssn"]["masked"]; m != "***-**-6789" {
		t.Errorf("masked %v", m)
	}
	if l := seen["phone"]["line"]; l != float64(2) {
		t.Errorf("phone line %v", l)
	}
	if strings.Contains(out, "123-45-6789") || strings.Contains(out, "jane.doe@example.com") {
		t.Error("raw values in the output")
	}
	if !strings.Contains(errs, "3 files") || !strings.Contains(errs, "4 findings") || !strings.Contains(errs, "MB/s") {
		t.Errorf("summary line: %q", errs)
	}
}

func TestScanFormatsAndExitCodes(t *testing.T) {
	dir := scanTree(t)
	tests := []struct {
		args []string
		code int
		out  string
		err  string
	}{
		{[]string{"scan", "--format", "text", dir}, 0, "noise.bin: binary file", ""},
		{[]string{"scan", "--format", "json", dir}, 0, `"skipped"`, ""},
		{[]string{"scan", "--format", "csv", dir}, 0, "path,type,line,column", ""},
		{[]string{"scan", "--format", "sarif", dir}, 0, `"version": "2.1.0"`, ""},
		{[]string{"scan", "--fail-on-findings", dir}, ExitError, "", ""},
		{[]string{"scan", "--fail-on-findings", "--types", "iban", dir}, 0, "", ""},
		{[]string{"scan", "--format", "yaml", dir}, ExitUsage, "", "unknown format"},
		{[]string{"scan", "--types", "shoe_size", dir}, ExitUsage, "", "unknown type"},
		{[]string{"scan", "--min-confidence", "sure", dir}, ExitUsage, "", "unknown confidence"},
		{[]string{"scan", "--max-file-size", "lots", dir}, ExitUsage, "", "not a size"},
		{[]string{"scan"}, ExitUsage, "", "at least one PATH"},
		{[]string{"scan", "--reveal", dir}, ExitUsage, "", "terminal only"},
		{[]string{"scan", filepath.Join(dir, "missing")}, ExitError, "", "no such file"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[1:], " "), func(t *testing.T) {
			code, out, errs := run(t, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errs, tt.err) {
				t.Errorf("exit %d (want %d)\nstdout %q (want %q)\nstderr %q (want %q)", code, tt.code, out, tt.out, errs, tt.err)
			}
		})
	}
}

func TestScanSaveAndCache(t *testing.T) {
	dir := scanTree(t)
	db := filepath.Join(t.TempDir(), "s.db")
	code, _, errs := run(t, "--db", db, "scan", "--save", "--format", "jsonl", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	var files map[string]store.ScannedFile
	st.View(func(tx *store.Tx) error { files, err = store.ScannedFiles.All(tx); return err })
	raw, _ := os.ReadFile(db)
	st.Close()
	csvRec := files[filepath.Join(dir, "sub", "people.csv")]
	if csvRec.Types["ssn"] == nil || csvRec.Types["ssn"].Count != 1 || csvRec.Types["ssn"].Samples[0] != "***-**-6789" || len(csvRec.Types["ssn"].Fingerprints[0]) != 32 {
		t.Errorf("saved record: %+v", csvRec.Types["ssn"])
	}
	for _, v := range []string{"123-45-6789", "123456789", "jane.doe@example.com", "555-0132"} {
		if strings.Contains(string(raw), v) {
			t.Errorf("the database holds the raw value %q", v)
		}
	}
	// A second saved scan reads nothing again.
	code, out, errs := run(t, "--db", db, "scan", "--save", "--format", "jsonl", dir)
	if code != 0 || out != "" || !strings.Contains(errs, "3 unchanged files not read again") {
		t.Errorf("rescan: exit %d out %q err %q", code, out, errs)
	}
	// --no-cache reads them all.
	_, out, _ = run(t, "--db", db, "scan", "--save", "--no-cache", "--format", "jsonl", dir)
	if strings.Count(out, "\n") != 4 {
		t.Errorf("--no-cache found %q", out)
	}
	// Same value, same fingerprint, across scans and formats of the value.
	s1 := saver(t, db)
	if s1.fingerprint("ssn", "123-45-6789") != s1.fingerprint("ssn", "123 45 6789") {
		t.Error("fingerprints differ for the same SSN written two ways")
	}
}

func saver(t *testing.T, db string) *scanSaver {
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s, err := newScanSaver(st, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"500MB": 500e6, "2GiB": 2 << 30, "1048576": 1 << 20, "1.5kb": 1500} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "-1MB", "lots"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) accepted", bad)
		}
	}
}
