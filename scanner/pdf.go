package scanner

import (
	"bytes"
	"compress/zlib"
	"io"
	"strconv"
)

const maxPDF = 256 << 20

// pdfFile extracts the text of a PDF: it inflates each FlateDecode (or plain) content stream
// and reads the text-showing operators. Each content stream with text counts as a page.
func (fc *fileCtx) pdfFile(name string, ra io.ReaderAt, size int64) {
	if size > maxPDF {
		fc.skip(name, "PDF larger than 256 MB")
		return
	}
	data := make([]byte, size)
	if _, err := ra.ReadAt(data, 0); err != nil && err != io.EOF {
		fc.skip(name, "cannot read PDF: "+errText(err))
		return
	}
	page := 0
	// One inflater and one buffer serve every stream of the file.
	var zr io.ReadCloser
	var rawR bytes.Reader
	var inflated []byte
	for off := 0; ; {
		k := bytes.Index(data[off:], []byte("stream"))
		if k < 0 {
			return
		}
		s := off + k + len("stream")
		off = s
		if bytes.HasSuffix(data[:s], []byte("endstream")) {
			continue
		}
		if s < len(data) && data[s] == '\r' {
			s++
		}
		if s < len(data) && data[s] == '\n' {
			s++
		}
		e := bytes.Index(data[s:], []byte("endstream"))
		if e < 0 {
			return
		}
		raw := data[s : s+e]
		off = s + e + len("endstream")
		dict := data[max(0, s-400):s]
		if d := bytes.LastIndex(dict, []byte("<<")); d >= 0 {
			dict = dict[d:]
		}
		if bytes.Contains(dict, []byte("/Subtype/Image")) || bytes.Contains(dict, []byte("/Subtype /Image")) ||
			bytes.Contains(dict, []byte("/FontFile")) || bytes.Contains(dict, []byte("/Length1")) {
			continue
		}
		content := raw
		if bytes.Contains(dict, []byte("/FlateDecode")) {
			rawR.Reset(raw)
			var err error
			if zr == nil {
				zr, err = zlib.NewReader(&rawR)
			} else {
				err = zr.(zlib.Resetter).Reset(&rawR, nil)
			}
			if err != nil {
				zr = nil
				continue
			}
			limit := min(fc.budget, max(int64(len(raw))*int64(fc.e.opts.MaxRatio), 1<<20))
			inflated, err = readAllInto(inflated[:0], io.LimitReader(zr, limit+1))
			content = inflated
			if int64(len(content)) > limit {
				fc.skip(name, "PDF stream over the decompression limit")
				return
			}
			if err != nil && len(content) == 0 {
				continue
			}
			fc.budget -= int64(len(content))
		} else if bytes.Contains(dict, []byte("/Filter")) {
			continue // other filters (images, fonts) hold no text we read
		}
		text := pdfText(content)
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		page++
		fc.emit(text, loc{path: name, page: page})
	}
}

// readAllInto reads r to its end, appending to b.
func readAllInto(b []byte, r io.Reader) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// pdfText reads the strings shown by Tj, TJ, ' and " in a content stream, with a line break
// at each text positioning operator. In TJ arrays, pieces are joined; a large kerning gap
// becomes a space.
func pdfText(c []byte) []byte {
	var out []byte
	var pending []byte // the strings since the last operator, joined
	var inArray bool
	var arr []byte
	i := 0
	for i < len(c) {
		ch := c[i]
		switch {
		case ch == '(':
			var n int
			if inArray {
				arr, n = pdfLiteral(arr, c[i:])
			} else {
				pending, n = pdfLiteral(pending, c[i:])
			}
			i += n
		case ch == '<' && i+1 < len(c) && c[i+1] != '<':
			j := bytes.IndexByte(c[i:], '>')
			if j < 0 {
				return out
			}
			if inArray {
				arr = pdfHex(arr, c[i+1:i+j])
			} else {
				pending = pdfHex(pending, c[i+1:i+j])
			}
			i += j + 1
		case ch == '[':
			inArray, arr = true, arr[:0]
			i++
		case ch == ']':
			inArray = false
			pending = append(pending, arr...)
			i++
		case inArray && (ch == '-' || ch >= '0' && ch <= '9' || ch == '.'):
			j := i + 1
			for j < len(c) && (c[j] >= '0' && c[j] <= '9' || c[j] == '.') {
				j++
			}
			if v, err := strconv.ParseFloat(string(c[i:j]), 64); err == nil && v < -200 {
				arr = append(arr, ' ') // a gap wider than a fifth of a character is a space
			}
			i = j
		case ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch == '\'' || ch == '"' || ch == '*':
			j := i + 1
			for j < len(c) && (c[j] >= 'A' && c[j] <= 'Z' || c[j] >= 'a' && c[j] <= 'z' || c[j] == '*') {
				j++
			}
			switch string(c[i:j]) {
			case "Tj", "TJ":
				out = append(out, pending...)
			case "'", "\"":
				out = append(out, '\n')
				out = append(out, pending...)
			case "Td", "TD", "T*", "Tm", "ET":
				if len(out) > 0 && out[len(out)-1] != '\n' {
					out = append(out, '\n')
				}
			}
			pending = pending[:0]
			i = j
		case ch == '%':
			for i < len(c) && c[i] != '\n' && c[i] != '\r' {
				i++
			}
		default:
			i++
		}
	}
	return out
}

// pdfLiteral reads a (string) with its escapes and nested parentheses.
func pdfLiteral(out, c []byte) ([]byte, int) {
	depth := 0
	i := 0
	for i < len(c) {
		ch := c[i]
		switch {
		case ch == '(':
			if depth > 0 {
				out = append(out, ch)
			}
			depth++
		case ch == ')':
			depth--
			if depth == 0 {
				return out, i + 1
			}
			out = append(out, ch)
		case ch == '\\' && i+1 < len(c):
			i++
			switch e := c[i]; e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b', 'f':
			case '\r', '\n':
			default:
				if e >= '0' && e <= '7' {
					v, k := 0, 0
					for k < 3 && i+k < len(c) && c[i+k] >= '0' && c[i+k] <= '7' {
						v = v*8 + int(c[i+k]-'0')
						k++
					}
					out = appendLatin1(out, byte(v))
					i += k - 1
				} else {
					out = append(out, e)
				}
			}
		default:
			out = appendLatin1(out, ch)
		}
		i++
	}
	return out, len(c)
}

// appendLatin1 appends a WinAnsi byte as UTF-8.
func appendLatin1(out []byte, b byte) []byte {
	if b < 0x80 {
		return append(out, b)
	}
	return append(out, string(rune(b))...)
}

func pdfHex(out, h []byte) []byte {
	var v byte
	n := 0
	for _, ch := range h {
		var d byte
		switch {
		case ch >= '0' && ch <= '9':
			d = ch - '0'
		case ch >= 'a' && ch <= 'f':
			d = ch - 'a' + 10
		case ch >= 'A' && ch <= 'F':
			d = ch - 'A' + 10
		default:
			continue
		}
		v = v<<4 | d
		n++
		if n == 2 {
			out = appendLatin1(out, v)
			v, n = 0, 0
		}
	}
	if n == 1 {
		out = appendLatin1(out, v<<4)
	}
	return out
}
