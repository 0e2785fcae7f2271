package scanner

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/stockade/stockade/scanner/detect"
)

// officeKind recognises Office Open XML and OpenDocument files among zips, by their parts.
func officeKind(zr *zip.Reader) string {
	for _, f := range zr.File {
		switch {
		case f.Name == "word/document.xml":
			return "docx"
		case f.Name == "xl/workbook.xml":
			return "xlsx"
		case f.Name == "ppt/presentation.xml":
			return "pptx"
		case f.Name == "mimetype":
			rc, err := f.Open()
			if err != nil {
				return ""
			}
			b, _ := io.ReadAll(io.LimitReader(rc, 100))
			rc.Close()
			switch string(b) {
			case "application/vnd.oasis.opendocument.text":
				return "odt"
			case "application/vnd.oasis.opendocument.spreadsheet":
				return "ods"
			}
		}
	}
	return ""
}

const maxPartXML = 256 << 20

func (fc *fileCtx) openPart(zr *zip.Reader, name string) (io.ReadCloser, error) {
	for _, f := range zr.File {
		if f.Name == name {
			if f.UncompressedSize64 > maxPartXML || int64(f.UncompressedSize64) > fc.budget {
				return nil, errBudget
			}
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			limit := max(int64(float64(f.CompressedSize64)*fc.e.opts.MaxRatio), 1<<20)
			return struct {
				io.Reader
				io.Closer
			}{&ratioReader{r: rc, left: limit}, rc}, nil
		}
	}
	return nil, errors.New("missing part " + name)
}

func (fc *fileCtx) officeFile(name string, zr *zip.Reader, kind string) {
	var err error
	switch kind {
	case "docx":
		var parts []string
		for _, f := range zr.File {
			if f.Name == "word/document.xml" || strings.HasPrefix(f.Name, "word/header") || strings.HasPrefix(f.Name, "word/footer") ||
				f.Name == "word/footnotes.xml" || f.Name == "word/comments.xml" {
				parts = append(parts, f.Name)
			}
		}
		for _, p := range parts {
			if err = fc.paragraphs(name, zr, p, "p", "t", "tab", 0); err != nil {
				break
			}
		}
	case "pptx":
		var slides []string
		for _, f := range zr.File {
			if strings.HasPrefix(f.Name, "ppt/slides/slide") && strings.HasSuffix(f.Name, ".xml") {
				slides = append(slides, f.Name)
			}
		}
		sort.Slice(slides, func(i, j int) bool { return slideNo(slides[i]) < slideNo(slides[j]) })
		for _, s := range slides {
			if err = fc.paragraphs(name, zr, s, "p", "t", "tab", slideNo(s)); err != nil {
				break
			}
		}
	case "odt":
		err = fc.paragraphs(name, zr, "content.xml", "p", "", "tab", 0)
		if err == nil {
			err = fc.paragraphs(name, zr, "content.xml", "h", "", "tab", 0)
		}
	case "xlsx":
		err = fc.xlsx(name, zr)
	case "ods":
		err = fc.ods(name, zr)
	}
	if err != nil {
		fc.skip(name, fmt.Sprintf("damaged %s document: %v", kind, err))
	}
}

func slideNo(p string) int {
	n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(path.Base(p), "slide"), ".xml"))
	return n
}

// paragraphs emits the text of each paragraph element (local name para), joining the runs
// inside it; textEl, when set, is the only element whose character data counts.
func (fc *fileCtx) paragraphs(name string, zr *zip.Reader, part, para, textEl, tabEl string, page int) error {
	rc, err := fc.openPart(zr, part)
	if err != nil {
		return err
	}
	defer rc.Close()
	x := newXMLTokenizer(rc)
	defer x.release()
	var buf []byte
	depth, inText := 0, 0
	for {
		t, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t.kind {
		case xmlStart:
			switch string(t.name) {
			case para:
				depth++
			case textEl:
				inText++
			case tabEl:
				buf = append(buf, '\t')
			case "br", "line-break", "s":
				buf = append(buf, ' ')
			}
		case xmlEnd:
			switch string(t.name) {
			case para:
				depth--
				if depth == 0 {
					fc.emit(buf, loc{path: name, page: page})
					buf = buf[:0]
				}
			case textEl:
				inText--
			}
		case xmlText:
			if depth > 0 && (textEl == "" || inText > 0) {
				buf = append(buf, t.text...)
			}
		}
	}
}

// colIndex turns "C12" into column 2 (0-based) and row 12.
func colIndex(ref []byte) (int, int) {
	col, i := 0, 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	row, _ := strconv.Atoi(string(ref[i:]))
	return col - 1, row
}

func colName(c int) string {
	s := ""
	for c++; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}

func (fc *fileCtx) xlsx(name string, zr *zip.Reader) error {
	var shared [][]byte
	if rc, err := fc.openPart(zr, "xl/sharedStrings.xml"); err == nil {
		x := newXMLTokenizer(rc)
		defer x.release()
		var cur []byte
		inSI, inT := false, false
		for {
			t, err := x.next()
			if err != nil {
				break
			}
			switch t.kind {
			case xmlStart:
				if string(t.name) == "si" {
					inSI, cur = true, cur[:0]
				} else if string(t.name) == "t" {
					inT = true
				}
			case xmlEnd:
				if string(t.name) == "si" {
					inSI = false
					shared = append(shared, append([]byte(nil), cur...))
				} else if string(t.name) == "t" {
					inT = false
				}
			case xmlText:
				if inSI && inT {
					cur = append(cur, t.text...)
				}
			}
		}
		rc.Close()
	}
	sheets := sheetNames(fc, zr)
	var parts []string
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/") && strings.HasSuffix(f.Name, ".xml") && !strings.Contains(f.Name[len("xl/worksheets/"):], "/") {
			parts = append(parts, f.Name)
		}
	}
	sort.Strings(parts)
	for _, p := range parts {
		sheet := sheets[p]
		if sheet == "" {
			sheet = strings.TrimSuffix(path.Base(p), ".xml")
		}
		if err := fc.sheet(name, zr, p, sheet, shared); err != nil {
			return err
		}
	}
	return nil
}

// sheetNames maps worksheet parts to their names, from the workbook and its relations.
func sheetNames(fc *fileCtx, zr *zip.Reader) map[string]string {
	out := map[string]string{}
	rels := map[string]string{}
	if rc, err := fc.openPart(zr, "xl/_rels/workbook.xml.rels"); err == nil {
		var doc struct {
			Rels []struct {
				ID     string `xml:"Id,attr"`
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		if xml.NewDecoder(rc).Decode(&doc) == nil {
			for _, r := range doc.Rels {
				t := strings.TrimPrefix(r.Target, "/")
				if !strings.HasPrefix(t, "xl/") {
					t = "xl/" + t
				}
				rels[r.ID] = t
			}
		}
		rc.Close()
	}
	if rc, err := fc.openPart(zr, "xl/workbook.xml"); err == nil {
		var doc struct {
			Sheets []struct {
				Name string     `xml:"name,attr"`
				Attr []xml.Attr `xml:",any,attr"`
			} `xml:"sheets>sheet"`
		}
		if xml.NewDecoder(rc).Decode(&doc) == nil {
			for i, s := range doc.Sheets {
				target := ""
				for _, a := range s.Attr {
					if a.Name.Local == "id" {
						target = rels[a.Value]
					}
				}
				if target == "" {
					target = fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
				}
				out[target] = s.Name
			}
		}
		rc.Close()
	}
	return out
}

// sheet emits each cell with its reference and its column's header (the first row's text).
func (fc *fileCtx) sheet(name string, zr *zip.Reader, part, sheet string, shared [][]byte) error {
	rc, err := fc.openPart(zr, part)
	if err != nil {
		return err
	}
	defer rc.Close()
	x := newXMLTokenizer(rc)
	defer x.release()
	var header headers
	firstRow := -1
	var ref []byte
	isShared := false
	var val []byte
	inV, inT := false, false
	for {
		t, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t.kind {
		case xmlStart:
			switch string(t.name) {
			case "c":
				r, _ := x.attr(t.attrs, "r")
				ref = append(ref[:0], r...)
				typ, _ := x.attr(t.attrs, "t")
				isShared = string(typ) == "s"
				val = val[:0]
			case "v":
				inV = true
			case "t":
				inT = true
			}
		case xmlEnd:
			switch string(t.name) {
			case "v":
				inV = false
			case "t":
				inT = false
			case "c":
				text := val
				if isShared {
					if i, err := strconv.Atoi(string(val)); err == nil && i >= 0 && i < len(shared) {
						text = shared[i]
					}
				}
				col, row := colIndex(ref)
				if firstRow < 0 {
					firstRow = row
				}
				if row == firstRow {
					header.set(col, string(text))
					continue
				}
				fc.emit(text, loc{path: name, sheet: sheet, row: row, col0: col, key: header.get(col)})
			}
		case xmlText:
			if inV || inT {
				val = append(val, t.text...)
			}
		}
	}
}

// headers holds a sheet's column headers, each classified once for the detectors.
type headers struct {
	keys []detect.Key
}

func (h *headers) set(col int, name string) {
	if col < 0 || col > 1<<14 {
		return
	}
	for len(h.keys) <= col {
		h.keys = append(h.keys, detect.Key{})
	}
	h.keys[col] = detect.NewKey(name)
}

func (h *headers) get(col int) detect.Key {
	if col < 0 || col >= len(h.keys) {
		return detect.Key{}
	}
	return h.keys[col]
}

func (fc *fileCtx) ods(name string, zr *zip.Reader) error {
	rc, err := fc.openPart(zr, "content.xml")
	if err != nil {
		return err
	}
	defer rc.Close()
	x := newXMLTokenizer(rc)
	defer x.release()
	var header headers
	row, col := 0, 0
	var sheet string
	var buf []byte
	inCell, repeat := 0, 1
	for {
		t, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t.kind {
		case xmlStart:
			switch string(t.name) {
			case "table":
				row, header = 0, headers{}
				if v, ok := x.attr(t.attrs, "name"); ok {
					sheet = string(v)
				}
			case "table-row":
				row++
				col = 0
			case "table-cell":
				inCell++
				buf = buf[:0]
				repeat = 1
				if v, ok := x.attr(t.attrs, "number-columns-repeated"); ok {
					if n, err := strconv.Atoi(string(v)); err == nil && n > 1 {
						repeat = n
					}
				}
			case "p":
				if inCell > 0 && len(buf) > 0 {
					buf = append(buf, ' ')
				}
			}
		case xmlEnd:
			if string(t.name) == "table-cell" {
				inCell--
				if row == 1 {
					header.set(col, string(buf))
				} else if len(buf) > 0 {
					fc.emit(buf, loc{path: name, sheet: sheet, row: row, col0: col, key: header.get(col)})
				}
				// A repeated cell stands for several columns; an empty run may be huge
				// (to the sheet's edge), so only the position moves, nothing is copied.
				col += repeat
			}
		case xmlText:
			if inCell > 0 {
				buf = append(buf, t.text...)
			}
		}
	}
}
