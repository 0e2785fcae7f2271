package scanner

import (
	"archive/zip"
	"bytes"
	"context"
	"testing"
)

// fuzzCtx is a file scan with a counting reporter, for calling one extractor directly.
func fuzzCtx() (*fileCtx, *counter) {
	c := &counter{}
	e := newEngine(Options{}.withDefaults(), c, &Counters{})
	return &fileCtx{e: e, ctx: context.Background(), budget: 64 << 20}, c
}

// Each extractor gets its own fuzz target; their seed corpora run with go test.

func FuzzCSV(f *testing.F) {
	f.Add([]byte("sep=;\nname;ssn\n\"Jo \"\"x\"\"\";123-45-6789\n"))
	f.Add([]byte("a,\"b\nc\",d\n\"unterminated"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fc, _ := fuzzCtx()
		fc.csvFile("f.csv", bytes.NewReader(data))
	})
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`{"a":[{"dob":"1984-03-12"},1.5e3,null,true],"b":{"c":"x@example.com"}}`))
	f.Add([]byte("{\"a\":1}\n{\"b\":\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fc, _ := fuzzCtx()
		fc.jsonFile("f.json", bytes.NewReader(data))
	})
}

func FuzzMarkup(f *testing.F) {
	f.Add([]byte("<a href='mailto:x@example.com' title=\"&amp;\">Name: Jo &#39;Do</a><!-- x"))
	f.Add([]byte("<<<>>>&&&#;<a b=>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, _ := stripMarkup(data)
		if bytes.Count(text, []byte("\n")) != bytes.Count(data, []byte("\n")) && !bytes.Contains(data, []byte("&")) {
			t.Fatalf("line breaks not kept: %q -> %q", data, text)
		}
	})
}

func FuzzMail(f *testing.F) {
	f.Add([]byte("From: a@example.com\nTo: b@example.com\nContent-Type: multipart/mixed; boundary=X\n\n--X\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=a.csv\n\nbmFtZQpKbyBEb2UK\n--X--\n"), false)
	f.Add([]byte("From x\nFrom: a@b.co\nSubject: =?utf-8?q?x?=\n\nbody\n>From y\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, mbox bool) {
		fc, _ := fuzzCtx()
		fc.mailStream("m.eml", bytes.NewReader(data), mbox)
	})
}

func FuzzPDF(f *testing.F) {
	f.Add([]byte("%PDF-1.4\n1 0 obj<</Filter/FlateDecode>>stream\nx\x9c\x03\x00\x00\x00\x00\x01endstream"))
	f.Add([]byte("BT [(a) -300 (b\\)\\053) 5 <41 42>] TJ (c) ' ET"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pdfText(data)
		fc, _ := fuzzCtx()
		fc.pdfFile("f.pdf", bytes.NewReader(data), int64(len(data)))
	})
}

func FuzzOffice(f *testing.F) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(docxXML))
	zw.Close()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		fc, _ := fuzzCtx()
		fc.zipFile("f.docx", bytes.NewReader(data), int64(len(data)), 0)
	})
}

func FuzzArchive(f *testing.F) {
	f.Add(gz(tarOf(map[string][]byte{"a.txt": []byte("x@example.com")})))
	f.Add(tarOf(map[string][]byte{"b.txt": []byte("y")}))
	f.Fuzz(func(t *testing.T, data []byte) {
		fc, _ := fuzzCtx()
		fc.scanFile("f.bin", bytes.NewReader(data), int64(len(data)), 0)
	})
}
