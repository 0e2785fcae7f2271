package detect

import (
	"bytes"
	"fmt"
	"testing"
)

func benchText(kind string, size int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		switch kind {
		case "log":
			fmt.Fprintf(&b, "2024-05-12T10:%02d:%02dZ INFO login ok user=jane%d@example.com ip=81.2.%d.%d session=%08x\n", i%60, i%60, i, i%256, (i*7)%256, uint32(i)*2654435761)
		case "csv":
			fmt.Fprintf(&b, "%d,Jane,Doe,jane%d@example.com,(415) 555-%04d,%d Oak Street, Springfield, IL 62704,1984-03-12\n", i, i, i%10000, i%9000+1)
		default:
			b.WriteString("The quarterly review went well. We agreed to trim the intake form and to shred the old files by the end of the month. ")
		}
	}
	return b.Bytes()
}

func BenchmarkScan(b *testing.B) {
	d := New(Options{})
	for _, kind := range []string{"log", "csv", "prose"} {
		text := benchText(kind, 4<<20)
		b.Run(kind, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for range b.N {
				for off := 0; off < len(text); off += 1 << 20 {
					d.Scan(Segment{Text: text[off:min(off+1<<20, len(text))]}, func(Match) {})
				}
			}
		})
	}
}

func BenchmarkScanField(b *testing.B) {
	d := New(Options{})
	fields := []Segment{{Text: []byte("Jane"), Key: NewKey("first_name")}, {Text: []byte("jane@example.com"), Key: NewKey("email")},
		{Text: []byte("123-45-6789"), Key: NewKey("ssn")}, {Text: []byte("gold"), Key: NewKey("tier")}, {Text: []byte("1984-03-12"), Key: NewKey("dob")}}
	n := 0
	for _, f := range fields {
		n += len(f.Text)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for range b.N {
		for _, f := range fields {
			d.Scan(f, func(Match) {})
		}
	}
}
