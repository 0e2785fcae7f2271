package scanner

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stockade/stockade/scanner/detect"
)

// jsonVisits renders what jsonWalker visits as "key=value@line:col".
func jsonVisits(in string) ([]string, error) {
	var out []string
	w := jsonWalker{data: []byte(in), line: 1, visit: func(v []byte, key detect.Key, line, col int) {
		out = append(out, fmt.Sprintf("%s=%s@%d:%d", key.Name(), v, line, col))
	}}
	return out, w.walk()
}

func TestJSONWalker(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"object", "{\n \"first_name\": \"Jane\",\n \"age\": 41\n}", []string{"first_name=Jane@2:17", "age=41@3:9"}},
		{"arrays keep the key", `{"tags":["a",["b"]],"n":null,"t":true}`, []string{"tags=a@1:11", "tags=b@1:16"}},
		{"escapes", `{"s":"a\"b\\c\u00e9\ud83d\ude00\n"}`, []string{"s=a\"b\\cé😀\n@1:7"}},
		{"json lines", "{\"ip\":\"81.2.69.160\"}\n{\"ip\":\"81.2.69.161\"}\n", []string{"ip=81.2.69.160@1:8", "ip=81.2.69.161@2:8"}},
		{"nested objects restore the key", `{"a":{"b":"x"},"c":"y"}`, []string{"b=x@1:12", "c=y@1:21"}},
		{"top-level scalars", `"x" 12`, []string{"=x@1:2", "=12@1:5"}},
		{"empty containers", `{"a":{},"b":[],"c":"z"}`, []string{"c=z@1:21"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := jsonVisits(tt.in)
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestJSONWalkerStops(t *testing.T) {
	for _, in := range []string{`{"a":1,}`, `{"a" 1}`, `[1 2]`, `{"a":"unterminated`, "{\"a\":\"raw\nbreak\"}", `nope`, `{"a":tru}`,
		strings.Repeat("[", maxJSONDepth+1)} {
		w := jsonWalker{data: []byte(in), line: 1, visit: func([]byte, detect.Key, int, int) {}}
		if err := w.walk(); err == nil {
			t.Errorf("%.40q: accepted", in)
		}
		if w.i > len(in) {
			t.Errorf("%.40q: stopped past the end", in)
		}
	}
}

// stdJSONScalars lists the strings and numbers encoding/json reads, in order.
func stdJSONScalars(in []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(in))
	dec.UseNumber()
	var out []string
	type frame struct{ obj, expectKey bool }
	var stack []frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			return nil
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				stack = append(stack, frame{obj: v == '{', expectKey: v == '{'})
				continue
			}
			stack = stack[:len(stack)-1]
		case string:
			if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].expectKey {
				stack[n-1].expectKey = false
				continue
			}
			out = append(out, v)
		case json.Number:
			out = append(out, string(v))
		}
		if n := len(stack); n > 0 && stack[n-1].obj {
			stack[n-1].expectKey = true
		}
	}
}

func FuzzJSONWalker(f *testing.F) {
	for _, s := range []string{`{"first_name":"Jane","tags":["a",1.5e3,{"x":null}]}`, "{\"a\":1}\n{\"a\":2}", `"\ud83d\ude00"`, `[[[]]]`, `{"a":"\u00"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var ours []string
		w := jsonWalker{data: in, line: 1, visit: func(v []byte, _ detect.Key, line, col int) {
			if line < 1 || col < 1 {
				t.Fatalf("position %d:%d", line, col)
			}
			ours = append(ours, string(v))
		}}
		err := w.walk()
		if w.i > len(in) {
			t.Fatalf("stopped at %d, past the end %d", w.i, len(in))
		}
		// Valid JSON is read in full, with the same strings and numbers as encoding/json.
		if json.Valid(in) && utf8.Valid(in) {
			if err != nil {
				t.Fatalf("valid JSON refused at %d", w.i)
			}
			if std := stdJSONScalars(in); fmt.Sprintf("%q", std) != fmt.Sprintf("%q", ours) {
				t.Errorf("scalars differ:\nours %q\nstd  %q", ours, std)
			}
		}
	})
}
