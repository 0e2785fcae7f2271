package sqlite

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"testing"
)

func cells(t *testing.T, data []byte) ([]Cell, error) {
	t.Helper()
	var out []Cell
	err := Walk(bytes.NewReader(data), int64(len(data)), func(c Cell) error {
		out = append(out, c)
		return nil
	})
	return out, err
}

func TestWalk(t *testing.T) {
	data, err := os.ReadFile("testdata/people.db")
	if err != nil {
		t.Fatal(err)
	}
	if !IsSQLite(data) {
		t.Fatal("IsSQLite false on a SQLite file")
	}
	got, err := cells(t, data)
	if err != nil {
		t.Fatal(err)
	}
	find := func(table, col, substr string) *Cell {
		for i, c := range got {
			if c.Table == table && c.Column == col && strings.Contains(string(c.Text), substr) {
				return &got[i]
			}
		}
		return nil
	}
	tests := []struct{ table, col, text string }{
		{"customers", "first name", "Jane"},            // quoted column name
		{"customers", "email", "jane.doe@example.com"}, // text
		{"customers", "phone", "4155550132"},           // integer as text
		{"customers", "notes", "SSN 123-45-6789"},      // text
		{"customers", "notes", "mary@example.net"},     // on overflow pages
		{"orders", "ssn", "234-56-0300"},               // a table over interior pages
		{"orders", "amount", "448.5"},                  // float
	}
	for _, tt := range tests {
		if find(tt.table, tt.col, tt.text) == nil {
			t.Errorf("no %s.%s cell with %q", tt.table, tt.col, tt.text)
		}
	}
	if c := find("customers", "email", "jane"); c == nil || c.Row != 1 {
		t.Errorf("rowid of Jane's email: %+v", c)
	}
	for _, c := range got {
		if c.Table == "kv" || bytes.Contains(c.Text, []byte{0xff}) {
			t.Errorf("unexpected cell %+v (WITHOUT ROWID tables and blobs are not read)", c)
		}
	}
	if n := len(got); n < 300 {
		t.Errorf("only %d cells", n)
	}
}

func TestDamagedFiles(t *testing.T) {
	good, err := os.ReadFile("testdata/people.db")
	if err != nil {
		t.Fatal(err)
	}
	// An interior table page whose right-most child is itself: a loop.
	loop := bytes.Clone(good)
	for n := 2; n*4096 <= len(loop); n++ {
		p := loop[(n-1)*4096 : n*4096]
		if p[0] == 0x05 {
			binary.BigEndian.PutUint32(p[8:], uint32(n))
			break
		}
	}
	tests := map[string][]byte{
		"empty":       {},
		"header only": good[:100],
		"bad page size": func() []byte {
			b := bytes.Clone(good[:4096])
			b[16], b[17] = 0, 3
			return b
		}(),
		"truncated": good[:len(good)/2],
		"loop":      loop,
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := cells(t, data)
			if err == nil && name != "truncated" {
				t.Error("no error")
			}
			if err != nil && !errors.Is(err, ErrDamaged) && name != "truncated" {
				t.Errorf("error %v is not ErrDamaged", err)
			}
		})
	}
}

func TestColumnNames(t *testing.T) {
	tests := map[string]string{
		`CREATE TABLE t (id INTEGER PRIMARY KEY, "first name" TEXT, email TEXT)`:    "id|first name|email",
		"CREATE TABLE `x` (a, b DECIMAL(10,2), [c d] TEXT, PRIMARY KEY(a, b))":      "a|b|c d",
		`CREATE TABLE t(a TEXT CHECK(a <> ''), CONSTRAINT k UNIQUE (a), b INTEGER)`: "a|b",
	}
	for sql, want := range tests {
		if got := strings.Join(columnNames(sql), "|"); got != want {
			t.Errorf("%s: %q, want %q", sql, got, want)
		}
	}
}

func FuzzWalk(f *testing.F) {
	good, _ := os.ReadFile("testdata/people.db")
	f.Add(good)
	f.Add(good[:4096])
	f.Add(append(bytes.Clone(good[:100]), make([]byte, 4000)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		_ = Walk(bytes.NewReader(data), int64(len(data)), func(Cell) error {
			n++
			if n > 1e6 {
				t.Fatal("runaway")
			}
			return nil
		})
	})
}

func BenchmarkWalk(b *testing.B) {
	data, _ := os.ReadFile("testdata/people.db")
	b.SetBytes(int64(len(data)))
	for range b.N {
		Walk(bytes.NewReader(data), int64(len(data)), func(Cell) error { return nil })
	}
}
