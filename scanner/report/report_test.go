package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stockade/stockade/scanner"
	"github.com/stockade/stockade/scanner/detect"
)

// The hand-written JSON Lines must decode to what encoding/json would have written.
func TestJSONLMatchesEncodingJSON(t *testing.T) {
	tests := []scanner.Finding{
		{Path: "a.csv", Type: detect.Email, Line: 3, Column: 7, Masked: "j***@e******.com", Confidence: detect.High, Reason: "address"},
		{Path: "x.zip!dir/é \"q\" <b>&\\.txt", Type: detect.SSN, Masked: "***-**-6789", Confidence: detect.Medium, Reason: "tab\there\nnew \x01 \u2028"},
		{Path: "b.xlsx", Type: detect.Phone, Cell: "Sheet1!C12", Page: 2, Masked: "x", Confidence: detect.Low, Reason: "bad \xff byte"},
	}
	for _, f := range tests {
		var buf bytes.Buffer
		w, _ := New("jsonl", &buf, false)
		w.Finding(f)
		if err := w.Close(scanner.Summary{}); err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(convert(f, false))
		if got := bytes.TrimSuffix(buf.Bytes(), []byte("\n")); !bytes.Equal(got, want) {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
}

func TestRevealOnlyWhenAsked(t *testing.T) {
	f := scanner.Finding{Path: "a", Type: detect.SSN, Value: "123-45-6789", Masked: "***-**-6789", Confidence: detect.High}
	for _, format := range Formats {
		for _, reveal := range []bool{false, true} {
			var buf bytes.Buffer
			w, err := New(format, &buf, reveal)
			if err != nil {
				t.Fatal(err)
			}
			w.Finding(f)
			w.Close(scanner.Summary{Findings: 1})
			if has := bytes.Contains(buf.Bytes(), []byte("123-45-6789")); has != reveal && format != "sarif" {
				t.Errorf("%s reveal=%v: raw value present=%v", format, reveal, has)
			}
		}
	}
}
