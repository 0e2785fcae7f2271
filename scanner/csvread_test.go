package scanner

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// csvRecords renders what csvReader reads as "line:col=text" fields, records split by " | ".
func csvRecords(r io.Reader, comma byte) (string, error) {
	cr := newCSVReader(r, comma, 1)
	var recs []string
	for {
		rec, err := cr.read()
		if err == io.EOF {
			return strings.Join(recs, " | "), nil
		}
		if err != nil {
			return strings.Join(recs, " | "), err
		}
		var fs []string
		for _, f := range rec {
			fs = append(fs, fmt.Sprintf("%d:%d=%s", f.line, f.col, f.text))
		}
		recs = append(recs, strings.Join(fs, ","))
	}
}

func TestCSVReader(t *testing.T) {
	tests := []struct {
		name, in string
		comma    byte
		want     string
	}{
		{"plain", "a,b\nc,d\n", ',', "1:1=a,1:3=b | 2:1=c,2:3=d"},
		{"no final newline", "a,b\nc,d", ',', "1:1=a,1:3=b | 2:1=c,2:3=d"},
		{"crlf", "a,b\r\nc,d\r\n", ',', "1:1=a,1:3=b | 2:1=c,2:3=d"},
		{"quoted with comma and newline", "x,\"a, b\nc\",y\nz\n", ',', "1:1=x,1:4=a, b\nc,2:4=y | 3:1=z"},
		{"doubled quotes", `"say ""hi""",2` + "\n", ',', `1:2=say "hi",1:14=2`},
		{"stray quote kept", `ab"c,"d"e",f` + "\n", ',', `1:1=ab"c,1:7=d"e,1:12=f`},
		{"empty lines skipped", "a\n\n\r\nb\n", ',', "1:1=a | 4:1=b"},
		{"empty fields", "a,,\n", ',', "1:1=a,1:3=,1:4="},
		{"semicolons", "a;b,c\n", ';', "1:1=a,1:3=b,c"},
		{"unclosed quote runs to the end", "a,\"b\nc", ',', "1:1=a,1:4=b\nc"},
		{"tabs", "a\tb\n", '\t', "1:1=a,1:3=b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range []io.Reader{strings.NewReader(tt.in), iotest.OneByteReader(strings.NewReader(tt.in))} {
				got, err := csvRecords(r, tt.comma)
				if err != nil {
					t.Fatalf("error %v", err)
				}
				if got != tt.want {
					t.Errorf("got  %q\nwant %q", got, tt.want)
				}
			}
		})
	}
}

func TestCSVReaderLongRecord(t *testing.T) {
	in := "a,b\n\"" + strings.Repeat("x", maxCSVRecord) + "\n"
	cr := newCSVReader(strings.NewReader(in), ',', 1)
	if _, err := cr.read(); err != nil {
		t.Fatal(err)
	}
	if _, err := cr.read(); err != errCSVRecord {
		t.Fatalf("got %v, want errCSVRecord", err)
	}
	// Nothing is lost: the rest reads back in full.
	rest, _ := io.ReadAll(cr.rest())
	if len(rest) != len(in)-4 {
		t.Errorf("rest has %d bytes, want %d", len(rest), len(in)-4)
	}
}

// stdCSV reads in with encoding/csv as csvFile used to, for comparison.
func stdCSV(in []byte, comma byte) ([][]string, bool) {
	r := csv.NewReader(bytes.NewReader(in))
	r.Comma = rune(comma)
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	return recs, err == nil
}

func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{"a,b\nc,d\n", "x,\"a, b\nc\",y\r\n", `"say ""hi""",2`, `ab"c,"d"e",f`, "a\n\n\nb", "\"a\"\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		cr := newCSVReader(iotest.HalfReader(bytes.NewReader(in)), ',', 1)
		var ours [][]string
		for n := 0; ; n++ {
			rec, err := cr.read()
			if err != nil {
				break
			}
			if n > len(in)+1 {
				t.Fatal("more records than lines")
			}
			var fs []string
			for _, f := range rec {
				fs = append(fs, string(f.text))
			}
			ours = append(ours, fs)
		}
		std, ok := stdCSV(in, ',')
		if !ok || bytes.ContainsRune(in, '\r') {
			return
		}
		if fmt.Sprintf("%q", ours) != fmt.Sprintf("%q", std) {
			t.Errorf("records differ from encoding/csv:\nours %q\nstd  %q", ours, std)
		}
	})
}
