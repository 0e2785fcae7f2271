package scanner

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// xmlEvents renders a token stream as "<name attrs>", "</name>" and text, with adjacent text
// pieces joined, so tests can compare streams whatever the read sizes were.
func xmlEvents(r io.Reader) (string, error) {
	x := newXMLTokenizer(r)
	var b strings.Builder
	inText := false
	for {
		t, err := x.next()
		if err == io.EOF {
			return b.String(), nil
		}
		if err != nil {
			return b.String(), err
		}
		switch t.kind {
		case xmlStart:
			b.WriteString("<" + string(t.name) + ">")
		case xmlEnd:
			b.WriteString("</" + string(t.name) + ">")
		case xmlText:
			if !inText {
				b.WriteString("|")
			}
			b.Write(t.text)
		}
		inText = t.kind == xmlText
	}
}

func TestXMLTokenizer(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"runs", `<w:p><w:r><w:t>Jane</w:t></w:r><w:r><w:t xml:space="preserve"> Doe</w:t></w:r></w:p>`,
			"<p><r><t>|Jane</t></r><r><t>| Doe</t></r></p>"},
		{"self-closing", `<a><w:tab/><w:br /></a>`, "<a><tab></tab><br></br></a>"},
		{"entities", `<t>Tom &amp; Jerry &lt;x&gt; &#65;&#x42; &quot;q&apos; &unknown; &</t>`,
			`<t>|Tom & Jerry <x> AB "q' &unknown; &</t>`},
		{"cdata", `<t><![CDATA[a<b>&amp;]]></t>`, "<t>|a<b>&amp;</t>"},
		{"comments and declarations", `<?xml version="1.0"?><!-- <t>no</t> --><!DOCTYPE x><t>yes</t>`, "<t>|yes</t>"},
		{"quoted >", `<c r="A1" f="a>b"><v>1</v></c>`, "<c><v>|1</v></c>"},
		{"no markup", `just text`, "|just text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range []io.Reader{strings.NewReader(tt.in), iotest.OneByteReader(strings.NewReader(tt.in))} {
				got, err := xmlEvents(r)
				if err != nil {
					t.Fatalf("error %v", err)
				}
				if got != tt.want {
					t.Errorf("got  %s\nwant %s", got, tt.want)
				}
			}
		})
	}
}

func TestXMLTokenizerErrors(t *testing.T) {
	if _, err := xmlEvents(strings.NewReader(`<a><b attr="never closed`)); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("cut-off tag: got %v, want io.ErrUnexpectedEOF", err)
	}
	huge := "<a x=\"" + strings.Repeat("y", maxXMLToken+10) + "\">"
	if _, err := xmlEvents(strings.NewReader(huge)); err == nil {
		t.Error("a tag over the limit was accepted")
	}
	// Text longer than the window comes in pieces, none lost.
	long := strings.Repeat("abcdefgh ", maxXMLToken/4)
	got, err := xmlEvents(strings.NewReader("<t>" + long + "</t>"))
	if err != nil || got != "<t>|"+long+"</t>" {
		t.Errorf("long text: err %v, length %d, want %d", err, len(got), len(long)+9)
	}
}

func TestXMLAttr(t *testing.T) {
	x := newXMLTokenizer(nil)
	raw := []byte(` r="C12" t='s' table:name="Q&amp;A" bare=x empty=""`)
	for name, want := range map[string]string{"r": "C12", "t": "s", "name": "Q&A", "bare": "x", "empty": ""} {
		v, ok := x.attr(raw, name)
		if !ok || string(v) != want {
			t.Errorf("attr %s = %q, %v; want %q", name, v, ok, want)
		}
	}
	if _, ok := x.attr(raw, "missing"); ok {
		t.Error("found an attribute that is not there")
	}
}

// xmlText joins the character data encoding/xml sees, for comparison.
func stdXMLText(in []byte) (string, bool) {
	d := xml.NewDecoder(bytes.NewReader(in))
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return b.String(), true
		}
		if err != nil {
			return "", false
		}
		if cd, ok := tok.(xml.CharData); ok {
			b.Write(cd)
		}
	}
}

func FuzzXMLTokenizer(f *testing.F) {
	for _, s := range []string{`<w:p><w:r><w:t>Jane &amp; Doe</w:t></w:r></w:p>`, `<a b="1>2"/><![CDATA[x]]>`,
		`<!-- c --><?pi x?><t>&#x41;&#66;</t>`, `<c r="A1" t="s"><v>0</v></c>`, "<t>\xff\xfe</t>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var ours strings.Builder
		x := newXMLTokenizer(iotest.HalfReader(bytes.NewReader(in)))
		for i := 0; ; i++ {
			tok, err := x.next()
			if err != nil {
				break
			}
			if i > len(in)*2+2 {
				t.Fatal("more tokens than the input can hold")
			}
			if tok.kind == xmlText {
				ours.Write(tok.text)
			}
		}
		// Where the standard decoder reads the input as well-formed XML, the text agrees
		// (encoding/xml turns \r\n and \r into \n; ours keeps line ends as they are).
		if std, ok := stdXMLText(in); ok && !bytes.Contains(in, []byte("<!")) {
			a := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(ours.String())
			if a != std {
				t.Errorf("text differs from encoding/xml:\nours %q\nstd  %q", a, std)
			}
		}
	})
}
