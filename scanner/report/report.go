// Package report writes scan results for people and programs: a text summary, JSON Lines,
// JSON, CSV and SARIF. Raw values are written only when Reveal is set, which the command line
// allows only on a terminal.
package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/stockade/stockade/scanner"
	"github.com/stockade/stockade/scanner/detect"
)

// Formats lists the output formats by name.
var Formats = []string{"text", "jsonl", "json", "csv", "sarif"}

// Writer receives a scan's results as they come and writes them out at Close (or at once,
// for streaming formats).
type Writer interface {
	scanner.Reporter
	Close(sum scanner.Summary) error
}

// New returns the writer for a format name.
func New(format string, w io.Writer, reveal bool) (Writer, error) {
	switch format {
	case "text":
		return &textWriter{w: w, reveal: reveal, byFile: map[string]map[string]int{}}, nil
	case "jsonl":
		return &jsonlWriter{w: newAsyncWriter(w, 256<<10), enc: jsonlEncoder{reveal: reveal}}, nil
	case "json":
		return &jsonWriter{w: w, reveal: reveal, findings: []Finding{}, skipped: []Skipped{}}, nil
	case "csv":
		cw := csv.NewWriter(w)
		err := cw.Write([]string{"path", "type", "line", "column", "page", "cell", "masked", "confidence", "reason"})
		return &csvWriter{w: cw, reveal: reveal}, err
	case "sarif":
		return &sarifWriter{w: w, reveal: reveal}, nil
	}
	return nil, fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats, ", "))
}

// Finding is the JSON form of a finding. Field names are a contract.
type Finding struct {
	Path       string `json:"path"`
	Type       string `json:"type"`
	Line       int    `json:"line,omitempty"`
	Column     int    `json:"column,omitempty"`
	Page       int    `json:"page,omitempty"`
	Cell       string `json:"cell,omitempty"`
	Masked     string `json:"masked"`
	Value      string `json:"value,omitempty"`
	Confidence string `json:"confidence"`
	Reason     string `json:"reason"`
}

// Skipped is the JSON form of a skipped file.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

func convert(f scanner.Finding, reveal bool) Finding {
	out := Finding{Path: f.Path, Type: string(f.Type), Line: f.Line, Column: f.Column, Page: f.Page, Cell: f.Cell,
		Masked: f.Masked, Confidence: f.Confidence.String(), Reason: f.Reason}
	if reveal {
		out.Value = f.Value
	}
	return out
}

// jsonlWriter streams one JSON object per line. It writes the JSON by hand: a scan can
// report a million findings, and encoding/json's reflection would cost more than finding
// them. It is a scanner.ParallelReporter: each scanning goroutine formats its findings in
// a sink of its own, and only whole buffers are handed to the shared output.
type jsonlWriter struct {
	mu  sync.Mutex // guards w between sinks
	w   *asyncWriter
	enc jsonlEncoder // for findings sent without a sink
	buf []byte
}

// confidenceJSON is each confidence level as a JSON string, by value.
var confidenceJSON = func() (out [5][]byte) {
	for c := range out {
		out[c] = appendJSONString(nil, detect.Confidence(c).String())
	}
	return out
}()

// jsonlEncoder formats findings. Paths repeat for every finding in a file, and types,
// confidences and reasons come from small sets: their JSON is made once.
type jsonlEncoder struct {
	reveal   bool
	lastPath string
	pathJSON []byte
	cache    map[string][]byte
	last     [2]lastEncoded
}

// encoded returns s as a JSON string, from the cache when it has been seen. Findings in a
// row often share their type and reason, so the last string looked up in each of a few
// slots is checked before the map.
func (e *jsonlEncoder) encoded(slot int, s string) []byte {
	if l := &e.last[slot]; l.s == s && l.b != nil {
		return l.b
	}
	c, ok := e.cache[s]
	if ok {
		e.last[slot] = lastEncoded{s, c}
		return c
	}
	c = appendJSONString(nil, s)
	if e.cache == nil {
		e.cache = map[string][]byte{}
	}
	if len(e.cache) < 4096 {
		e.cache[s] = c
	}
	e.last[slot] = lastEncoded{s, c}
	return c
}

type lastEncoded struct {
	s string
	b []byte
}

// Slots of jsonlEncoder.last.
const (
	slotType = iota
	slotReason
)

// append appends f as one line of JSON.
func (e *jsonlEncoder) append(b []byte, f scanner.Finding) []byte {
	if f.Path != e.lastPath || e.pathJSON == nil {
		e.lastPath, e.pathJSON = f.Path, appendJSONString(e.pathJSON[:0], f.Path)
	}
	b = append(b, `{"path":`...)
	b = append(b, e.pathJSON...)
	b = append(b, `,"type":`...)
	b = append(b, e.encoded(slotType, string(f.Type))...)
	if f.Line > 0 {
		b = append(b, `,"line":`...)
		b = strconv.AppendInt(b, int64(f.Line), 10)
	}
	if f.Column > 0 {
		b = append(b, `,"column":`...)
		b = strconv.AppendInt(b, int64(f.Column), 10)
	}
	if f.Page > 0 {
		b = append(b, `,"page":`...)
		b = strconv.AppendInt(b, int64(f.Page), 10)
	}
	if f.Cell != "" {
		b = append(b, `,"cell":`...)
		b = appendJSONString(b, f.Cell)
	}
	b = append(b, `,"masked":`...)
	b = appendJSONString(b, f.Masked)
	if e.reveal {
		b = append(b, `,"value":`...)
		b = appendJSONString(b, f.Value)
	}
	b = append(b, `,"confidence":`...)
	b = append(b, confidenceJSON[min(int(f.Confidence), len(confidenceJSON)-1)]...)
	b = append(b, `,"reason":`...)
	b = append(b, e.encoded(slotReason, f.Reason)...)
	return append(b, "}\n"...)
}

func (j *jsonlWriter) write(b []byte) {
	j.mu.Lock()
	j.w.Write(b)
	j.mu.Unlock()
}

// Finding writes one finding sent without a sink.
func (j *jsonlWriter) Finding(f scanner.Finding) {
	j.buf = j.enc.append(j.buf[:0], f)
	j.write(j.buf)
}

// NewSink returns a sink for one scanning goroutine.
func (j *jsonlWriter) NewSink() scanner.FindingSink {
	return &jsonlSink{j: j, enc: jsonlEncoder{reveal: j.enc.reveal}}
}

// jsonlSink formats one goroutine's findings into its own buffer.
type jsonlSink struct {
	j   *jsonlWriter
	enc jsonlEncoder
	buf []byte
}

func (s *jsonlSink) Finding(f scanner.Finding) {
	s.buf = s.enc.append(s.buf, f)
	if len(s.buf) >= 32<<10 {
		s.Flush()
	}
}

func (s *jsonlSink) Flush() {
	if len(s.buf) > 0 {
		s.j.write(s.buf)
		s.buf = s.buf[:0]
	}
}

// jsonSafe marks the bytes that stand for themselves in a JSON string.
var jsonSafe = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendJSONString appends s as a JSON string, escaping what JSON requires (and <, >, &
// as encoding/json does, so the output is the same).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if jsonSafe[c] {
			i++
			continue
		}
		if c >= 0x80 {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
				b = append(b, s[start:i]...)
				if r == utf8.RuneError {
					b = append(b, `\ufffd`...)
				} else {
					b = append(b, `\u202`...)
					b = append(b, hex[r&0xf])
				}
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
func (j *jsonlWriter) Skipped(scanner.Skip)                  {}
func (j *jsonlWriter) FileDone(scanner.FileState, int, bool) {}
func (j *jsonlWriter) Close(scanner.Summary) error {
	return j.w.Close()
}
func (c *csvWriter) Skipped(scanner.Skip)                    {}
func (c *csvWriter) FileDone(scanner.FileState, int, bool)   {}
func (s *sarifWriter) Skipped(scanner.Skip)                  {}
func (s *sarifWriter) FileDone(scanner.FileState, int, bool) {}
func (t *textWriter) FileDone(scanner.FileState, int, bool)  {}
func (j *jsonWriter) FileDone(scanner.FileState, int, bool)  {}

type jsonWriter struct {
	w        io.Writer
	reveal   bool
	findings []Finding
	skipped  []Skipped
}

func (j *jsonWriter) Finding(f scanner.Finding) {
	j.findings = append(j.findings, convert(f, j.reveal))
}
func (j *jsonWriter) Skipped(s scanner.Skip) { j.skipped = append(j.skipped, Skipped(s)) }
func (j *jsonWriter) Close(sum scanner.Summary) error {
	enc := json.NewEncoder(j.w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Findings []Finding `json:"findings"`
		Skipped  []Skipped `json:"skipped"`
		Summary  summary   `json:"summary"`
	}{j.findings, j.skipped, toSummary(sum)})
}

type summary struct {
	Files    int64   `json:"files"`
	Cached   int64   `json:"cached"`
	Bytes    int64   `json:"bytes"`
	Skipped  int64   `json:"skipped"`
	Findings int64   `json:"findings"`
	Seconds  float64 `json:"seconds"`
}

func toSummary(s scanner.Summary) summary {
	return summary{s.Files, s.Cached, s.Bytes, s.Skipped, s.Findings, s.Elapsed.Seconds()}
}

type csvWriter struct {
	w      *csv.Writer
	reveal bool
}

func (c *csvWriter) Finding(f scanner.Finding) {
	x := convert(f, c.reveal)
	masked := x.Masked
	if c.reveal {
		masked = x.Value
	}
	_ = c.w.Write([]string{x.Path, x.Type, num(x.Line), num(x.Column), num(x.Page), x.Cell, masked, x.Confidence, x.Reason})
}

func (c *csvWriter) Close(scanner.Summary) error {
	c.w.Flush()
	return c.w.Error()
}

func num(v int) string {
	if v == 0 {
		return ""
	}
	return fmt.Sprint(v)
}

// textWriter sums findings up by file and type, for a person.
type textWriter struct {
	w       io.Writer
	reveal  bool
	byFile  map[string]map[string]int
	samples map[string]string
	skipped []Skipped
}

func (t *textWriter) Finding(f scanner.Finding) {
	m := t.byFile[f.Path]
	if m == nil {
		m = map[string]int{}
		t.byFile[f.Path] = m
	}
	m[string(f.Type)]++
	if t.samples == nil {
		t.samples = map[string]string{}
	}
	k := f.Path + "\x00" + string(f.Type)
	if _, ok := t.samples[k]; !ok {
		if t.reveal {
			t.samples[k] = f.Value
		} else {
			t.samples[k] = f.Masked
		}
	}
}

func (t *textWriter) Skipped(s scanner.Skip) { t.skipped = append(t.skipped, Skipped(s)) }

func (t *textWriter) Close(sum scanner.Summary) error {
	var b strings.Builder
	paths := make([]string, 0, len(t.byFile))
	for p := range t.byFile {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	totals := map[string]int{}
	for _, p := range paths {
		b.WriteString(p + "\n")
		types := make([]string, 0, len(t.byFile[p]))
		for ty := range t.byFile[p] {
			types = append(types, ty)
		}
		sort.Strings(types)
		for _, ty := range types {
			n := t.byFile[p][ty]
			totals[ty] += n
			fmt.Fprintf(&b, "  %-18s %5d   e.g. %s\n", ty, n, t.samples[p+"\x00"+ty])
		}
	}
	if sum.Cached > 0 {
		fmt.Fprintf(&b, "%d unchanged files were not read again: their saved results stand (--no-cache rescans them).\n", sum.Cached)
	}
	if len(paths) == 0 && sum.Cached == 0 {
		b.WriteString("No personal data found.\n")
	} else if len(paths) == 0 {
		b.WriteString("No personal data found in the files read this time.\n")
	} else {
		b.WriteString("\nBy type:\n")
		types := make([]string, 0, len(totals))
		for ty := range totals {
			types = append(types, ty)
		}
		sort.Strings(types)
		for _, ty := range types {
			fmt.Fprintf(&b, "  %-18s %6d\n", ty, totals[ty])
		}
		fmt.Fprintf(&b, "%d files hold personal data.\n", len(paths))
	}
	if len(t.skipped) > 0 {
		fmt.Fprintf(&b, "\nSkipped (%d):\n", len(t.skipped))
		for _, s := range t.skipped {
			fmt.Fprintf(&b, "  %s: %s\n", s.Path, s.Reason)
		}
	}
	_, err := io.WriteString(t.w, b.String())
	return err
}

// sarifWriter writes SARIF 2.1.0, one result per finding, for code-scanning tools.
type sarifWriter struct {
	w       io.Writer
	reveal  bool
	results []map[string]any
}

func (s *sarifWriter) Finding(f scanner.Finding) {
	x := convert(f, s.reveal)
	region := map[string]any{}
	if x.Line > 0 {
		region["startLine"] = x.Line
		if x.Column > 0 {
			region["startColumn"] = x.Column
		}
	}
	phys := map[string]any{"artifactLocation": map[string]any{"uri": x.Path}}
	if len(region) > 0 {
		phys["region"] = region
	}
	level := map[string]string{"high": "error", "medium": "warning", "low": "note"}[x.Confidence]
	s.results = append(s.results, map[string]any{
		"ruleId":    x.Type,
		"level":     level,
		"message":   map[string]any{"text": fmt.Sprintf("%s %s (%s)", x.Type, x.Masked, x.Reason)},
		"locations": []any{map[string]any{"physicalLocation": phys}},
	})
}

func (s *sarifWriter) Close(scanner.Summary) error {
	if s.results == nil {
		s.results = []map[string]any{}
	}
	var rules []map[string]any
	for _, t := range []string{"email", "phone", "ssn", "credit_card", "iban", "ipv4", "ipv6", "date_of_birth", "us_street_address", "person_name", "secret"} {
		rules = append(rules, map[string]any{"id": t, "shortDescription": map[string]any{"text": "Personal data: " + t}})
	}
	doc := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool":    map[string]any{"driver": map[string]any{"name": "stockade", "informationUri": "https://github.com/stockade/stockade", "rules": rules}},
			"results": s.results,
		}},
	}
	enc := json.NewEncoder(s.w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
