package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

type note struct {
	Title string    `json:"title"`
	Done  bool      `json:"done"`
	When  time.Time `json:"when"`
}

var notes = NewCollection[note]("notes")

func testStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "sub", "test.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestRoundTrip(t *testing.T) {
	s := testStore(t)
	when := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	var ids []string
	err := s.Update(func(tx *Tx) error {
		for _, title := range []string{"a", "b", "c"} {
			id, err := notes.Add(tx, note{Title: title, When: when})
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return notes.Put(tx, "named", note{Title: "n", Done: true})
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(ids); i++ {
		if ids[i-1] >= ids[i] {
			t.Errorf("ids not sortable: %q then %q", ids[i-1], ids[i])
		}
	}
	// Reopen: records survive.
	path := s.Path()
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.View(func(tx *Tx) error {
		got, ok, err := notes.Get(tx, ids[1])
		if err != nil || !ok || got.Title != "b" || !got.When.Equal(when) {
			t.Errorf("Get(%s) = %+v, %v, %v", ids[1], got, ok, err)
		}
		if _, ok, _ := notes.Get(tx, "missing"); ok {
			t.Error("Get(missing) found a record")
		}
		var order []string
		_ = notes.ForEach(tx, func(k string, v note) error { order = append(order, v.Title); return nil })
		if strings.Join(order, "") != "abcn" {
			t.Errorf("ForEach order = %v", order)
		}
		if n := notes.Count(tx); n != 4 {
			t.Errorf("Count = %d", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestUpdateIsAtomic(t *testing.T) {
	s := testStore(t)
	boom := errors.New("boom")
	err := s.Update(func(tx *Tx) error {
		if err := notes.Put(tx, "x", note{Title: "half"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	_ = s.View(func(tx *Tx) error {
		if _, ok, _ := notes.Get(tx, "x"); ok {
			t.Error("a failed Update left a record behind")
		}
		return nil
	})
}

func TestPermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	path := filepath.Join(dir, "s.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s mode = %o, want %o", p, got, want)
		}
	}
	bak := filepath.Join(t.TempDir(), "b.db")
	if err := s.BackupFile(bak); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(bak); st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode = %o", st.Mode().Perm())
	}
}

func TestLockTimeout(t *testing.T) {
	s := testStore(t)
	start := time.Now()
	_, err := Open(s.Path())
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second Open err = %v, want ErrInUse", err)
	}
	if !strings.Contains(err.Error(), "in use") || !strings.Contains(err.Error(), s.Path()) {
		t.Errorf("message %q should say 'in use' and name the file", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("second Open took %v, want < 3s", d)
	}
}

func TestRefusesForeignFilesUnchanged(t *testing.T) {
	foreignBolt := filepath.Join(t.TempDir(), "other.db")
	db, err := bolt.Open(foreignBolt, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("theirs")); return err })
	db.Close()

	corrupt := filepath.Join(t.TempDir(), "corrupt.db")
	good := testStore(t)
	good.Close()
	data, _ := os.ReadFile(good.Path())
	for i := 4096; i < 4096+64 && i < len(data); i++ { // damage the second meta page
		data[i] ^= 0xff
	}
	for i := 16; i < 64; i++ { // and the first
		data[i] ^= 0xff
	}
	os.WriteFile(corrupt, data, 0o600)

	garbage := filepath.Join(t.TempDir(), "garbage")
	os.WriteFile(garbage, bytes.Repeat([]byte("not a database\n"), 500), 0o600)

	tests := []struct {
		name string
		path string
		want error
	}{
		{"text file", garbage, ErrNotStockade},
		{"another program's bbolt", foreignBolt, ErrNotStockade},
		{"damaged", corrupt, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(tt.path)
			st0, _ := os.Stat(tt.path)
			s, err := Open(tt.path)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.path) {
				t.Errorf("message %q does not name the file", err)
			}
			after, _ := os.ReadFile(tt.path)
			st1, _ := os.Stat(tt.path)
			if !bytes.Equal(before, after) || st0.Mode() != st1.Mode() {
				t.Error("the file was changed")
			}
		})
	}
}

func TestMigrationsUpgradeOlderFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := open(path, migrations[:1])
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := old.SchemaVersion(); v != 1 {
		t.Fatalf("old schema = %d", v)
	}
	if _, err := old.FingerprintKey(); err == nil {
		t.Fatal("schema 1 should have no fingerprint key")
	}
	old.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.SchemaVersion(); v != len(migrations) {
		t.Errorf("schema after upgrade = %d, want %d", v, len(migrations))
	}
	if s.MigratedFrom != 1 || s.BackupPath == "" {
		t.Errorf("MigratedFrom=%d BackupPath=%q", s.MigratedFrom, s.BackupPath)
	}
	key, err := s.FingerprintKey()
	if err != nil || len(key) != 32 {
		t.Errorf("fingerprint key after upgrade: %d bytes, %v", len(key), err)
	}
	bak, err := open(s.BackupPath, migrations[:1])
	if err != nil {
		t.Fatalf("backup copy does not open as schema 1: %v", err)
	}
	bak.Close()
}

// Each migration must be tested above or here; this guards against adding one silently.
func TestEveryMigrationHasATest(t *testing.T) {
	if len(migrations) != 2 {
		t.Fatalf("%d migrations; add a test for the new one and update this count", len(migrations))
	}
}

func TestRefusesNewerFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	extra := append(append([]migration{}, migrations...), migration{name: "future", apply: func(*bolt.Tx) error { return nil }})
	s, err := open(path, extra)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)
	_, err = Open(path)
	if !errors.Is(err, ErrTooNew) || !strings.Contains(err.Error(), "upgrade Stockade") {
		t.Fatalf("err = %v, want ErrTooNew telling to upgrade", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("a newer file was changed")
	}
}

func TestFingerprintKeyIsStable(t *testing.T) {
	s := testStore(t)
	k1, err := s.FingerprintKey()
	if err != nil {
		t.Fatal(err)
	}
	other := testStore(t)
	k2, _ := other.FingerprintKey()
	k1again, _ := s.FingerprintKey()
	if !bytes.Equal(k1, k1again) || bytes.Equal(k1, k2) {
		t.Error("fingerprint keys should be stable per database and differ between databases")
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data")
	if p, _ := DefaultPath(); p != "/data/stockade/stockade.db" {
		t.Errorf("with XDG_DATA_HOME: %s", p)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/u")
	if p, _ := DefaultPath(); p != "/home/u/.local/share/stockade/stockade.db" {
		t.Errorf("without XDG_DATA_HOME: %s", p)
	}
}
