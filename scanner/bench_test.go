package scanner

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchFiles builds about size bytes of one format, with personal data in it.
func benchFiles(b *testing.B, kind string, size int) (name string, data []byte) {
	var buf bytes.Buffer
	row := func(i int) string {
		return fmt.Sprintf("Jane%d,Doe,jane%d@example.com,(415) 555-%04d,%d Oak Street, Springfield, IL 62704,1984-03-12", i, i, i%10000, i%9000+1)
	}
	switch kind {
	case "csv":
		buf.WriteString("first_name,last_name,email,phone,address,dob\n")
		for i := 0; buf.Len() < size; i++ {
			buf.WriteString(strings.Replace(row(i), ", Springfield, IL 62704", "", 1) + "\n")
		}
		return "people.csv", buf.Bytes()
	case "json":
		buf.WriteString("[")
		for i := 0; buf.Len() < size; i++ {
			fmt.Fprintf(&buf, `{"first_name":"Jane%d","email":"jane%d@example.com","dob":"1984-03-12","ip":"81.2.69.%d"},`+"\n", i, i, i%250+1)
		}
		buf.WriteString(`{}]`)
		return "crm.json", buf.Bytes()
	case "html":
		for i := 0; buf.Len() < size; i++ {
			fmt.Fprintf(&buf, "<li>Name: Jane Doe</li><li>Email: <a href=\"mailto:j%d@example.com\">j%d@example.com</a></li>\n", i, i)
		}
		return "team.html", buf.Bytes()
	case "mbox":
		for i := 0; buf.Len() < size; i++ {
			att := base64.StdEncoding.EncodeToString([]byte(strings.Repeat(row(i)+"\n", 20)))
			fmt.Fprintf(&buf, "From a@example.com Mon Jan  1 00:00:00 2024\nFrom: a@example.com\nTo: b@example.com\nSubject: s\n"+
				"Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: text/plain\n\ncall (415) 555-0132\n--B\n"+
				"Content-Type: text/csv\nContent-Disposition: attachment; filename=\"a.csv\"\nContent-Transfer-Encoding: base64\n\n%s\n--B--\n\n", att)
		}
		return "mail.mbox", buf.Bytes()
	case "docx":
		var x bytes.Buffer
		x.WriteString(`<w:document xmlns:w="w"><w:body>`)
		for i := 0; x.Len() < size; i++ {
			fmt.Fprintf(&x, `<w:p><w:r><w:t>Name: Jane </w:t></w:r><w:r><w:t>Doe %d, jane%d@example.com</w:t></w:r></w:p>`, i, i)
		}
		x.WriteString(`</w:body></w:document>`)
		return "doc.docx", zipOf(&testing.T{}, map[string][]byte{"word/document.xml": x.Bytes()})
	case "pdf":
		buf.WriteString("%PDF-1.4\n")
		for i := 0; buf.Len() < size; i++ {
			content := fmt.Sprintf("BT /F1 12 Tf 72 700 Td (Email jane%d@example.com) Tj T* [(SSN 123-4) -20 (5-6789)] TJ ET", i)
			fmt.Fprintf(&buf, "%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", i+1, len(content), content)
		}
		return "f.pdf", buf.Bytes()
	case "zip":
		var txt bytes.Buffer
		for i := 0; txt.Len() < size; i++ {
			txt.WriteString(row(i) + "\n")
		}
		return "backup.zip", zipOf(&testing.T{}, map[string][]byte{"a/b.txt": txt.Bytes()})
	}
	b.Fatalf("unknown kind %s", kind)
	return "", nil
}

// BenchmarkExtractors measures each format end to end through the engine (one worker).
func BenchmarkExtractors(b *testing.B) {
	for _, kind := range []string{"csv", "json", "html", "mbox", "docx", "pdf", "zip"} {
		b.Run(kind, func(b *testing.B) {
			dir := b.TempDir()
			name, data := benchFiles(b, kind, 4<<20)
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			var c counter
			for range b.N {
				c = counter{}
				Scan(context.Background(), []string{dir}, Options{Workers: 1}, &c)
			}
			if c.n == 0 {
				b.Fatalf("%s: nothing found", kind)
			}
		})
	}
}

// counter is the cheapest Reporter, so benchmarks measure the scan, not the bookkeeping.
type counter struct{ n int }

func (c *counter) Finding(Finding)               { c.n++ }
func (c *counter) Skipped(Skip)                  {}
func (c *counter) FileDone(FileState, int, bool) {}
