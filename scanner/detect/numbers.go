package detect

import "bytes"

// group is one run of digits inside a number-like sequence.
type group struct{ start, end int }

func (g group) len() int { return g.end - g.start }

// numSeq is a run of digit groups joined by single separators: "415-555-0132",
// "(415) 555-0132", "4111 1111 1111 1111", "192.0.2.1".
type numSeq struct {
	start  int     // first byte, including a leading '+' or '('
	plus   bool    // starts with '+'
	paren  bool    // the first group is in parentheses
	groups []group // at least one
	seps   []byte  // seps[k] sits between groups k and k+1 (')' for "(415) ")
	cont   bool    // the tail of a longer run of groups, or after "DE89 ": never a card
}

// afterIBANPrefix says whether digits at i follow an IBAN's country and check digits
// ("ES26 5778 ..."), which makes them part of an account number, not a card.
func afterIBANPrefix(t []byte, i int) bool {
	return i >= 5 && t[i-1] == ' ' && isUpper(t[i-5]) && isUpper(t[i-4]) && isDigit(t[i-3]) && isDigit(t[i-2]) && (i == 5 || !wordChar(t[i-6]))
}

const maxGroups = 8

// numbers walks the text once, reading each digit sequence that starts at a word boundary
// and classifying it.
func (s *scan) numbers() {
	t := s.text
	n := len(t)
	contAt := -1 // where a sequence restarts inside a longer run of digit groups
	for i := 0; i < n; i++ {
		c := t[i]
		if !isDigit(c) && !((c == '+' || c == '(') && i+1 < n && isDigit(t[i+1])) {
			continue
		}
		if i >= 2 && isUpper(t[i-1]) && isUpper(t[i-2]) && s.d.on[iIBAN] {
			if end := s.ibanAt(i - 2); end > 0 {
				i = end - 1
				continue
			}
		}
		if i > 0 && (wordChar(t[i-1]) || t[i-1] == '.' || t[i-1] == '-' && i > 1 && isDigit(t[i-2])) {
			// inside a longer token: skip to its end
			for i < n && (isAlnum(t[i]) || t[i] == '_') {
				i++
			}
			continue
		}
		if isDigit(c) {
			// Most numbers are a lone run of a few digits ("304", "2023"): nothing but a
			// street number can start there, so they skip the sequence reading.
			j := i + 1
			for j < n && isDigit(t[j]) {
				j++
			}
			more := j+1 < n && (t[j] == ' ' || t[j] == '-' || t[j] == '.' || t[j] == '/') && isDigit(t[j+1])
			if !more && j-i < 9 {
				if j-i <= 5 && j+1 < n && t[j] == ' ' && isUpper(t[j+1]) && s.d.on[iUSStreetAddress] {
					if end, ok := s.address(i); ok {
						i = end - 1
						continue
					}
				}
				i = j - 1
				continue
			}
		}
		seq := &s.seq
		readSeqInto(t, i, seq)
		seq.cont = i == contAt || afterIBANPrefix(t, i)
		next := s.classify(seq)
		if next <= i {
			next = i + 1
		}
		if len(seq.groups) > 1 && next == seq.groups[1].start {
			contAt = next
		}
		i = next - 1
	}
}

// readSeq reads the sequence starting at i.
func readSeq(t []byte, i int) numSeq {
	var seq numSeq
	readSeqInto(t, i, &seq)
	return seq
}

// readSeqInto reads the sequence starting at i into seq, reusing its slices.
func readSeqInto(t []byte, i int, seq *numSeq) {
	seq.start, seq.plus, seq.paren, seq.cont = i, false, false, false
	seq.groups, seq.seps = seq.groups[:0], seq.seps[:0]
	n := len(t)
	if t[i] == '+' {
		seq.plus = true
		i++
	}
	if i < n && t[i] == '(' {
		// "(415) 555-0132"
		j := i + 1
		for j < n && isDigit(t[j]) {
			j++
		}
		if j-i-1 == 3 && j+1 < n && t[j] == ')' && isDigit(t[j+1]) {
			seq.paren = true
			seq.groups = append(seq.groups, group{i + 1, j})
			seq.seps = append(seq.seps, ')')
			i = j + 1
		} else if j-i-1 == 3 && j+1 < n && t[j] == ')' && (t[j+1] == ' ' || t[j+1] == '-') && j+2 < n && isDigit(t[j+2]) {
			seq.paren = true
			seq.groups = append(seq.groups, group{i + 1, j})
			seq.seps = append(seq.seps, ')')
			i = j + 2
		} else if t[seq.start] == '(' || seq.plus {
			seq.groups = seq.groups[:0]
			return
		}
	}
	for i < n && len(seq.groups) < maxGroups {
		j := i
		for j < n && isDigit(t[j]) {
			j++
		}
		if j == i {
			break
		}
		seq.groups = append(seq.groups, group{i, j})
		// "+44 (20) 7123 4567": an area code in parentheses after the country code.
		if seq.plus && len(seq.groups) == 1 && j+3 < n && t[j] == ' ' && t[j+1] == '(' && isDigit(t[j+2]) {
			k := j + 2
			for k < n && isDigit(t[k]) && k-j-2 < 4 {
				k++
			}
			if k+2 < n && t[k] == ')' && t[k+1] == ' ' && isDigit(t[k+2]) {
				seq.groups = append(seq.groups, group{j + 2, k})
				seq.seps = append(seq.seps, ' ', ' ')
				i = k + 2
				continue
			}
		}
		if j+1 < n && (t[j] == ' ' || t[j] == '-' || t[j] == '.' || t[j] == '/') && isDigit(t[j+1]) {
			seq.seps = append(seq.seps, t[j])
			i = j + 1
			continue
		}
		break
	}
	return
}

// endsClean reports whether a match ending at e stops at a boundary: no letter or digit glued
// on, and no separator leading into more digits (a longer number).
func endsClean(t []byte, e int) bool {
	if e >= len(t) {
		return true
	}
	c := t[e]
	if wordChar(c) || c == '@' {
		return false
	}
	if (c == '-' || c == '.' || c == '/') && e+1 < len(t) && isDigit(t[e+1]) {
		return false
	}
	return true
}

// classify tries the number kinds in turn and returns where scanning goes on.
func (s *scan) classify(q *numSeq) int {
	if len(q.groups) == 0 {
		return q.start + 1
	}
	g := q.groups
	last := g[len(g)-1].end
	// A lone run of up to eight digits never gets here: numbers reads it as a street number
	// or passes it by.
	if !q.plus && !q.paren {
		if s.d.on[iIPv4] && s.ipv4(q) {
			return last
		}
		if end, ok := s.card(q); ok {
			return end
		}
		if end, ok := s.ssn(q); ok {
			return end
		}
	}
	if end, ok := s.phone(q); ok {
		return end
	}
	// Nothing here: go on after the first group so a match later in the run is still found.
	if len(g) > 1 && q.seps[0] == ' ' {
		return g[1].start
	}
	return last
}

// digitsOf appends the digits of groups gs to dst (a stack buffer, so nothing escapes).
func digitsOf(dst []byte, t []byte, gs []group) []byte {
	for _, g := range gs {
		dst = append(dst, t[g.start:g.end]...)
	}
	return dst
}

func sameSeps(seps []byte, n int) (byte, bool) {
	if n == 0 {
		return 0, true
	}
	for _, c := range seps[:n] {
		if c != seps[0] {
			return 0, false
		}
	}
	return seps[0], true
}

// ---- IPv4 ----

func (s *scan) ipv4(q *numSeq) bool {
	g := q.groups
	if len(g) != 4 || q.seps[0] != '.' || q.seps[1] != '.' || q.seps[2] != '.' || !endsClean(s.text, g[3].end) {
		return false
	}
	var oct [4]int
	for k, gr := range g {
		if gr.len() > 3 || (gr.len() > 1 && s.text[gr.start] == '0') {
			return false
		}
		v := 0
		for _, c := range s.text[gr.start:gr.end] {
			v = v*10 + int(c-'0')
		}
		if v > 255 {
			return false
		}
		oct[k] = v
	}
	if s.key.kind == keyVersion || s.beforeHas(q.start, 24, "version") || q.start > 0 && lowerASCII(s.text[q.start-1]) == 'v' {
		return true // a version number, not an address: consumed, not reported
	}
	if reason, private := reservedIPv4(oct); private {
		s.add(IPv4, q.start, g[3].end, Low, reason)
	} else {
		s.add(IPv4, q.start, g[3].end, High, "valid public IPv4 address")
	}
	return true
}

func reservedIPv4(o [4]int) (string, bool) {
	switch {
	case o[0] == 10, o[0] == 172 && o[1] >= 16 && o[1] < 32, o[0] == 192 && o[1] == 168:
		return "private IPv4 address", true
	case o[0] == 127:
		return "loopback address", true
	case o[0] == 0, o[0] >= 224:
		return "reserved or multicast address", true
	case o[0] == 169 && o[1] == 254:
		return "link-local address", true
	case o[0] == 100 && o[1] >= 64 && o[1] < 128:
		return "carrier-grade NAT address", true
	case o[0] == 192 && o[1] == 0 && o[2] == 2, o[0] == 198 && o[1] == 51 && o[2] == 100, o[0] == 203 && o[1] == 0 && o[2] == 113:
		return "documentation address", true
	}
	return "", false
}

// ---- payment cards ----

func (s *scan) card(q *numSeq) (int, bool) {
	if !s.d.on[iCreditCard] || q.cont {
		return 0, false
	}
	t, g := s.text, q.groups
	// Every layout is one run of 13 or more digits, or groups of 4 then 4 or 6 (a date such
	// as 2024-05-12 is ruled out here).
	if g[0].len() < 13 && (len(g) < 3 || g[0].len() != 4 || g[1].len() != 4 && g[1].len() != 6) {
		return 0, false
	}
	for _, layout := range cardLayouts {
		k := len(layout)
		if len(g) < k {
			continue
		}
		if layout[0] == 0 {
			if g[0].len() < 13 || g[0].len() > 19 {
				continue
			}
			k = 1
		} else {
			ok := true
			for j, want := range layout {
				if g[j].len() != want {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			if sep, same := sameSeps(q.seps, k-1); !same || (sep != ' ' && sep != '-') {
				continue
			}
		}
		end := g[k-1].end
		if !endsClean(t, end) || (k < len(g) && q.seps[k-1] != ' ') {
			continue
		}
		var buf [24]byte
		d := digitsOf(buf[:0], t, g[:k])
		brand := cardBrand(d)
		if brand == "" || !luhn(d) {
			continue
		}
		s.add(CreditCard, q.start, end, High, brand)
		return end, true
	}
	return 0, false
}

// cardLayouts are the digit groupings tried: one run of 13-19 digits, 4-4-4-4(-1..3),
// 4-6-5 (Amex), 4-6-4 (Diners), 4-4-4-1.
var cardLayouts = [][]int{{0}, {4, 4, 4, 4, 3}, {4, 4, 4, 4, 2}, {4, 4, 4, 4, 1}, {4, 4, 4, 4}, {4, 6, 5}, {4, 6, 4}, {4, 4, 4, 1}}

func luhn(d []byte) bool {
	sum, double := 0, false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

func prefixIn(d []byte, lo, hi int) bool {
	w := 1
	for p := 10; p <= lo; p *= 10 {
		w++
	}
	if len(d) < w {
		return false
	}
	v := 0
	for _, c := range d[:w] {
		v = v*10 + int(c-'0')
	}
	return v >= lo && v <= hi
}

// cardBrand returns the reason for a card whose issuer prefix and length fit, naming the
// issuer, or "".
func cardBrand(d []byte) string {
	n := len(d)
	switch {
	case d[0] == '4' && (n == 13 || n == 16 || n == 19):
		return "passes Luhn, Visa number"
	case (prefixIn(d, 51, 55) || prefixIn(d, 2221, 2720)) && n == 16:
		return "passes Luhn, Mastercard number"
	case (prefixIn(d, 34, 34) || prefixIn(d, 37, 37)) && n == 15:
		return "passes Luhn, American Express number"
	case (prefixIn(d, 6011, 6011) || prefixIn(d, 65, 65) || prefixIn(d, 644, 649) || prefixIn(d, 622126, 622925)) && n >= 16 && n <= 19:
		return "passes Luhn, Discover number"
	case prefixIn(d, 3528, 3589) && n >= 16 && n <= 19:
		return "passes Luhn, JCB number"
	case (prefixIn(d, 300, 305) || prefixIn(d, 36, 36) || prefixIn(d, 38, 39)) && n >= 14 && n <= 16:
		return "passes Luhn, Diners Club number"
	case prefixIn(d, 62, 62) && n >= 16 && n <= 19:
		return "passes Luhn, UnionPay number"
	case prefixIn(d, 5019, 5019) && n == 16:
		return "passes Luhn, Dankort number"
	case (prefixIn(d, 5018, 5018) || prefixIn(d, 5020, 5020) || prefixIn(d, 5038, 5038) || prefixIn(d, 5893, 5893) ||
		prefixIn(d, 6304, 6304) || prefixIn(d, 6759, 6759) || prefixIn(d, 6761, 6763)) && n >= 12 && n <= 19:
		return "passes Luhn, Maestro number"
	case d[0] == '1' && n == 15:
		return "passes Luhn, UATP number"
	}
	return ""
}

// ---- SSN ----

// ssnWords are the context words for an SSN, with the reason each gives.
var ssnWords = func() []struct{ word, reason string } {
	var out []struct{ word, reason string }
	for _, w := range []string{"ssn", "social security", "ss#", "ss no", "taxpayer id", "tin"} {
		out = append(out, struct{ word, reason string }{w, "valid SSN after '" + w + "'"})
	}
	return out
}()

// ssnContext returns the reason when something before start, or the field's name, says an
// SSN follows.
func (s *scan) ssnContext(start int) (string, bool) {
	if s.key.kind == keySSN {
		return s.keyReasons().ssn, true
	}
	var buf [32]byte
	b := s.beforeLower(buf[:0], start, len(buf))
	for _, w := range ssnWords {
		if k := bytes.LastIndex(b, []byte(w.word)); k >= 0 && (k == 0 || !isAlpha(b[k-1])) && (k+len(w.word) == len(b) || !isAlpha(b[k+len(w.word)])) {
			return w.reason, true
		}
	}
	return "", false
}

func (s *scan) ssn(q *numSeq) (int, bool) {
	if !s.d.on[iSSN] {
		return 0, false
	}
	t, g := s.text, q.groups
	var end int
	var buf [9]byte
	var d []byte
	switch {
	case len(g) >= 3 && g[0].len() == 3 && g[1].len() == 2 && g[2].len() == 4 && q.seps[0] == '-' && q.seps[1] == '-':
		end, d = g[2].end, digitsOf(buf[:0], t, g[:3])
		if len(g) > 3 && q.seps[2] != ' ' {
			return 0, false
		}
	case g[0].len() == 9:
		end, d = g[0].end, digitsOf(buf[:0], t, g[:1])
	default:
		return 0, false
	}
	if !endsClean(t, end) || !validSSN(d) {
		return 0, false
	}
	why, ctx := s.ssnContext(q.start)
	switch {
	case ctx:
		s.add(SSN, q.start, end, High, why)
	case len(d) < end-q.start: // dashed, but nothing says it is an SSN
		s.add(SSN, q.start, end, Low, "SSN-shaped number without context")
	default:
		return 0, false
	}
	return end, true
}

func validSSN(d []byte) bool {
	area := string(d[:3]) // compared, not kept: no allocation
	return area != "000" && area != "666" && area[0] != '9' && string(d[3:5]) != "00" && string(d[5:]) != "0000"
}

// ---- phones ----

func (s *scan) phone(q *numSeq) (int, bool) {
	if !s.d.on[iPhone] {
		return 0, false
	}
	t, g := s.text, q.groups
	if q.plus && len(g) == 1 && g[0].len() == 1 && t[g[0].start] == '1' {
		return s.plusParen(q)
	}
	if s.key.kind == keyPhone && !q.plus && !q.paren && len(g) == 1 && (g[0].len() == 10 || g[0].len() == 11 && t[g[0].start] == '1') {
		d := t[g[0].end-10 : g[0].end]
		if d[0] >= '2' && d[3] >= '2' && endsClean(t, g[0].end) {
			s.add(Phone, q.start, g[0].end, High, s.keyReasons().phone)
			return g[0].end, true
		}
	}
	gs := g
	seps := q.seps
	intl := q.plus
	if q.plus && g[0].len() == 1 && t[g[0].start] == '1' {
		// +1 NANP: drop the country code and read the rest as a US number.
		if len(g) < 2 || !(seps[0] == ' ' || seps[0] == '-') {
			return 0, false
		}
		gs, seps, intl = g[1:], seps[1:], false
	} else if q.plus && q.paren {
		return 0, false
	}
	if !intl {
		// NANP: 3-3-4, or (3) 3-4.
		if len(gs) < 3 || gs[0].len() != 3 || gs[1].len() != 3 || gs[2].len() != 4 {
			return 0, false
		}
		sep1, sep2 := seps[0], seps[1]
		switch {
		case sep1 == ')' && sep2 == '-':
		case sep1 == sep2 && (sep1 == '-' || sep1 == '.'):
		case sep1 == ' ' && (sep2 == ' ' || sep2 == '-') && q.plus: // "+1 415 555 0132", "+1 (415) 555-0132"
		default:
			return 0, false
		}
		end := gs[2].end
		if !endsClean(t, end) || (len(gs) > 3 && seps[2] != ' ') {
			return 0, false
		}
		area, exch := t[gs[0].start], t[gs[1].start]
		if area < '2' || exch < '2' {
			return 0, false
		}
		start := q.start
		if q.paren && !q.plus {
			start = gs[0].start - 1
		}
		s.add(Phone, start, end, High, "North American number format")
		return end, true
	}
	// International E.164: "+44 20 7946 0123", "+442079460123".
	k := 0
	total := 0
	for k < len(g) && total < 15 {
		if k > 0 && seps[k-1] != ' ' {
			break
		}
		total += g[k].len()
		k++
	}
	if total < 8 || total > 15 || t[g[0].start] == '0' {
		return 0, false
	}
	end := g[k-1].end
	if !endsClean(t, end) {
		return 0, false
	}
	s.add(Phone, q.start, end, High, "international number (E.164)")
	return end, true
}

// plusParen handles "+1 (415) 555-0132", which readSeq reads as "+1" then stops.
func (s *scan) plusParen(q *numSeq) (int, bool) {
	t, g := s.text, q.groups
	if !q.plus || len(g) != 1 || g[0].len() != 1 || t[g[0].start] != '1' {
		return 0, false
	}
	i := g[0].end
	if i+1 >= len(t) || t[i] != ' ' || t[i+1] != '(' {
		return 0, false
	}
	rest := readSeq(t, i+1)
	if !rest.paren || len(rest.groups) < 3 || rest.groups[1].len() != 3 || rest.groups[2].len() != 4 || rest.seps[1] != '-' {
		return 0, false
	}
	end := rest.groups[2].end
	if !endsClean(t, end) || t[rest.groups[0].start] < '2' {
		return 0, false
	}
	s.add(Phone, q.start, end, High, "North American number format")
	return end, true
}

// ---- US street addresses ----

// stateZIPIn reports whether w holds ", XX 9" (a state code and a ZIP code after a comma),
// which every address the expression accepts has: most numbers followed by a capitalised
// word are not addresses, and this is much cheaper to rule out than the expression.
func stateZIPIn(w []byte) bool {
	for k := 0; ; {
		c := bytes.IndexByte(w[k:], ',')
		if c < 0 {
			return false
		}
		k += c + 1
		if k+5 <= len(w) && w[k] == ' ' && isUpper(w[k+1]) && isUpper(w[k+2]) && w[k+3] == ' ' && isDigit(w[k+4]) {
			return true
		}
	}
}

func (s *scan) address(i int) (int, bool) {
	end := min(i+160, len(s.text))
	if !stateZIPIn(s.text[i:end]) {
		return 0, false
	}
	n := matchAddress(s.text[i:end])
	if n < 0 {
		return 0, false
	}
	s.add(USStreetAddress, i, i+n, High, "street, city, state and ZIP code")
	return i + n, true
}
