package scanner

import (
	"bufio"
	"bytes"
	"encoding/json"
	"html"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/stockade/stockade/scanner/detect"
)

// csvFile reads CSV or TSV: the first row names the columns, and each cell is scanned with
// its column's name as context, at the line where the cell stands.
func (fc *fileCtx) csvFile(name string, r io.Reader) {
	br := bufio.NewReaderSize(r, 64<<10)
	first, _ := br.Peek(4096)
	comma := byte(',')
	firstLine := 1
	if bytes.HasPrefix(first, []byte("sep=")) && len(first) > 4 {
		comma = first[4]
		line, err := br.ReadSlice('\n')
		if err != nil {
			fc.emit(line, loc{path: name, line: 1})
			return
		}
		firstLine = 2
	} else {
		line := first
		if k := bytes.IndexByte(line, '\n'); k >= 0 {
			line = line[:k]
		}
		best := 0
		for _, c := range []byte{',', ';', '\t', '|'} {
			if n := bytes.Count(line, []byte{c}); n > best {
				best, comma = n, c
			}
		}
	}
	cr := newCSVReader(br, comma, firstLine)
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

func itoa(v int) string {
	b, _ := json.Marshal(v)
	return string(b)
}

const maxInMemory = 64 << 20

// readWhole reads a file that a structured reader needs in memory. A file over maxInMemory
// is read as plain text instead (memory stays bounded); ok is false when it was handled here.
func (fc *fileCtx) readWhole(name string, r io.Reader) ([]byte, bool) {
	data, err := io.ReadAll(io.LimitReader(r, maxInMemory+1))
	if err != nil {
		fc.skip(name, "cannot read: "+errText(err))
		return nil, false
	}
	if len(data) > maxInMemory {
		fc.plainText(name, io.MultiReader(bytes.NewReader(data), r), 1)
		return nil, false
	}
	return data, true
}

// jsonFile reads JSON (or JSON Lines): every string and number is scanned with the key it
// belongs to as context. Files too large to hold, or that are not valid JSON, are read as
// plain text instead.
func (fc *fileCtx) jsonFile(name string, r io.Reader, lines bool) {
	data, ok := fc.readWhole(name, r)
	if !ok {
		return
	}
	nl := newlineIndex(data)
	if !fc.jsonValues(name, data, nl) {
		fc.plainText(name, bytes.NewReader(data), 1)
	}
}

// newlineIndex lists the offsets of every '\n', to turn offsets into line numbers.
func newlineIndex(data []byte) []int {
	var idx []int
	for i := bytes.IndexByte(data, '\n'); i >= 0; {
		idx = append(idx, i)
		j := bytes.IndexByte(data[i+1:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return idx
}

func lineAt(nl []int, off int) (line, col int) {
	k := sort.SearchInts(nl, off)
	start := 0
	if k > 0 {
		start = nl[k-1] + 1
	}
	return k + 1, off - start + 1
}

// jsonFrame is one open object or array while walking JSON tokens.
type jsonFrame struct {
	obj       bool
	expectKey bool
	key       string // the current key; for arrays, the key that holds the array
}

// jsonValues walks the tokens of one or more JSON values. Where the data stops being JSON,
// the rest is read as plain text; false when it was not JSON from the start.
func (fc *fileCtx) jsonValues(name string, data []byte, nl []int) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []jsonFrame
	key := func() string {
		if len(stack) == 0 {
			return ""
		}
		return stack[len(stack)-1].key
	}
	for tokens := 0; ; tokens++ {
		if fc.ctx.Err() != nil {
			return true
		}
		before := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			if tokens == 0 {
				return false
			}
			line, _ := lineAt(nl, before)
			fc.plainText(name, bytes.NewReader(data[before:]), line)
			return true
		}
		end := int(dec.InputOffset())
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				stack = append(stack, jsonFrame{obj: true, expectKey: true})
			case '[':
				stack = append(stack, jsonFrame{key: key()})
			default:
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
				if n := len(stack); n > 0 && stack[n-1].obj {
					stack[n-1].expectKey = true
				}
			}
			continue
		case string:
			if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].expectKey {
				stack[n-1].key = v
				stack[n-1].expectKey = false
				continue
			}
			start := bytes.IndexByte(data[before:end], '"')
			fc.emitJSON(name, []byte(v), key(), nl, before+start+1)
		case json.Number:
			fc.emitJSON(name, []byte(v.String()), key(), nl, end-len(v.String()))
		}
		if n := len(stack); n > 0 && stack[n-1].obj {
			stack[n-1].expectKey = true
		}
	}
}

func (fc *fileCtx) emitJSON(name string, v []byte, key string, nl []int, off int) {
	line, col := lineAt(nl, off)
	fc.emit(v, loc{path: name, line: line, col: col, key: detect.NewKey(key)})
}

// markupFile reads HTML or XML: tags become spaces (or the line breaks they held, so line
// numbers stay right), entities are decoded, and attribute values are scanned with the
// attribute's name as context.
func (fc *fileCtx) markupFile(name string, r io.Reader) {
	data, ok := fc.readWhole(name, r)
	if !ok {
		return
	}
	text, attrs := stripMarkup(data)
	fc.emit(text, loc{path: name, line: 1})
	for _, a := range attrs {
		fc.emit(a.value, loc{path: name, line: a.line, key: detect.NewKey(a.name)})
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
		aname := strings.ToLower(string(tag[ns:k]))
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
		switch aname {
		case "class", "id", "style", "src", "type", "rel", "lang", "charset", "xmlns", "width", "height", "name", "for", "role":
			continue
		}
		if len(val) > 0 {
			out = append(out, attr{name: aname, value: []byte(html.UnescapeString(string(val))), line: line})
		}
	}
	return out
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == ':'
}
