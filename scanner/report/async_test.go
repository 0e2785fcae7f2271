package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stockade/stockade/scanner"
	"github.com/stockade/stockade/scanner/detect"
)

func TestAsyncWriterKeepsOrder(t *testing.T) {
	var out bytes.Buffer
	a := newAsyncWriter(&out, 64)
	var want bytes.Buffer
	for i := range 10000 {
		line := fmt.Sprintf("line %d\n", i)
		a.Write([]byte(line))
		want.WriteString(line)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want.Bytes()) {
		t.Errorf("output differs: %d bytes, want %d", out.Len(), want.Len())
	}
	if err := a.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	f.n++
	if f.n > 2 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestAsyncWriterReportsWriteErrors(t *testing.T) {
	a := newAsyncWriter(&failingWriter{}, 16)
	for range 100 {
		a.Write([]byte("0123456789abcdef"))
	}
	if err := a.Close(); err == nil || err.Error() != "disk full" {
		t.Errorf("Close = %v, want the writer's error", err)
	}
}

// Sinks used at once by several goroutines write whole lines, and every finding once.
func TestJSONLSinksInParallel(t *testing.T) {
	var out bytes.Buffer
	w, err := New("jsonl", &out, false)
	if err != nil {
		t.Fatal(err)
	}
	pr := w.(scanner.ParallelReporter)
	var wg sync.WaitGroup
	for g := range 4 {
		sink := pr.NewSink()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5000 {
				sink.Finding(scanner.Finding{Path: fmt.Sprintf("g%d.txt", g), Type: detect.Email, Line: i + 1,
					Masked: "j***@e******.com", Confidence: detect.High, Reason: "address with a real top-level domain"})
			}
			sink.Flush()
		}()
	}
	wg.Wait()
	if err := w.Close(scanner.Summary{}); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		var f Finding
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		seen[fmt.Sprintf("%s:%d", f.Path, f.Line)] = true
	}
	if len(seen) != 4*5000 {
		t.Errorf("%d distinct findings, want %d", len(seen), 4*5000)
	}
}
