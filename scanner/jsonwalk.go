package scanner

import (
	"bytes"
	"errors"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/stockade/stockade/scanner/detect"
)

// jsonWalker reads one or more JSON values (a document, or JSON Lines) from memory and hands
// every string and number to visit with the key it belongs to. It replaces encoding/json's
// Decoder.Token, which builds an interface value and a string for each token; here strings
// without escapes are slices of the input and keys are classified once per name.
type jsonWalker struct {
	data      []byte
	i         int
	line      int // line of data[i]
	lineStart int // offset where that line starts
	scratch   []byte
	keys      keyCache
	stack     []jsonFrame
	visit     func(v []byte, key detect.Key, line, col int)
}

// jsonFrame is one open object or array.
type jsonFrame struct {
	obj bool
	key detect.Key // the current key; for arrays, the key that holds the array
}

var errJSON = errors.New("not JSON")

const maxJSONDepth = 10000

// walk reads values until the end of the data. On data that is not JSON it stops with an
// error, and w.i and w.line say where.
func (w *jsonWalker) walk() error {
	for {
		w.space()
		if w.i >= len(w.data) {
			return nil
		}
		if err := w.value(); err != nil {
			return err
		}
	}
}

// space skips white space, counting lines.
func (w *jsonWalker) space() {
	for w.i < len(w.data) {
		switch w.data[w.i] {
		case '\n':
			w.line++
			w.lineStart = w.i + 1
		case ' ', '\t', '\r':
		default:
			return
		}
		w.i++
	}
}

func (w *jsonWalker) key() detect.Key {
	if len(w.stack) == 0 {
		return detect.Key{}
	}
	return w.stack[len(w.stack)-1].key
}

// value reads one value, iteratively: deep nesting needs no stack of calls.
func (w *jsonWalker) value() error {
	base := len(w.stack)
	for {
		w.space()
		if w.i >= len(w.data) {
			return errJSON
		}
		c := w.data[w.i]
		switch {
		case c == '{' || c == '[':
			if len(w.stack) >= maxJSONDepth {
				return errJSON
			}
			w.i++
			w.stack = append(w.stack, jsonFrame{obj: c == '{', key: w.key()})
			w.space()
			if w.i < len(w.data) && (w.data[w.i] == '}' && c == '{' || w.data[w.i] == ']' && c == '[') {
				w.i++
				w.stack = w.stack[:len(w.stack)-1]
				break
			}
			if c == '{' {
				if err := w.objectKey(); err != nil {
					return err
				}
			}
			continue
		case c == '"':
			line, col := w.line, w.i-w.lineStart+2
			s, err := w.str()
			if err != nil {
				return err
			}
			w.visit(s, w.key(), line, col)
		case c == '-' || c >= '0' && c <= '9':
			st := w.i
			for w.i < len(w.data) && isNumberByte(w.data[w.i]) {
				w.i++
			}
			w.visit(w.data[st:w.i], w.key(), w.line, st-w.lineStart+1)
		case c == 't' && bytes.HasPrefix(w.data[w.i:], []byte("true")):
			w.i += 4
		case c == 'f' && bytes.HasPrefix(w.data[w.i:], []byte("false")):
			w.i += 5
		case c == 'n' && bytes.HasPrefix(w.data[w.i:], []byte("null")):
			w.i += 4
		default:
			return errJSON
		}
		// After a value: a comma and the next member, or the end of open containers.
		for {
			if len(w.stack) == base {
				return nil
			}
			w.space()
			if w.i >= len(w.data) {
				return errJSON
			}
			top := &w.stack[len(w.stack)-1]
			c := w.data[w.i]
			w.i++
			switch {
			case c == ',':
				if top.obj {
					if err := w.objectKey(); err != nil {
						return err
					}
				}
			case c == '}' && top.obj || c == ']' && !top.obj:
				w.stack = w.stack[:len(w.stack)-1]
				continue
			default:
				return errJSON
			}
			break
		}
	}
}

// objectKey reads `"name":` and makes it the current key.
func (w *jsonWalker) objectKey() error {
	w.space()
	if w.i >= len(w.data) || w.data[w.i] != '"' {
		return errJSON
	}
	k, err := w.str()
	if err != nil {
		return err
	}
	w.stack[len(w.stack)-1].key = w.keys.get(k)
	w.space()
	if w.i >= len(w.data) || w.data[w.i] != ':' {
		return errJSON
	}
	w.i++
	return nil
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// str reads the string at data[i] == '"'. It returns a slice of the input when the string has
// no escapes, else the unescaped text in scratch (valid until the next call).
func (w *jsonWalker) str() ([]byte, error) {
	d := w.data
	st := w.i + 1
	j := st
	for j < len(d) && d[j] != '"' && d[j] != '\\' && d[j] >= 0x20 {
		j++
	}
	if j < len(d) && d[j] == '"' {
		w.i = j + 1
		return d[st:j], nil
	}
	out := append(w.scratch[:0], d[st:j]...)
	for j < len(d) {
		c := d[j]
		switch {
		case c == '"':
			w.i = j + 1
			w.scratch = out
			return out, nil
		case c < 0x20:
			return nil, errJSON
		case c != '\\':
			out = append(out, c)
			j++
			continue
		}
		if j+1 >= len(d) {
			return nil, errJSON
		}
		e := d[j+1]
		j += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(d, j)
			if !ok {
				return nil, errJSON
			}
			j += 4
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(d, j+2); ok && j+1 < len(d) && d[j] == '\\' && d[j+1] == 'u' {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						r = dec
						j += 6
					}
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return nil, errJSON
		}
	}
	return nil, errJSON
}

func hex4(d []byte, j int) (rune, bool) {
	if j+4 > len(d) {
		return 0, false
	}
	var r rune
	for _, c := range d[j : j+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
