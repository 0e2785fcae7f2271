package report

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
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
