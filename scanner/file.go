package scanner

import (
	"bytes"
	"context"
	"io"
	"path"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/stockade/stockade/scanner/detect"
	"github.com/stockade/stockade/scanner/sqlite"
)

// fileCtx is the scan of one top-level file and everything inside it.
type fileCtx struct {
	e      *engine
	ctx    context.Context
	top    FileState
	found  int
	sink   FindingSink // nil: findings go through the engine's locked reporter
	budget int64       // bytes that may still be decompressed from this file
	// While an attachment is scanned, its findings and skips are reported under alias (the
	// mail file) and without line numbers.
	alias   string
	noLines int
}

// loc says where a segment of text stands, for the findings in it.
type loc struct {
	path string
	line int // line of the segment's first byte; 0 when the format has no lines
	col  int // column of the segment's first byte (1-based); 0 unknown
	page int
	cell string // set, or built from sheet, row and col0 when a finding needs it
	// A spreadsheet cell: "sheet!C12" is only built for a cell that holds a finding.
	sheet string
	row   int
	col0  int // 0-based column
	key   detect.Key
}

func (l *loc) cellName() string {
	if l.cell == "" && l.row > 0 {
		l.cell = l.sheet + "!" + colName(l.col0) + strconv.Itoa(l.row)
	}
	return l.cell
}

// keyCache classifies field names, remembering the answer for the names seen most: a file
// repeats its keys and attribute names on every record.
type keyCache map[string]detect.Key

func (c *keyCache) get(b []byte) detect.Key {
	if k, ok := (*c)[string(b)]; ok {
		return k
	}
	k := detect.NewKey(string(b))
	if *c == nil {
		*c = keyCache{}
	}
	if len(*c) < 4096 {
		(*c)[string(b)] = k
	}
	return k
}

// emit runs the detectors over one segment and reports its findings.
func (fc *fileCtx) emit(text []byte, l loc) {
	if len(text) == 0 {
		return
	}
	if fc.alias != "" {
		l.path = fc.alias
	}
	if fc.noLines > 0 {
		l.line = 0
	}
	line, lineStart, pos := l.line, 0, 0
	n := 0
	fc.e.det.Scan(detect.Segment{Text: text, Key: l.key}, func(m detect.Match) {
		f := Finding{Path: l.path, Type: m.Type, Value: m.Value, Masked: m.Masked, Confidence: m.Confidence,
			Reason: m.Reason, Page: l.page, Cell: l.cellName(), File: fc.top}
		if l.line > 0 {
			for i := bytes.IndexByte(text[pos:m.Start], '\n'); i >= 0; i = bytes.IndexByte(text[pos:m.Start], '\n') {
				line++
				pos += i + 1
				lineStart = pos
			}
			pos = m.Start
			f.Line = line
			f.Column = m.Start - lineStart + 1
			if line == l.line && l.col > 0 {
				f.Column += l.col - 1
			}
		}
		n++
		if fc.sink != nil {
			fc.sink.Finding(f)
		} else {
			fc.e.rep.finding(f)
		}
	})
	if n > 0 {
		fc.found += n
		fc.e.cnt.Findings.Add(int64(n))
	}
}

// skip reports a file or member that was not scanned; inside an attachment it is named by
// the mail file that holds it.
func (fc *fileCtx) skip(name, reason string) {
	if fc.alias != "" {
		name = fc.alias + " (attachment " + name + ")"
	}
	fc.e.skip(name, reason)
}

const headSize = 8192

// headPool recycles the buffers that hold a file's first bytes while it is recognised.
var headPool = sync.Pool{New: func() any { return new([headSize]byte) }}

// scanFile recognises a file by its content and extracts its text.
func (fc *fileCtx) scanFile(name string, ra io.ReaderAt, size int64, depth int) {
	if fc.ctx.Err() != nil {
		return
	}
	hp := headPool.Get().(*[headSize]byte)
	defer headPool.Put(hp)
	n, _ := ra.ReadAt(hp[:min(size, headSize)], 0)
	head := hp[:n]
	fc.e.cnt.Bytes.Add(size)
	switch {
	case size == 0:
		return
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")):
		fc.zipFile(name, ra, size, depth)
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		fc.gzipFile(name, ra, size, depth)
	case isTar(head):
		fc.tarFile(name, io.NewSectionReader(ra, 0, size), name, depth)
	case bytes.HasPrefix(head, []byte("%PDF-")):
		fc.pdfFile(name, ra, size)
	case sqlite.IsSQLite(head):
		fc.sqliteFile(name, ra, size)
	default:
		fc.textFile(name, io.NewSectionReader(ra, 0, size), head)
	}
}

func isTar(head []byte) bool {
	return len(head) >= 262 && bytes.Equal(head[257:262], []byte("ustar"))
}

// isBinary says whether a file's first bytes are not text in any encoding we read.
func isBinary(head []byte) bool {
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return false
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			ctrl++
		}
	}
	return len(head) > 0 && ctrl*20 > len(head)
}

// decoder returns a reader that yields UTF-8 for a file whose first bytes are head.
func decoder(r io.Reader, head []byte) io.Reader {
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}):
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
	case bytes.HasPrefix(head, []byte{0xef, 0xbb, 0xbf}):
		return transform.NewReader(r, unicode.UTF8BOM.NewDecoder())
	}
	h := head
	// A multi-byte character may be cut at the end of the head.
	for k := 0; k < 3 && len(h) > 0 && !utf8.Valid(h); k++ {
		h = h[:len(h)-1]
	}
	if !utf8.Valid(h) {
		return transform.NewReader(r, charmap.Windows1252.NewDecoder())
	}
	return r
}

// textFile handles everything that is text: mail, CSV, JSON, markup and plain text.
func (fc *fileCtx) textFile(name string, r io.Reader, head []byte) {
	if isBinary(head) {
		fc.skip(name, "binary file")
		return
	}
	r = decoder(r, head)
	ext := strings.ToLower(path.Ext(strings.TrimSuffix(name, ".gz")))
	trimmed := bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")
	switch {
	case isMbox(head):
		fc.mailStream(name, r, true)
	case ext == ".eml" || ext == ".msg" && isMail(head) || isMail(head) && ext != ".txt" && ext != ".csv":
		fc.mailStream(name, r, false)
	case ext == ".csv" || ext == ".tsv":
		fc.csvFile(name, r)
	case ext == ".json" || ext == ".jsonl" || ext == ".ndjson" || ext == ".geojson":
		fc.jsonFile(name, r)
	case ext == ".html" || ext == ".htm" || ext == ".xhtml" || ext == ".xml" || ext == ".svg":
		fc.markupFile(name, r)
	case len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '['):
		fc.jsonFile(name, r)
	case bytes.HasPrefix(trimmed, []byte("<")):
		fc.markupFile(name, r)
	default:
		fc.plainText(name, r, 1)
	}
}

const chunkSize = 1 << 20

// chunkPool recycles chunk buffers: allocating (and clearing) a megabyte per small file
// would cost more than scanning it.
var chunkPool = sync.Pool{New: func() any { b := make([]byte, 0, chunkSize+64<<10); return &b }}

// plainText streams text in large chunks cut at line ends, so memory stays bounded and no
// line is ever cut short: a line longer than a chunk is cut at a space, or anywhere. Past
// the first few chunks of a long stream, chunks go to helper goroutines: one large log
// would otherwise keep a single core busy while the others wait for it at the end.
func (fc *fileCtx) plainText(name string, r io.Reader, firstLine int) {
	var h *chunkHelpers
	n := 0
	fc.chunks(r, firstLine, func(chunk []byte, line int) {
		n++
		if n <= inlineChunks || fc.e.opts.Workers < 2 {
			fc.emit(chunk, loc{path: name, line: line})
			return
		}
		if h == nil {
			h = fc.startHelpers(name)
		}
		h.send(chunk, line)
	})
	if h != nil {
		h.wait()
	}
}

// inlineChunks is how many chunks of a stream are scanned by its own worker before helpers
// take over the rest.
const inlineChunks = 4

// chunks reads r in chunks cut at line ends and calls fn with each and its first line
// number. The chunk is only valid during the call.
func (fc *fileCtx) chunks(r io.Reader, firstLine int, fn func(chunk []byte, line int)) {
	bp := chunkPool.Get().(*[]byte)
	defer chunkPool.Put(bp)
	buf := (*bp)[:0]
	line := firstLine
	for {
		if fc.ctx.Err() != nil {
			return
		}
		for len(buf) < chunkSize {
			n, err := r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if err != nil {
				break
			}
		}
		if len(buf) == 0 {
			return
		}
		cut := len(buf)
		atEOF := len(buf) < chunkSize
		if !atEOF {
			if k := bytes.LastIndexByte(buf, '\n'); k >= 0 {
				cut = k + 1
			} else if k := bytes.LastIndexAny(buf, " \t"); k > 0 {
				cut = k + 1
			}
		}
		chunk := buf[:cut]
		fn(chunk, line)
		line += bytes.Count(chunk, []byte("\n"))
		rest := copy(buf, buf[cut:])
		buf = buf[:rest]
		if atEOF && rest == 0 {
			return
		}
	}
}

// chunkHelpers scan the chunks of one stream in parallel. Copies of chunks in flight take a
// token from the engine's chunkTokens, so memory stays bounded however many large files are
// open at once.
type chunkHelpers struct {
	work   chan chunkJob
	wg     sync.WaitGroup
	parent *fileCtx
	kids   []*fileCtx
	tokens chan struct{}
}

type chunkJob struct {
	buf  *[]byte
	line int
}

// startHelpers starts one helper per worker. Each has a fileCtx of its own (its own count
// and sink), added to the file's when it is done.
func (fc *fileCtx) startHelpers(name string) *chunkHelpers {
	h := &chunkHelpers{work: make(chan chunkJob, fc.e.opts.Workers), parent: fc, tokens: fc.e.chunkTokens}
	for range fc.e.opts.Workers {
		kid := &fileCtx{e: fc.e, ctx: fc.ctx, top: fc.top, alias: fc.alias, noLines: fc.noLines, sink: fc.e.newSink()}
		h.kids = append(h.kids, kid)
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			for j := range h.work {
				kid.emit(*j.buf, loc{path: name, line: j.line})
				chunkPool.Put(j.buf)
				<-h.tokens
			}
			if kid.sink != nil {
				kid.sink.Flush()
			}
		}()
	}
	return h
}

// send queues a copy of chunk.
func (h *chunkHelpers) send(chunk []byte, line int) {
	h.tokens <- struct{}{}
	bp := chunkPool.Get().(*[]byte)
	*bp = append((*bp)[:0], chunk...)
	h.work <- chunkJob{buf: bp, line: line}
}

func (h *chunkHelpers) wait() {
	close(h.work)
	h.wg.Wait()
	for _, kid := range h.kids {
		h.parent.found += kid.found
	}
}

// sqliteFile scans every text and number cell of every table, with the column name as
// context; the finding's cell reads "table!column#rowid".
func (fc *fileCtx) sqliteFile(name string, ra io.ReaderAt, size int64) {
	var keys keyCache
	err := sqlite.Walk(ra, size, func(c sqlite.Cell) error {
		if err := fc.ctx.Err(); err != nil {
			return err
		}
		fc.emit(c.Text, loc{path: name, key: keys.get([]byte(c.Column)), cell: c.Table + "!" + c.Column + "#" + strconv.FormatInt(c.Row, 10)})
		return nil
	})
	if err != nil && fc.ctx.Err() == nil {
		fc.skip(name, "SQLite file read only in part: "+err.Error())
	}
}
