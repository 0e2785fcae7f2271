package detect

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Options choose what a Detector looks for.
type Options struct {
	Types []Type // nil or empty: all types
	// MinConfidence drops weaker matches before their value and mask are made (0: keep
	// all). A dropped match still hides matches that overlap it.
	MinConfidence Confidence
}

// Detector finds personal data in text. It holds no mutable state, so one Detector may be
// shared by many goroutines.
type Detector struct {
	on  [numTypes]bool
	min Confidence
}

const numTypes = 11

func typeIndex(t Type) int {
	for i, x := range allTypes {
		if x == t {
			return i
		}
	}
	return -1
}

var allTypes = []Type{Email, Phone, SSN, CreditCard, IBAN, IPv4, IPv6, DateOfBirth, USStreetAddress, PersonName, Secret}

// AllTypes lists every type, in a stable order.
func AllTypes() []Type { return append([]Type(nil), allTypes...) }

// ParseType reads a type name.
func ParseType(s string) (Type, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	for _, t := range allTypes {
		if string(t) == s {
			return t, nil
		}
	}
	names := make([]string, len(allTypes))
	for i, t := range allTypes {
		names[i] = string(t)
	}
	return "", fmt.Errorf("unknown type %q: use one of %s", s, strings.Join(names, ", "))
}

// String names a confidence level: "low", "medium" or "high".
func (c Confidence) String() string {
	switch c {
	case Low:
		return "low"
	case Medium:
		return "medium"
	case High:
		return "high"
	}
	return "unknown"
}

// ParseConfidence reads "low", "medium" or "high".
func ParseConfidence(s string) (Confidence, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "low":
		return Low, nil
	case "medium":
		return Medium, nil
	case "high":
		return High, nil
	}
	return 0, fmt.Errorf("unknown confidence %q: use low, medium or high", s)
}

// New builds a Detector.
func New(opts Options) *Detector {
	d := &Detector{min: opts.MinConfidence}
	if len(opts.Types) == 0 {
		for i := range d.on {
			d.on[i] = true
		}
	}
	for _, t := range opts.Types {
		if i := typeIndex(t); i >= 0 {
			d.on[i] = true
		}
	}
	return d
}

// Indexes into Detector.on, in the order of allTypes.
const (
	iEmail = iota
	iPhone
	iSSN
	iCreditCard
	iIBAN
	iIPv4
	iIPv6
	iDateOfBirth
	iUSStreetAddress
	iPersonName
	iSecret
)

// Scan reports the matches in seg, in increasing Start order.
func (d *Detector) Scan(seg Segment, fn func(Match)) {
	if len(seg.Text) == 0 {
		return
	}
	// One pass over the bytes says which detectors can possibly match, so short fields and
	// plain prose cost little; a cell with none of those bytes costs nothing more.
	f := classes(seg.Text)
	nameKey := seg.Key.kind == keyName || seg.Key.kind == keyNameWeak
	if f&(hasAt|hasDigit|hasColon|hasSecretish) == 0 && !nameKey {
		return
	}
	sp := scanPool.Get().(*scan)
	defer scanPool.Put(sp)
	// Field by field: assigning a whole struct literal copies it through a write barrier,
	// which costs more than scanning a short cell.
	sp.d, sp.text, sp.key = d, seg.Text, seg.Key
	sp.out, sp.order = sp.out[:0], sp.order[:0]
	s := sp
	if f&hasAt != 0 && d.on[iEmail] {
		s.emails()
	}
	var kinds uint8 // for the word-anchored pass
	if f&hasDigit != 0 {
		s.numbers() // IBANs too
		if d.on[iDateOfBirth] && s.key.kind == keyDOB {
			s.birthField()
		} else if d.on[iDateOfBirth] && f&hasB != 0 {
			kinds |= pairBirth
		}
	}
	if d.on[iPersonName] && (nameKey || f&hasColon != 0) {
		s.names()
	}
	if f&hasColon != 0 && d.on[iIPv6] {
		s.ipv6s()
	}
	if f&(hasSecretish|hasColon) != 0 && d.on[iSecret] {
		kinds |= pairSecret | pairPassword
	}
	if kinds != 0 {
		s.words(kinds)
	}
	if len(s.out) == 0 {
		return
	}
	// Each detector reports in order; put their runs together by start, the earlier-found
	// first on a tie. Sorting packed keys is much cheaper than moving hits around.
	sorted := true
	for i := 1; i < len(s.out); i++ {
		if s.out[i].start < s.out[i-1].start {
			sorted = false
			break
		}
	}
	if !sorted {
		if len(s.out) < 1<<24 && len(s.text) < 1<<39 {
			for i, h := range s.out {
				s.order = append(s.order, uint64(h.start)<<24|uint64(i))
			}
			slices.Sort(s.order)
		} else {
			slices.SortStableFunc(s.out, func(a, b hit) int { return a.start - b.start })
		}
	}
	last := -1
	for k := range s.out {
		h := s.out[k]
		if len(s.order) > 0 {
			h = s.out[s.order[k]&(1<<24-1)]
		}
		if h.start < last { // overlapping a match already reported: the earlier one wins
			continue
		}
		last = h.end
		if h.conf < d.min {
			continue
		}
		// The value and its mask share one allocation.
		raw := s.text[h.start:h.end]
		var mb [128]byte
		masked := appendMask(mb[:0], h.typ, raw)
		var sb strings.Builder
		sb.Grow(len(raw) + len(masked))
		sb.Write(raw)
		sb.Write(masked)
		both := sb.String()
		fn(Match{Type: h.typ, Start: h.start, End: h.end, Value: both[:len(raw)], Masked: both[len(raw):], Confidence: h.conf, Reason: h.reason})
	}
}

// hit is a match before it is reported: the raw value and mask are only made for the hits
// that are kept.
type hit struct {
	start, end int
	reason     string
	typ        Type
	conf       Confidence
}

var scanPool = sync.Pool{New: func() any { return &scan{} }}

// Byte classes present in a segment.
const (
	hasAt = 1 << iota
	hasDigit
	hasColon
	hasB // b or B: every birth-date context word has one
	hasSecretish
)

var classTable = func() (t [256]uint8) {
	t['@'] = hasAt
	for c := '0'; c <= '9'; c++ {
		t[c] = hasDigit
	}
	t[':'] = hasColon
	t['b'] = hasB
	t['B'] = hasB
	// Every secret rule has one of these: AKIA ASIA AIza SG. ghp_ sk_live_ glpat- xoxb- -----BEGIN password=
	for _, c := range []byte("_-=AS") {
		t[c] |= hasSecretish
	}
	return t
}()

func classes(b []byte) uint8 {
	var f uint8
	for _, c := range b {
		f |= classTable[c]
	}
	return f
}

// scan is the state of one Scan call.
type scan struct {
	d     *Detector
	text  []byte
	key   Key
	out   []hit
	order []uint64 // packed start<<24 | index, when out needs sorting
	seq   numSeq   // reused by numbers
}

func (s *scan) add(t Type, start, end int, c Confidence, reason string) {
	s.out = append(s.out, hit{typ: t, start: start, end: end, conf: c, reason: reason})
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isAlpha(c byte) bool { return isUpper(c) || isLower(c) }
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }

// wordChar reports whether c continues a word or a number on either side of a match.
func wordChar(c byte) bool { return isAlnum(c) || c == '_' }

func lowerASCII(c byte) byte {
	if isUpper(c) {
		return c + 32
	}
	return c
}

// beforeHas reports whether word (lower-case) appears, in any case, within the n bytes
// before i on the same line. It does not allocate.
func (s *scan) beforeHas(i, n int, word string) bool {
	j := i
	for j > 0 && i-j < n && s.text[j-1] != '\n' {
		j--
	}
	at := indexFold(s.text[j:i], word, 0)
	return at >= 0
}

// beforeLower appends to dst up to n bytes before i on the same line, lower-cased (ASCII).
func (s *scan) beforeLower(dst []byte, i, n int) []byte {
	j := i
	for j > 0 && i-j < n && s.text[j-1] != '\n' {
		j--
	}
	return appendLower(dst, s.text[j:i])
}

// keyReasons returns the reasons that name the segment's field.
func (s *scan) keyReasons() *keyReasons {
	if s.key.r == nil {
		return newKeyReasons(s.key.name)
	}
	return s.key.r
}
