// Package sqlite reads the cells of every table of a SQLite 3 database file, in pure Go,
// straight from the file format: the schema table, table b-trees (interior and leaf pages),
// records and overflow pages. It never runs SQL and never writes. It is made for untrusted
// files: every offset is checked, each page is visited at most once, and sizes are bounded.
//
// Index b-trees, WITHOUT ROWID tables and virtual tables are not read: the first two hold
// copies of, or keys into, data stored elsewhere, and the last holds no data in the file.
package sqlite

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Cell is one value of one row. Integers and floats come as decimal text.
type Cell struct {
	Table, Column string
	Row           int64
	Text          []byte
}

var magic = []byte("SQLite format 3\x00")

// IsSQLite says whether a file starts with the SQLite 3 header.
func IsSQLite(head []byte) bool { return len(head) >= 16 && string(head[:16]) == string(magic) }

// ErrDamaged is returned (wrapped) for files whose structure does not hold together.
var ErrDamaged = errors.New("damaged SQLite file")

// maxPages bounds the work on one file.
const maxPages = 1 << 22

type db struct {
	r        io.ReaderAt
	size     int64
	pageSize int
	usable   int
	utf16    binary.ByteOrder // nil for UTF-8
	visited  map[uint32]bool
	buf      []byte
}

// Walk calls fn for every text and number cell of every ordinary table. It stops at the first
// error fn returns.
func Walk(r io.ReaderAt, size int64, fn func(Cell) error) error {
	var h [100]byte
	if _, err := r.ReadAt(h[:], 0); err != nil || !IsSQLite(h[:]) {
		return fmt.Errorf("%w: no SQLite header", ErrDamaged)
	}
	ps := int(binary.BigEndian.Uint16(h[16:18]))
	if ps == 1 {
		ps = 65536
	}
	if ps < 512 || ps&(ps-1) != 0 {
		return fmt.Errorf("%w: page size %d", ErrDamaged, ps)
	}
	d := &db{r: r, size: size, pageSize: ps, usable: ps - int(h[20]), visited: map[uint32]bool{}}
	if d.usable < 480 {
		return fmt.Errorf("%w: usable page size %d", ErrDamaged, d.usable)
	}
	switch binary.BigEndian.Uint32(h[56:60]) {
	case 2:
		d.utf16 = binary.LittleEndian
	case 3:
		d.utf16 = binary.BigEndian
	}
	type table struct {
		name string
		root uint32
		cols []string
	}
	var tables []table
	err := d.walkTable(1, func(_ int64, rec []value) error {
		if len(rec) < 5 || d.text(rec[0]) != "table" {
			return nil
		}
		sql := d.text(rec[4])
		root, ok := rec[3].int()
		if !ok || root <= 0 || root > maxPages || strings.Contains(strings.ToUpper(sql), "WITHOUT ROWID") {
			return nil
		}
		name := d.text(rec[1])
		if strings.HasPrefix(name, "sqlite_") {
			return nil
		}
		tables = append(tables, table{name: name, root: uint32(root), cols: columnNames(sql)})
		return nil
	})
	if err != nil {
		return err
	}
	for _, t := range tables {
		err := d.walkTable(t.root, func(rowid int64, rec []value) error {
			for i, v := range rec {
				col := "column" + strconv.Itoa(i+1)
				if i < len(t.cols) {
					col = t.cols[i]
				}
				var text []byte
				switch v.kind {
				case kindText:
					text = []byte(d.text(v))
				case kindInt:
					text = strconv.AppendInt(nil, v.i, 10)
				case kindFloat:
					text = strconv.AppendFloat(nil, v.f, 'f', -1, 64)
				default:
					continue
				}
				if len(text) == 0 {
					continue
				}
				if err := fn(Cell{Table: t.name, Column: col, Row: rowid, Text: text}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (d *db) page(n uint32) ([]byte, error) {
	if n == 0 || int64(n) > d.size/int64(d.pageSize)+1 {
		return nil, fmt.Errorf("%w: page %d out of range", ErrDamaged, n)
	}
	b := make([]byte, d.pageSize)
	k, err := d.r.ReadAt(b, int64(n-1)*int64(d.pageSize))
	if k < d.pageSize && (err == nil || err == io.EOF) {
		b = b[:k]
	} else if err != nil && err != io.EOF {
		return nil, err
	}
	return b, nil
}

// walkTable visits the rows of the table b-tree rooted at page root, in key order.
func (d *db) walkTable(root uint32, fn func(rowid int64, rec []value) error) error {
	stack := []uint32{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if d.visited[n] {
			return fmt.Errorf("%w: page %d linked twice", ErrDamaged, n)
		}
		if len(d.visited) >= maxPages {
			return fmt.Errorf("%w: too many pages", ErrDamaged)
		}
		d.visited[n] = true
		p, err := d.page(n)
		if err != nil {
			return err
		}
		off := 0
		if n == 1 {
			off = 100
		}
		if len(p) < off+8 {
			return fmt.Errorf("%w: short page %d", ErrDamaged, n)
		}
		typ := p[off]
		ncells := int(binary.BigEndian.Uint16(p[off+3:]))
		hdr := 8
		if typ == 0x05 {
			hdr = 12
		} else if typ != 0x0d {
			return fmt.Errorf("%w: page %d is not a table page (type %d)", ErrDamaged, n, typ)
		}
		ptrs := off + hdr
		if ptrs+2*ncells > len(p) {
			return fmt.Errorf("%w: page %d cell count", ErrDamaged, n)
		}
		if typ == 0x05 {
			// Children are pushed in reverse so rows come out in key order.
			children := make([]uint32, 0, ncells+1)
			for i := 0; i < ncells; i++ {
				c := int(binary.BigEndian.Uint16(p[ptrs+2*i:]))
				if c+4 > len(p) {
					return fmt.Errorf("%w: page %d cell offset", ErrDamaged, n)
				}
				children = append(children, binary.BigEndian.Uint32(p[c:]))
			}
			children = append(children, binary.BigEndian.Uint32(p[off+8:]))
			for i := len(children) - 1; i >= 0; i-- {
				stack = append(stack, children[i])
			}
			continue
		}
		for i := 0; i < ncells; i++ {
			c := int(binary.BigEndian.Uint16(p[ptrs+2*i:]))
			if c >= len(p) {
				return fmt.Errorf("%w: page %d cell offset", ErrDamaged, n)
			}
			plen, k1 := varint(p[c:])
			rowid, k2 := varint(p[c+k1:])
			if k1 == 0 || k2 == 0 || plen < 0 || plen > 1<<30 {
				return fmt.Errorf("%w: page %d cell header", ErrDamaged, n)
			}
			payload, err := d.payload(p, c+k1+k2, int(plen))
			if err != nil {
				return err
			}
			rec, err := record(payload)
			if err != nil {
				return fmt.Errorf("%w: page %d: %v", ErrDamaged, n, err)
			}
			if err := fn(int64(rowid), rec); err != nil {
				return err
			}
		}
	}
	return nil
}

// payload gathers a cell's payload of length plen starting at p[at], following overflow pages.
func (d *db) payload(p []byte, at, plen int) ([]byte, error) {
	u := d.usable
	x := u - 35
	local := plen
	if plen > x {
		m := (u-12)*32/255 - 23
		k := m + (plen-m)%(u-4)
		local = m
		if k <= x {
			local = k
		}
	}
	if at+local > len(p) {
		return nil, fmt.Errorf("%w: cell runs past its page", ErrDamaged)
	}
	out := append([]byte(nil), p[at:at+local]...)
	if local == plen {
		return out, nil
	}
	if at+local+4 > len(p) {
		return nil, fmt.Errorf("%w: missing overflow pointer", ErrDamaged)
	}
	next := binary.BigEndian.Uint32(p[at+local:])
	for len(out) < plen {
		if next == 0 || d.visited[next] {
			return nil, fmt.Errorf("%w: broken overflow chain", ErrDamaged)
		}
		d.visited[next] = true
		op, err := d.page(next)
		if err != nil {
			return nil, err
		}
		if len(op) < 4 {
			return nil, fmt.Errorf("%w: short overflow page", ErrDamaged)
		}
		next = binary.BigEndian.Uint32(op)
		take := min(plen-len(out), u-4, len(op)-4)
		if take <= 0 {
			return nil, fmt.Errorf("%w: empty overflow page", ErrDamaged)
		}
		out = append(out, op[4:4+take]...)
	}
	return out, nil
}

type kind uint8

const (
	kindNull kind = iota
	kindInt
	kindFloat
	kindText
	kindBlob
)

type value struct {
	kind kind
	i    int64
	f    float64
	b    []byte
}

func (v value) int() (int64, bool) { return v.i, v.kind == kindInt }

func (d *db) text(v value) string {
	if v.kind != kindText {
		return ""
	}
	if d.utf16 == nil {
		return string(v.b)
	}
	u := make([]uint16, len(v.b)/2)
	for i := range u {
		u[i] = d.utf16.Uint16(v.b[2*i:])
	}
	return string(utf16.Decode(u))
}

// record decodes a record: a header of serial types, then the values.
func record(b []byte) ([]value, error) {
	hlen, k := varint(b)
	if k == 0 || hlen < int64(k) || hlen > int64(len(b)) {
		return nil, errors.New("bad record header")
	}
	var types []int64
	for i := k; i < int(hlen); {
		t, n := varint(b[i:int(hlen)])
		if n == 0 {
			return nil, errors.New("bad serial type")
		}
		types = append(types, t)
		i += n
	}
	pos := int(hlen)
	out := make([]value, 0, len(types))
	for _, t := range types {
		var v value
		size := 0
		switch {
		case t == 0:
		case t >= 1 && t <= 6:
			size = []int{0, 1, 2, 3, 4, 6, 8}[t]
			if pos+size > len(b) {
				return nil, errors.New("value past the record")
			}
			var x int64
			for _, c := range b[pos : pos+size] {
				x = x<<8 | int64(c)
			}
			shift := 64 - 8*uint(size) // sign-extend
			v = value{kind: kindInt, i: x << shift >> shift}
		case t == 7:
			size = 8
			if pos+8 > len(b) {
				return nil, errors.New("value past the record")
			}
			v = value{kind: kindFloat, f: math.Float64frombits(binary.BigEndian.Uint64(b[pos:]))}
		case t == 8:
			v = value{kind: kindInt}
		case t == 9:
			v = value{kind: kindInt, i: 1}
		case t >= 12:
			size = int((t - 12) / 2)
			if pos+size > len(b) || size < 0 {
				return nil, errors.New("value past the record")
			}
			v = value{kind: kindBlob, b: b[pos : pos+size]}
			if t%2 == 1 {
				v.kind = kindText
			}
		default:
			return nil, fmt.Errorf("reserved serial type %d", t)
		}
		pos += size
		out = append(out, v)
	}
	return out, nil
}

// varint reads SQLite's big-endian variable-length integer; n is 0 when b is too short.
func varint(b []byte) (int64, int) {
	var v uint64
	for i := 0; i < 9; i++ {
		if i >= len(b) {
			return 0, 0
		}
		if i == 8 {
			return int64(v<<8 | uint64(b[i])), 9
		}
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			return int64(v), i + 1
		}
	}
	return 0, 0
}

// columnNames reads the column names from a CREATE TABLE statement.
func columnNames(sql string) []string {
	open := strings.IndexByte(sql, '(')
	end := strings.LastIndexByte(sql, ')')
	if open < 0 || end <= open {
		return nil
	}
	var cols []string
	depth, start := 0, open+1
	body := sql[:end]
	for i := open + 1; i <= len(body); i++ {
		if i < len(body) {
			switch body[i] {
			case '(':
				depth++
				continue
			case ')':
				depth--
				continue
			case ',':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		}
		def := strings.TrimSpace(body[start:i])
		start = i + 1
		if def == "" {
			continue
		}
		up := strings.ToUpper(def)
		if strings.HasPrefix(up, "PRIMARY KEY") || strings.HasPrefix(up, "UNIQUE") || strings.HasPrefix(up, "CHECK") ||
			strings.HasPrefix(up, "FOREIGN KEY") || strings.HasPrefix(up, "CONSTRAINT") {
			continue
		}
		cols = append(cols, firstIdent(def))
	}
	return cols
}

// firstIdent returns the first identifier of a column definition, unquoted.
func firstIdent(def string) string {
	switch def[0] {
	case '"', '`', '[', '\'':
		closer := map[byte]byte{'"': '"', '`': '`', '[': ']', '\'': '\''}[def[0]]
		if j := strings.IndexByte(def[1:], closer); j >= 0 {
			return def[1 : 1+j]
		}
	}
	if j := strings.IndexAny(def, " \t\n"); j >= 0 {
		return def[:j]
	}
	return def
}
