package scanner

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/quotedprintable"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"github.com/stockade/stockade/scanner/detect"
)

var mailHeaders = []string{"received:", "return-path:", "from:", "to:", "subject:", "date:", "message-id:",
	"mime-version:", "delivered-to:", "content-type:", "reply-to:", "cc:", "x-"}

// isMail says whether a file starts like an RFC 5322 message: header lines ("Name: value")
// up front, at least one of them a mail header everyone sends.
func isMail(head []byte) bool {
	n, known := 0, false
	for _, line := range bytes.SplitN(head, []byte("\n"), 40) {
		l := strings.ToLower(string(bytes.TrimRight(line, "\r")))
		if l == "" {
			break
		}
		if l[0] == ' ' || l[0] == '\t' {
			continue
		}
		name, _, ok := strings.Cut(l, ":")
		if !ok || name == "" || strings.IndexFunc(name, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
		}) >= 0 {
			return false
		}
		for _, h := range mailHeaders {
			if strings.HasPrefix(l, h) && h != "x-" {
				known = true
			}
		}
		n++
	}
	return n >= 2 && known
}

// isMbox says whether a file starts like an mbox mailbox: a "From " separator line, then a
// message.
func isMbox(head []byte) bool {
	if !bytes.HasPrefix(head, []byte("From ")) {
		return false
	}
	i := bytes.IndexByte(head, '\n')
	return i > 0 && isMail(head[i+1:])
}

// mailPart is the state of the message part being read.
type mailPart struct {
	headers     []string // unfolded header lines
	contentType string
	params      map[string]string
	encoding    string
	attachment  bool
	filename    string
	buffer      bool // collect the body (encoded, or an attachment) instead of reading its lines
	body        bytes.Buffer
	overflow    bool
}

const maxPart = 32 << 20

func (p *mailPart) parse() {
	ct, cte, cd := "text/plain", "", ""
	for _, h := range p.headers {
		k, v, ok := strings.Cut(h, ":")
		if !ok {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "content-type":
			ct = v
		case "content-transfer-encoding":
			cte = strings.ToLower(strings.TrimSpace(v))
		case "content-disposition":
			cd = v
		}
	}
	mt, params, err := mime.ParseMediaType(strings.TrimSpace(ct))
	if err != nil {
		mt = "text/plain"
	}
	p.contentType, p.params, p.encoding = mt, params, cte
	if dt, dp, err := mime.ParseMediaType(strings.TrimSpace(cd)); err == nil {
		p.attachment = dt == "attachment"
		p.filename = dp["filename"]
	}
	if p.filename == "" {
		p.filename = params["name"]
	}
	if !strings.HasPrefix(mt, "text/") && !strings.HasPrefix(mt, "multipart/") && !strings.HasPrefix(mt, "message/") {
		p.attachment = true
	}
	p.buffer = p.attachment || cte == "base64" || cte == "quoted-printable"
}

// mailStream reads one message, or an mbox of many, line by line. Header lines and 7bit or
// 8bit body lines are scanned where they stand, with their line numbers; quoted-printable
// and base64 parts are decoded first (without line numbers), and attachments are scanned as
// files, their findings counted for the mail file itself.
func (fc *fileCtx) mailStream(name string, r io.Reader, mbox bool) {
	br := bufio.NewReaderSize(r, 64<<10)
	var (
		lineNo     int
		boundaries []string
		part       = &mailPart{}
		inHeaders  = true
		inBody     = false // false in a multipart preamble or epilogue
		prevBlank  = true
		lastHeader = -1
	)
	// Plain body lines are scanned together, a run at a time: one detector call per line
	// cost more than the scanning.
	var run []byte
	runLine := 0
	emitRun := func() {
		if len(run) > 0 {
			fc.emit(run, loc{path: name, line: runLine})
			run = run[:0]
		}
	}
	defer emitRun()
	flush := func() {
		emitRun()
		if inBody && part.buffer {
			fc.mailBody(name, part)
		}
		inBody = false
	}
	startPart := func() {
		part = &mailPart{}
		inHeaders = true
		lastHeader = -1
	}
	for {
		if fc.ctx.Err() != nil {
			return
		}
		raw, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// A very long line: read the rest and treat it as one.
			long := append([]byte(nil), raw...)
			for err == bufio.ErrBufferFull {
				raw, err = br.ReadSlice('\n')
				long = append(long, raw...)
			}
			raw = long
		}
		if len(raw) == 0 && err != nil {
			break
		}
		lineNo++
		line := bytes.TrimRight(raw, "\r\n")
		if mbox && prevBlank && bytes.HasPrefix(line, []byte("From ")) {
			flush()
			boundaries = boundaries[:0]
			fc.emit(line, loc{path: name, line: lineNo})
			startPart()
			prevBlank = false
			continue
		}
		prevBlank = len(line) == 0
		switch {
		case inHeaders:
			if len(line) == 0 {
				inHeaders = false
				part.parse()
				if strings.HasPrefix(part.contentType, "multipart/") && part.params["boundary"] != "" {
					boundaries = append(boundaries, part.params["boundary"])
					inBody = false
				} else {
					inBody = true
				}
				continue
			}
			key := ""
			if line[0] == ' ' || line[0] == '\t' {
				if lastHeader >= 0 {
					part.headers[lastHeader] += " " + strings.TrimSpace(string(line))
					key, _, _ = strings.Cut(part.headers[lastHeader], ":")
				}
			} else {
				part.headers = append(part.headers, string(line))
				lastHeader = len(part.headers) - 1
				key, _, _ = strings.Cut(string(line), ":")
			}
			emitRun()
			fc.emit(line, loc{path: name, line: lineNo, key: detect.NewKey(mailKey(key))})
		case bytes.HasPrefix(line, []byte("--")) && matchBoundary(line, boundaries) >= 0:
			k := matchBoundary(line, boundaries)
			flush()
			if bytes.HasSuffix(line, []byte("--")) && string(line) == "--"+boundaries[k]+"--" {
				boundaries = boundaries[:k]
				continue
			}
			boundaries = boundaries[:k+1]
			startPart()
		case !inBody:
		case part.buffer:
			if part.body.Len()+len(raw) > maxPart {
				part.overflow = true
				continue
			}
			part.body.Write(line)
			part.body.WriteByte('\n')
		default:
			if len(run) == 0 {
				runLine = lineNo
			}
			run = append(append(run, line...), '\n')
			if len(run) >= chunkSize {
				emitRun()
			}
		}
		if err != nil {
			break
		}
	}
	flush()
}

// mailKey keeps header names that give context to their values.
func mailKey(k string) string {
	switch strings.ToLower(strings.TrimSpace(k)) {
	case "from", "to", "cc", "reply-to", "subject", "date", "received", "message-id", "return-path":
		return "" // addresses speak for themselves; dates here are not birth dates
	}
	return k
}

func matchBoundary(line []byte, boundaries []string) int {
	for k := len(boundaries) - 1; k >= 0; k-- {
		b := "--" + boundaries[k]
		if string(line) == b || string(line) == b+"--" {
			return k
		}
	}
	return -1
}

// mailBody decodes a buffered part and scans it.
func (fc *fileCtx) mailBody(name string, p *mailPart) {
	if p.overflow {
		fc.skip(name, "mail part larger than 32 MB")
		return
	}
	data := p.body.Bytes()
	switch p.encoding {
	case "base64":
		// The decoder skips line breaks itself; spaces and tabs are dropped here, in place
		// (the part's buffer is not used again).
		clean := data
		if bytes.IndexAny(data, " \t") >= 0 {
			clean = data[:0]
			for _, c := range data {
				if c != ' ' && c != '\t' {
					clean = append(clean, c)
				}
			}
		}
		dec := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
		n, err := base64.StdEncoding.Decode(dec, clean)
		if err != nil && n == 0 {
			fc.skip(name, "mail part with bad base64")
			return
		}
		data = dec[:n]
	case "quoted-printable":
		dec, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(data)))
		if err != nil && len(dec) == 0 {
			fc.skip(name, "mail part with bad quoted-printable")
			return
		}
		data = dec
	}
	cs := strings.ToLower(p.params["charset"])
	if cs == "iso-8859-1" || cs == "latin1" || cs == "windows-1252" {
		if d, err := charmap.Windows1252.NewDecoder().Bytes(data); err == nil {
			data = d
		}
	}
	if p.attachment {
		hint := p.filename
		if hint == "" {
			hint = "attachment"
		}
		prev := fc.alias
		fc.alias = name
		fc.noLines++
		fc.scanFile(hint, bytes.NewReader(data), int64(len(data)), 1)
		fc.noLines--
		fc.alias = prev
		return
	}
	if p.contentType == "text/html" {
		text, attrs := stripMarkup(data)
		fc.emit(text, loc{path: name})
		for _, a := range attrs {
			fc.emit(a.value, loc{path: name, key: detect.NewKey(a.name)})
		}
		return
	}
	fc.emit(data, loc{path: name})
}
