package scanner

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlKind is the kind of an xmlToken.
type xmlKind uint8

const (
	xmlStart xmlKind = iota + 1 // <name attr="v"> or <name/>
	xmlEnd                      // </name>, and the end of a self-closing element
	xmlText                     // character data, entities decoded (may come in several pieces)
)

// xmlToken is one token of an XML stream. Its slices are valid until the next call to next.
type xmlToken struct {
	kind  xmlKind
	name  []byte // local name, without a namespace prefix
	attrs []byte // raw attributes of a start tag
	text  []byte // decoded character data
}

// xmlTokenizer is a small streaming XML tokenizer for the documents inside Office and
// OpenDocument files. encoding/xml builds a string for every name and attribute and an
// interface value for every token; on a spreadsheet that is most of the scan's time. This
// one works on a buffer window and returns slices into it. It is lenient: it does not check
// that tags balance or that names are valid, and it never fails on odd input; only a read
// error or a construct cut off by the end of the input is reported.
type xmlTokenizer struct {
	window
	pending  bool // a self-closing start tag was returned; its end comes next
	pendName []byte
	scratch  []byte
}

// maxXMLToken bounds one tag, comment or text piece held at once: text longer than this is
// returned in pieces, a tag longer than this is an error.
const maxXMLToken = 4 << 20

var errXMLTag = errors.New("XML tag longer than 4 MiB or cut off")

func newXMLTokenizer(r io.Reader) *xmlTokenizer {
	return &xmlTokenizer{window: newWindow(r, maxXMLToken)}
}

// next returns the next token; at the end of the input it returns io.EOF.
func (x *xmlTokenizer) next() (xmlToken, error) {
	if x.pending {
		x.pending = false
		return xmlToken{kind: xmlEnd, name: x.pendName}, nil
	}
	for {
		if x.pos >= len(x.buf) && !x.fill() {
			return xmlToken{}, x.endErr()
		}
		rest := x.buf[x.pos:]
		if rest[0] != '<' {
			lt := bytes.IndexByte(rest, '<')
			if lt < 0 {
				// The text may go on in the next read; hold it unless the window is full.
				if x.err == nil && len(rest) < maxXMLToken/2 && x.fill() {
					continue
				}
				lt = len(rest)
				if x.err == nil {
					// Cut before a possibly unfinished entity or character.
					if amp := bytes.LastIndexByte(rest, '&'); amp >= 0 && len(rest)-amp < 12 {
						lt = amp
					}
					if k := lastRuneStart(rest[:lt]); k >= 0 && !utf8.FullRune(rest[k:lt]) {
						lt = k
					}
					if lt == 0 {
						lt = len(rest)
					}
				}
			}
			raw := rest[:lt]
			x.pos += lt
			return xmlToken{kind: xmlText, text: x.decode(raw)}, nil
		}
		end, ok := tagEnd(rest)
		if !ok {
			if x.fill() {
				continue
			}
			if x.err == io.EOF {
				// A tag cut off by the end of the input: nothing more to read.
				x.pos = len(x.buf)
				return xmlToken{}, io.ErrUnexpectedEOF
			}
			return xmlToken{}, x.endErr()
		}
		tag := rest[:end]
		x.pos += end
		switch {
		case len(tag) > 1 && tag[1] == '/':
			return xmlToken{kind: xmlEnd, name: localName(tag[2 : len(tag)-1])}, nil
		case bytes.HasPrefix(tag, []byte("<![CDATA[")):
			return xmlToken{kind: xmlText, text: tag[9 : len(tag)-3]}, nil
		case len(tag) > 1 && (tag[1] == '!' || tag[1] == '?'):
			continue // comment, declaration, processing instruction
		}
		body := tag[1 : len(tag)-1]
		self := len(body) > 0 && body[len(body)-1] == '/'
		if self {
			body = body[:len(body)-1]
		}
		i := 0
		for i < len(body) && !isXMLSpace(body[i]) {
			i++
		}
		t := xmlToken{kind: xmlStart, name: localName(body[:i]), attrs: body[i:]}
		if self {
			x.pending, x.pendName = true, t.name
		}
		return t, nil
	}
}

func (x *xmlTokenizer) endErr() error {
	if x.err == nil || x.err == io.EOF {
		if x.err == nil {
			return errXMLTag
		}
		return io.EOF
	}
	return x.err
}

// tagEnd finds the end of the markup that starts rest[0] == '<'; ok is false when it is not
// all in rest.
func tagEnd(rest []byte) (int, bool) {
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		k := bytes.Index(rest[4:], []byte("-->"))
		return 4 + k + 3, k >= 0
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		k := bytes.Index(rest[9:], []byte("]]>"))
		return 9 + k + 3, k >= 0
	case len(rest) < 9 && (bytes.HasPrefix([]byte("<!--"), rest) || bytes.HasPrefix([]byte("<![CDATA["), rest)):
		return 0, false
	}
	var quote byte
	for i := 1; i < len(rest); i++ {
		c := rest[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1, true
		}
	}
	return 0, false
}

// lastRuneStart returns where the last character of b starts, looking back at most
// utf8.UTFMax bytes, or -1.
func lastRuneStart(b []byte) int {
	for k := len(b) - 1; k >= 0 && k >= len(b)-utf8.UTFMax; k-- {
		if utf8.RuneStart(b[k]) {
			return k
		}
	}
	return -1
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func localName(n []byte) []byte {
	n = bytes.TrimRight(n, " \t\r\n")
	if k := bytes.LastIndexByte(n, ':'); k >= 0 {
		return n[k+1:]
	}
	return n
}

// attr returns the decoded value of the attribute whose local name is name, if present.
func (x *xmlTokenizer) attr(raw []byte, name string) ([]byte, bool) {
	for i := 0; i < len(raw); {
		for i < len(raw) && isXMLSpace(raw[i]) {
			i++
		}
		ns := i
		for i < len(raw) && raw[i] != '=' && !isXMLSpace(raw[i]) {
			i++
		}
		an := localName(raw[ns:i])
		for i < len(raw) && isXMLSpace(raw[i]) {
			i++
		}
		if i >= len(raw) || raw[i] != '=' {
			if i == ns {
				i++
			}
			continue
		}
		i++
		for i < len(raw) && isXMLSpace(raw[i]) {
			i++
		}
		if i >= len(raw) {
			break
		}
		q := raw[i]
		var val []byte
		if q == '"' || q == '\'' {
			e := bytes.IndexByte(raw[i+1:], q)
			if e < 0 {
				val, i = raw[i+1:], len(raw)
			} else {
				val, i = raw[i+1:i+1+e], i+2+e
			}
		} else {
			vs := i
			for i < len(raw) && !isXMLSpace(raw[i]) {
				i++
			}
			val = raw[vs:i]
		}
		if string(an) == name {
			return x.decode(val), true
		}
	}
	return nil, false
}

// decode replaces XML's entities and character references; it returns raw itself when it
// has none. The result is valid until the next call.
func (x *xmlTokenizer) decode(raw []byte) []byte {
	amp := bytes.IndexByte(raw, '&')
	if amp < 0 {
		return raw
	}
	out := append(x.scratch[:0], raw[:amp]...)
	for i := amp; i < len(raw); {
		c := raw[i]
		if c != '&' {
			k := bytes.IndexByte(raw[i:], '&')
			if k < 0 {
				k = len(raw) - i
			}
			out = append(out, raw[i:i+k]...)
			i += k
			continue
		}
		semi := bytes.IndexByte(raw[i:min(len(raw), i+12)], ';')
		if semi < 0 {
			out = append(out, c)
			i++
			continue
		}
		ent := raw[i+1 : i+semi]
		if r, ok := entity(ent); ok {
			out = utf8.AppendRune(out, r)
		} else {
			out = append(out, raw[i:i+semi+1]...)
		}
		i += semi + 1
	}
	x.scratch = out
	return out
}

func entity(e []byte) (rune, bool) {
	switch string(e) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	case "nbsp":
		return 0xa0, true
	}
	if len(e) > 1 && e[0] == '#' {
		var v uint64
		var err error
		if e[1] == 'x' || e[1] == 'X' {
			v, err = strconv.ParseUint(string(e[2:]), 16, 32)
		} else {
			v, err = strconv.ParseUint(string(e[1:]), 10, 32)
		}
		if err == nil && v > 0 && v <= utf8.MaxRune {
			return rune(v), true
		}
	}
	return 0, false
}
