package scanner

import (
	"bytes"
	"errors"
	"io"
)

// csvField is one field of a record: its text (quotes removed, doubled quotes undone) and
// where its text starts.
type csvField struct {
	text      []byte
	line, col int
}

// csvReader splits CSV into records without copying: fields are slices of its buffer, valid
// until the next call to read. It is as lenient as encoding/csv with LazyQuotes (a stray
// quote is kept as text; a field may hold line breaks inside quotes; rows may differ in
// length), skips empty lines like it, and, unlike it, allocates nothing per field; on a
// customer export that difference is most of the scan's time.
type csvReader struct {
	window
	comma  byte
	line   int // line number of buf[pos]
	fields []csvField
	// Fields with doubled quotes are unescaped into scratch; spans says where.
	scratch []byte
	spans   [][2]int
}

// maxCSVRecord bounds one record held in memory; a longer one ends the CSV reading and the
// rest of the file is read as plain text.
const maxCSVRecord = 16 << 20

var errCSVRecord = errors.New("CSV record longer than 16 MiB")

func newCSVReader(r io.Reader, comma byte, firstLine int) *csvReader {
	return &csvReader{window: newWindow(r, maxCSVRecord), comma: comma, line: firstLine}
}

// rest returns what the reader has buffered but not parsed, followed by the unread input.
func (c *csvReader) rest() io.Reader {
	return io.MultiReader(bytes.NewReader(c.buf[c.pos:]), c.r)
}

// read returns the next record. At the end it returns io.EOF; errCSVRecord when a record
// does not fit; otherwise the reader's error.
func (c *csvReader) read() ([]csvField, error) {
	for {
		// Skip empty lines.
		for c.pos < len(c.buf) && (c.buf[c.pos] == '\n' || c.buf[c.pos] == '\r' && c.pos+1 < len(c.buf) && c.buf[c.pos+1] == '\n') {
			if c.buf[c.pos] == '\r' {
				c.pos++
			}
			c.pos++
			c.line++
		}
		if c.pos >= len(c.buf) || c.buf[c.pos] == '\r' && c.pos+1 == len(c.buf) {
			if !c.fill() {
				if c.pos < len(c.buf) { // a lone '\r' at the very end
					c.pos = len(c.buf)
				}
				return nil, c.endErr()
			}
			continue
		}
		end, ok := c.parse()
		if ok {
			c.line += c.recordLines(end)
			c.pos = end
			return c.fields, nil
		}
		if !c.fill() && c.err == nil {
			return nil, errCSVRecord
		}
		// Once the input has ended, parse takes whatever is left as the last record.
	}
}

func (c *csvReader) endErr() error {
	if c.err == nil {
		return errCSVRecord
	}
	return c.err
}

// recordLines counts the line breaks in buf[pos:end].
func (c *csvReader) recordLines(end int) int {
	return bytes.Count(c.buf[c.pos:end], []byte{'\n'})
}

// parse splits the record at buf[pos:]. It returns the offset after the record, or false
// when the record may go on past what is buffered.
func (c *csvReader) parse() (int, bool) {
	b := c.buf
	eof := c.err != nil
	c.fields = c.fields[:0]
	c.scratch = c.scratch[:0]
	c.spans = c.spans[:0]
	lineStart := c.pos
	line := c.line
	i := c.pos
	for {
		f := csvField{line: line}
		if i < len(b) && b[i] == '"' {
			// Quoted: runs to a quote that is followed by a comma or a line end.
			j := i + 1
			f.col = j - lineStart + 1
			start := j
			escaped := false
			spanStart := len(c.scratch)
			for {
				k := bytes.IndexByte(b[j:], '"')
				if k < 0 {
					if !eof {
						return 0, false
					}
					// An unclosed quote runs to the end of the input.
					c.noteLines(b[j:], &line, &lineStart, j)
					if escaped {
						c.scratch = append(c.scratch, b[start:]...)
					} else {
						f.text = b[start:]
					}
					j = len(b)
					i = j
					break
				}
				q := j + k
				c.noteLines(b[j:q], &line, &lineStart, j)
				if q+1 >= len(b) && !eof {
					return 0, false
				}
				if q+1 < len(b) && b[q+1] == '"' { // a doubled quote
					c.scratch = append(c.scratch, b[start:q+1]...)
					start, escaped = q+2, true
					j = q + 2
					continue
				}
				if q+1 >= len(b) || b[q+1] == c.comma || b[q+1] == '\n' || b[q+1] == '\r' && (q+2 < len(b) && b[q+2] == '\n' || q+2 >= len(b) && eof) {
					if escaped {
						c.scratch = append(c.scratch, b[start:q]...)
					} else {
						f.text = b[start:q]
					}
					i = q + 1
					break
				}
				if q+2 >= len(b) && b[q+1] == '\r' && !eof {
					return 0, false
				}
				j = q + 1 // a stray quote is text
			}
			if escaped {
				c.spans = append(c.spans, [2]int{len(c.fields), spanStart})
			}
			// Text between the closing quote and the next comma (lenient) is dropped.
			for i < len(b) && b[i] != c.comma && b[i] != '\n' {
				i++
			}
		} else {
			f.col = i - lineStart + 1
			k := i
			for k < len(b) && b[k] != c.comma && b[k] != '\n' {
				k++
			}
			f.text = b[i:k]
			i = k
		}
		if i >= len(b) && !eof {
			return 0, false
		}
		if i >= len(b) || b[i] == '\n' {
			f.text = bytes.TrimSuffix(f.text, []byte{'\r'})
			c.fields = append(c.fields, f)
			c.resolve()
			if i < len(b) {
				i++
			}
			return i, true
		}
		c.fields = append(c.fields, f) // b[i] is a comma
		i++
	}
}

// noteLines advances the line count over seg, which starts at offset off.
func (c *csvReader) noteLines(seg []byte, line, lineStart *int, off int) {
	for k := bytes.IndexByte(seg, '\n'); k >= 0; {
		*line++
		*lineStart = off + k + 1
		n := bytes.IndexByte(seg[k+1:], '\n')
		if n < 0 {
			break
		}
		k += n + 1
	}
}

// resolve points fields that were unescaped at their text in scratch.
func (c *csvReader) resolve() {
	for n, sp := range c.spans {
		end := len(c.scratch)
		if n+1 < len(c.spans) {
			end = c.spans[n+1][1]
		}
		c.fields[sp[0]].text = c.scratch[sp[1]:end]
	}
}
