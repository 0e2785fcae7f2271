package scanner

import (
	"bytes"
	"html"
	"io"
	"strconv"

	"github.com/stockade/stockade/scanner/detect"
)

// csvFile reads CSV or TSV: the first row names the columns, and each cell is scanned with
// its column's name as context, at the line where the cell stands.
func (fc *fileCtx) csvFile(name string, r io.Reader) {
	cr := newCSVReader(r, ',', 1)
	defer cr.release()
	// Look at the first line (or 4 KB) to choose the delimiter.
	for len(cr.buf) < 4096 && bytes.IndexByte(cr.buf, '\n') < 0 && cr.fill() {
	}
	first := cr.buf[:min(len(cr.buf), 4096)]
	if bytes.HasPrefix(first, []byte("sep=")) && len(first) > 4 {
		cr.comma = first[4]
		k := bytes.IndexByte(cr.buf, '\n')
		if k < 0 { // not a CSV file after all: no line ends where one was due
			fc.plainText(name, cr.rest(), 1)
			return
		}
		cr.pos, cr.line = k+1, 2
	} else {
		line := first
		if k := bytes.IndexByte(line, '\n'); k >= 0 {
			line = line[:k]
		}
		best := 0
		for _, c := range []byte{',', ';', '\t', '|'} {
			if n := bytes.Count(line, []byte{c}); n > best {
				best, cr.comma = n, c
			}
		}
	}
	var header []detect.Key
	for row := 0; ; row++ {
		if fc.ctx.Err() != nil {
			return
		}
		rec, err := cr.read()
		if err == io.EOF {
			return
		}
		if err == errCSVRecord {
			fc.skip(name, "CSV record over 16 MiB at line "+strconv.Itoa(cr.line)+": the rest was read as plain text")
			fc.plainText(name, cr.rest(), cr.line)
			return
		}
		if err != nil {
			fc.skip(name, "cannot read past line "+strconv.Itoa(cr.line)+": "+errText(err))
			return
		}
		if row == 0 && looksLikeHeader(rec) {
			header = make([]detect.Key, len(rec))
			for i, f := range rec {
				header[i] = detect.NewKey(string(bytes.TrimSpace(f.text)))
			}
			continue
		}
		for i, f := range rec {
			if len(f.text) == 0 {
				continue
			}
			var key detect.Key
			if i < len(header) {
				key = header[i]
			}
			fc.emit(f.text, loc{path: name, line: f.line, col: f.col, key: key})
		}
	}
}

// looksLikeHeader says whether a first row names columns rather than holding data.
func looksLikeHeader(rec []csvField) bool {
	for _, f := range rec {
		for _, c := range f.text {
			if c >= '0' && c <= '9' || c == '@' {
				return false
			}
		}
	}
	return len(rec) > 0
}

const maxInMemory = 64 << 20

// readWhole reads a file that a structured reader needs in memory; the reader will keep
// about copies times its size. A file over maxInMemory, or one the scan's memory budget has
// no room for, is read as plain text instead; ok is false then. release gives the memory
// back.
func (fc *fileCtx) readWhole(name string, r io.Reader, copies int64) (data []byte, release func(), ok bool) {
	var err error
	sr, isSR := r.(*io.SectionReader)
	if isSR && sr.Size() > maxInMemory {
		fc.plainText(name, r, 1)
		return nil, nil, false
	}
	if isSR {
		// A file read straight from disk says its size: ask for the memory first, and read
		// it into a buffer of that size.
		size := sr.Size()
		if !fc.e.hold(size * copies) {
			fc.plainText(name, r, 1)
			return nil, nil, false
		}
		data = make([]byte, size)
		var n int
		n, err = io.ReadFull(sr, data)
		data = data[:n]
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			err = nil
		}
		if err != nil {
			fc.e.unhold(size * copies)
			fc.skip(name, "cannot read: "+errText(err))
			return nil, nil, false
		}
		return data, func() { fc.e.unhold(size * copies) }, true
	}
	// A decoded stream says nothing of its size: read it, then ask.
	data, err = io.ReadAll(io.LimitReader(r, maxInMemory+1))
	if err != nil {
		fc.skip(name, "cannot read: "+errText(err))
		return nil, nil, false
	}
	if len(data) > maxInMemory || !fc.e.hold(int64(len(data))*copies) {
		fc.plainText(name, io.MultiReader(bytes.NewReader(data), r), 1)
		return nil, nil, false
	}
	held := int64(len(data)) * copies
	return data, func() { fc.e.unhold(held) }, true
}

// jsonFile reads JSON (or JSON Lines): every string and number is scanned with the key it
// belongs to as context. Files too large to hold are read as plain text; where a file stops
// being JSON, the rest of it is.
func (fc *fileCtx) jsonFile(name string, r io.Reader) {
	data, release, ok := fc.readWhole(name, r, 1)
	if !ok {
		return
	}
	defer release()
	visited := 0
	w := jsonWalker{data: data, line: 1, visit: func(v []byte, key detect.Key, line, col int) {
		visited++
		fc.emit(v, loc{path: name, line: line, col: col, key: key})
	}}
	if err := w.walk(); err != nil {
		if visited == 0 {
			fc.plainText(name, bytes.NewReader(data), 1)
			return
		}
		fc.plainText(name, bytes.NewReader(data[w.i:]), w.line)
	}
}

// markupFile reads HTML or XML: tags become spaces (or the line breaks they held, so line
// numbers stay right), entities are decoded, and attribute values are scanned with the
// attribute's name as context.
func (fc *fileCtx) markupFile(name string, r io.Reader) {
	data, release, ok := fc.readWhole(name, r, 2) // and its text without tags
	if !ok {
		return
	}
	defer release()
	text, attrs := stripMarkup(data)
	fc.emit(text, loc{path: name, line: 1})
	var keys keyCache
	for _, a := range attrs {
		fc.emit(a.value, loc{path: name, line: a.line, key: keys.get([]byte(a.name))})
	}
}

type attr struct {
	name  string
	value []byte
	line  int
}

// stripMarkup returns the text of a markup document with the same line breaks, and the
// attribute values worth scanning.
func stripMarkup(data []byte) ([]byte, []attr) {
	out := make([]byte, 0, len(data))
	var attrs []attr
	line := 1
	flushText := func(seg []byte) {
		if bytes.IndexByte(seg, '&') >= 0 {
			seg = []byte(html.UnescapeString(string(seg)))
		}
		out = append(out, seg...)
	}
	i := 0
	for i < len(data) {
		lt := bytes.IndexByte(data[i:], '<')
		if lt < 0 {
			flushText(data[i:])
			break
		}
		seg := data[i : i+lt]
		flushText(seg)
		line += bytes.Count(seg, []byte("\n"))
		j := i + lt
		end := j + 1
		if bytes.HasPrefix(data[j:], []byte("<!--")) {
			if k := bytes.Index(data[j:], []byte("-->")); k >= 0 {
				end = j + k + 3
			} else {
				end = len(data)
			}
		} else if k := bytes.IndexByte(data[j:], '>'); k >= 0 {
			end = j + k + 1
		} else {
			end = len(data)
		}
		tag := data[j:end]
		attrs = append(attrs, tagAttrs(tag, line)...)
		nls := bytes.Count(tag, []byte("\n"))
		if nls == 0 {
			out = append(out, ' ')
		} else {
			out = append(out, bytes.Repeat([]byte("\n"), nls)...)
		}
		line += nls
		i = end
	}
	return out, attrs
}

// tagAttrs pulls the quoted attribute values of a tag, except ones that never hold
// personal data (class, id, style, src, type, rel).
func tagAttrs(tag []byte, line int) []attr {
	var out []attr
	for i := 0; i < len(tag); {
		eq := bytes.IndexByte(tag[i:], '=')
		if eq < 0 {
			break
		}
		k := i + eq
		ns := k
		for ns > 0 && (isNameByte(tag[ns-1])) {
			ns--
		}
		var lb [32]byte
		aname := lb[:0]
		for _, c := range tag[ns:k] {
			aname = append(aname, lowerByte(c))
		}
		v := k + 1
		if v >= len(tag) || (tag[v] != '"' && tag[v] != '\'') {
			i = k + 1
			continue
		}
		q := tag[v]
		e := bytes.IndexByte(tag[v+1:], q)
		if e < 0 {
			break
		}
		val := tag[v+1 : v+1+e]
		i = v + 2 + e
		switch string(aname) {
		case "class", "id", "style", "src", "type", "rel", "lang", "charset", "xmlns", "width", "height", "name", "for", "role":
			continue
		}
		if len(val) > 0 {
			if bytes.IndexByte(val, '&') >= 0 {
				val = []byte(html.UnescapeString(string(val)))
			}
			out = append(out, attr{name: string(aname), value: val, line: line})
		}
	}
	return out
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == ':'
}
