package detect

import (
	"bytes"
	"net/netip"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ---- IBAN ----

// ibanLengths is each country's IBAN length.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
	"BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
	"ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
	"HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
	"LB": 28, "LC": 32, "LY": 25, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
	"MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
	"RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}

// ibanAt reads an IBAN starting at t[i] (a country code, then check digits) and reports it;
// it returns where the IBAN ends, or -1. numbers calls it at the check digits, so IBANs cost
// no pass of their own.
func (s *scan) ibanAt(i int) int {
	t := s.text
	n := len(t)
	if i+4 > n || !isUpper(t[i]) || !isUpper(t[i+1]) || !isDigit(t[i+2]) || !isDigit(t[i+3]) || (i > 0 && wordChar(t[i-1])) {
		return -1
	}
	want, ok := ibanLengths[string(t[i:i+2])]
	if !ok {
		return -1
	}
	// Collect want alphanumerics, allowing single spaces between groups.
	var arr [34]byte
	buf := arr[:0]
	var sep byte
	j := i
	for j < n && len(buf) < want {
		c := t[j]
		switch {
		case isDigit(c) || isUpper(c):
			buf = append(buf, c)
			j++
		case (c == ' ' || c == '-') && j+1 < n && isAlnum(t[j+1]) && len(buf)%4 == 0 && (sep == 0 || sep == c):
			sep = c
			j++
		default:
			j = n + 1
		}
	}
	if len(buf) != want || j > n || (j < n && isAlnum(t[j])) || !ibanValid(buf) {
		return -1
	}
	s.add(IBAN, i, j, High, ibanReasons[string(t[i:i+2])])
	return j
}

// ibanReasons is the finding reason for each country.
var ibanReasons = func() map[string]string {
	m := make(map[string]string, len(ibanLengths))
	for cc := range ibanLengths {
		m[cc] = "valid IBAN checksum (mod 97) and length for " + cc
	}
	return m
}()

// ibanValid checks ISO 13616's mod-97: the first four characters moved to the end, letters
// read as 10-35, the whole number is 1 modulo 97. It works digit by digit, so it needs no
// big numbers.
func ibanValid(b []byte) bool {
	if len(b) < 5 {
		return false
	}
	rem := 0
	for k := range b {
		c := b[(k+4)%len(b)]
		switch {
		case isDigit(c):
			rem = (rem*10 + int(c-'0')) % 97
		case isUpper(c):
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// ---- dates of birth ----

// birthField reads a whole field whose name says it holds birth dates; words finds the dates
// that follow a birth context word.
func (s *scan) birthField() {
	t := s.text
	st := 0
	for st < len(t) && (t[st] == ' ' || t[st] == '"' || t[st] == '\'') {
		st++
	}
	if end, ok := parseDate(t, st); ok && endsClean(t, end) {
		s.add(DateOfBirth, st, end, High, s.keyReasons().dob)
	}
}

// birthAt tries the birth context words that start at t[i].
func (s *scan) birthAt(i int) {
	t := s.text
	for _, w := range [...]string{"birth", "born", "dob", "d.o.b"} {
		if hasFold(t, i, w) {
			s.birthAfter(i, w)
			return
		}
	}
}

// birthReasons are the reasons for a date after each birth context word.
var birthReasons = func() map[string]string {
	m := map[string]string{}
	for _, w := range []string{"birth", "birthdate", "birth date", "birth_date", "birthday", "date of birth", "born", "dob", "d.o.b"} {
		m[w] = "date after '" + w + "'"
	}
	return m
}()

// birthAfter reports a date that follows the anchor word at t[at:].
func (s *scan) birthAfter(at int, anchor string) {
	t := s.text
	if at > 0 && isAlpha(t[at-1]) {
		return
	}
	end := at + len(anchor)
	w := anchor
	if anchor == "birth" {
		// "birth", "birthdate", "birth date", "birth_date", "birthday"
		for _, tail := range []string{"date", " date", "_date", "day"} {
			if hasFold(t, end, tail) {
				end += len(tail)
				w = "birth" + tail
				break
			}
		}
		if at >= 8 && equalFoldASCII(t[at-8:at], "date of ") {
			w = "date of birth"
		}
	}
	if end < len(t) && isAlpha(t[end]) && anchor != "d.o.b" {
		return
	}
	// The date follows within a few words on the same line: "DOB: ", "born on ",
	// "dob=", "Date of birth for the insurance form: ".
	for j := end; j < len(t) && j-end <= 48 && t[j] != '\n'; j++ {
		if j > end && isAlnum(t[j-1]) || !(isDigit(t[j]) || isAlpha(t[j])) {
			continue
		}
		if e, ok := parseDate(t, j); ok && endsClean(t, e) {
			s.add(DateOfBirth, j, e, High, birthReasons[w])
			return
		}
	}
}

// hasFold reports whether word (lower-case) stands at t[i:], in any case.
func hasFold(t []byte, i int, word string) bool {
	return i+len(word) <= len(t) && equalFoldASCII(t[i:i+len(word)], word)
}

var monthNamesB = []byte(monthNames)

// appendLower appends b lower-cased (ASCII letters only) to dst.
func appendLower(dst, b []byte) []byte {
	for _, c := range b {
		dst = append(dst, lowerASCII(c))
	}
	return dst
}

const monthNames = " january february march april may june july august september sept october november december "

var months = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

func monthAt(t []byte, i int) (int, int) {
	for m, name := range months {
		if i+3 <= len(t) && equalFoldASCII(t[i:i+3], name) {
			j := i + 3
			for j < len(t) && isAlpha(t[j]) {
				j++
			}
			var lb [32]byte
			if j-i > 3 && !bytes.Contains(monthNamesB, append(appendLower(append(lb[:0], ' '), t[i:j]), ' ')) {
				return 0, 0
			}
			if j < len(t) && t[j] == '.' {
				j++
			}
			return m + 1, j
		}
	}
	return 0, 0
}

func readInt(t []byte, i, maxLen int) (v, end int) {
	end = i
	for end < len(t) && end-i < maxLen && isDigit(t[end]) {
		v = v*10 + int(t[end]-'0')
		end++
	}
	if end < len(t) && isDigit(t[end]) {
		return 0, i
	}
	return v, end
}

// parseDate reads a calendar date at i in one of the common layouts and returns its end.
func parseDate(t []byte, i int) (int, bool) {
	if i >= len(t) {
		return 0, false
	}
	ok := func(y, m, d int) bool { return y >= 1900 && y <= 2030 && m >= 1 && m <= 12 && d >= 1 && d <= 31 }
	if isDigit(t[i]) {
		a, e1 := readInt(t, i, 4)
		if e1 == i || e1 >= len(t) {
			return 0, false
		}
		sep := t[e1]
		if e1-i == 4 && (sep == '-' || sep == '/' || sep == '.') { // 1984-03-12
			m, e2 := readInt(t, e1+1, 2)
			if e2 > e1+1 && e2 < len(t) && t[e2] == sep {
				d, e3 := readInt(t, e2+1, 2)
				if e3 > e2+1 && ok(a, m, d) {
					return e3, true
				}
			}
			return 0, false
		}
		if e1-i <= 2 && (sep == '/' || sep == '.' || sep == '-') { // 03/12/1984, 12.03.1984
			b, e2 := readInt(t, e1+1, 2)
			if e2 > e1+1 && e2 < len(t) && t[e2] == sep {
				y, e3 := readInt(t, e2+1, 4)
				if e3-e2-1 == 4 && (ok(y, a, b) || ok(y, b, a)) {
					return e3, true
				}
			}
			return 0, false
		}
		if e1-i <= 2 && sep == ' ' { // 12 Mar 1984
			if m, e2 := monthAt(t, e1+1); m > 0 && e2 < len(t) && t[e2] == ' ' {
				y, e3 := readInt(t, e2+1, 4)
				if e3-e2-1 == 4 && ok(y, m, a) {
					return e3, true
				}
			}
		}
		return 0, false
	}
	if m, e1 := monthAt(t, i); m > 0 && e1 < len(t) && t[e1] == ' ' { // March 12, 1984
		d, e2 := readInt(t, e1+1, 2)
		if e2 > e1+1 {
			j := e2
			if j < len(t) && t[j] == ',' {
				j++
			}
			if j < len(t) && t[j] == ' ' {
				y, e3 := readInt(t, j+1, 4)
				if e3-j-1 == 4 && ok(y, m, d) {
					return e3, true
				}
			}
		}
	}
	return 0, false
}

// ---- names ----

// notPersonLabel are words that, before "name", mean the name is not a person's.
var notPersonLabel = map[string]bool{
	"file": true, "host": true, "user": true, "company": true, "product": true, "project": true,
	"business": true, "domain": true, "server": true, "app": true, "brand": true, "account": true,
	"device": true, "database": true, "db": true, "table": true, "column": true, "field": true,
	"package": true, "branch": true, "store": true, "shop": true, "bank": true, "street": true,
	"display": true, "screen": true, "code": true, "computer": true, "network": true, "wifi": true,
	"event": true, "campaign": true, "list": true, "plan": true, "item": true, "sheet": true,
}

var companyWords = map[string]bool{
	"llc": true, "inc": true, "inc.": true, "ltd": true, "ltd.": true, "co.": true, "corp": true, "corp.": true,
	"company": true, "group": true, "services": true, "solutions": true, "partners": true, "associates": true,
	"plumbing": true, "dental": true, "clinic": true, "bakery": true, "studio": true, "consulting": true,
	"the": true, "and": true, "of": true, "&": true,
}

func (s *scan) names() {
	t := s.text
	if s.key.kind == keyName || s.key.kind == keyNameWeak {
		st := 0
		for st < len(t) && (t[st] == ' ' || t[st] == '"') {
			st++
		}
		if end, words := readName(t, st); words > 0 && (s.key.kind == keyName || words >= 2) {
			e := end
			for e < len(t) && (t[e] == ' ' || t[e] == '"' || t[e] == '\r' || t[e] == '\n') {
				e++
			}
			if e == len(t) { // the whole field is the name
				c := High
				if s.key.kind == keyNameWeak {
					c = Medium
				}
				s.add(PersonName, st, end, c, s.keyReasons().name)
			}
		}
		return
	}
	// A label ends in "name" and a colon: find the colons, then look back.
	for off := 0; ; {
		k := bytes.IndexByte(t[off:], ':')
		if k < 0 {
			return
		}
		colon := off + k
		off = colon + 1
		at := colon
		for at > 0 && (t[at-1] == ' ' || t[at-1] == '\t') {
			at--
		}
		at -= 4
		if at < 0 || !equalFoldASCII(t[at:at+4], "name") || (at > 0 && isAlpha(t[at-1])) {
			continue
		}
		// The word before "name" must not make it a thing's name.
		w := at
		for w > 0 && (t[w-1] == ' ' || t[w-1] == '_' || t[w-1] == '-') {
			w--
		}
		ws := w
		for ws > 0 && isAlpha(t[ws-1]) {
			ws--
		}
		var lb [32]byte
		if notPersonLabel[string(appendLower(lb[:0], t[ws:w]))] {
			continue
		}
		j := colon + 1
		for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
			j++
		}
		if end, words := readName(t, j); words >= 2 {
			s.add(PersonName, j, end, High, "after a 'Name:' label")
			off = end
		}
	}
}

// readName reads 1 to 4 capitalised words (letters, with inner hyphens, apostrophes and
// dots) separated by single spaces, and returns the end and the word count; 0 words when it
// does not look like a person's name.
func readName(t []byte, i int) (int, int) {
	words, end := 0, i
	for words < 4 {
		r, size := utf8.DecodeRune(t[end:])
		if size == 0 || !unicode.IsUpper(r) {
			break
		}
		j := end + size
		letters := 1
		for j < len(t) {
			r, size := utf8.DecodeRune(t[j:])
			if unicode.IsLetter(r) {
				letters++
				j += size
				continue
			}
			if (r == '-' || r == '\'' || r == '.') && j+1 < len(t) && isAlpha(t[j+1]) {
				j += size
				continue
			}
			break
		}
		if letters == 1 && j < len(t) && t[j] == '.' { // an initial: "Q."
			j++
		}
		var lb [32]byte
		if companyWords[string(appendLower(lb[:0], t[end:j]))] {
			return 0, 0
		}
		if j < len(t) && (isDigit(t[j]) || t[j] == '_' || t[j] == '@') {
			return 0, 0
		}
		end = j
		words++
		if end+1 < len(t) && t[end] == ' ' {
			r, _ := utf8.DecodeRune(t[end+1:])
			if unicode.IsUpper(r) {
				end++
				continue
			}
		}
		break
	}
	if words > 0 && end > 0 && t[end-1] == ' ' {
		end--
	}
	return end, words
}

// ---- IPv6 ----

func isHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func (s *scan) ipv6s() {
	t := s.text
	for off := 0; ; {
		k := bytes.IndexByte(t[off:], ':')
		if k < 0 {
			return
		}
		at := off + k
		st := at
		for st > 0 && (isHex(t[st-1]) || t[st-1] == ':') {
			st--
		}
		end := at
		for end < len(t) && (isHex(t[end]) || t[end] == ':' || t[end] == '.') {
			end++
		}
		for end > at && (t[end-1] == '.' || t[end-1] == ':' && !(end-2 >= 0 && t[end-2] == ':')) {
			end--
		}
		off = max(end, at+1)
		cand := t[st:end]
		colons := bytes.Count(cand, []byte(":"))
		embedded4 := bytes.IndexByte(cand, '.') >= 0
		if colons < 2 || (colons < 7 && !bytes.Contains(cand, []byte("::")) && !(embedded4 && colons == 6)) {
			continue
		}
		if st > 0 && (isAlnum(t[st-1]) || t[st-1] == '_') || end < len(t) && (isAlnum(t[end]) || t[end] == '_') {
			continue
		}
		addr, err := netip.ParseAddr(string(cand))
		if err != nil || !addr.Is6() || addr.IsUnspecified() || bytes.Count(cand, []byte("::")) > 1 {
			continue
		}
		if addr.IsLoopback() { // "::1": low, as 127.0.0.1 is
			s.add(IPv6, st, end, Low, "loopback address")
			continue
		}
		hexDigits := 0
		for _, c := range cand {
			if isHex(c) {
				hexDigits++
			}
		}
		if hexDigits < 4 {
			continue // "::1"-like scraps
		}
		c, reason := High, "valid IPv6 address"
		if addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() || addr.IsMulticast() {
			c, reason = Low, "private, local or multicast IPv6 address"
		}
		s.add(IPv6, st, end, c, reason)
	}
}

// ---- secrets ----

type secretRule struct {
	prefix string
	re     *regexp.Regexp
	what   string
}

var secretRules = []secretRule{
	{"AKIA", regexp.MustCompile(`^AKIA[0-9A-Z]{16}\b`), "AWS access key ID"},
	{"ASIA", regexp.MustCompile(`^ASIA[0-9A-Z]{16}\b`), "AWS temporary access key ID"},
	{"ghp_", regexp.MustCompile(`^ghp_[A-Za-z0-9]{36}\b`), "GitHub personal access token"},
	{"gho_", regexp.MustCompile(`^gho_[A-Za-z0-9]{36}\b`), "GitHub OAuth token"},
	{"ghs_", regexp.MustCompile(`^ghs_[A-Za-z0-9]{36}\b`), "GitHub app token"},
	{"github_pat_", regexp.MustCompile(`^github_pat_[A-Za-z0-9_]{60,}`), "GitHub fine-grained token"},
	{"glpat-", regexp.MustCompile(`^glpat-[A-Za-z0-9_-]{20}\b`), "GitLab personal access token"},
	{"xox", regexp.MustCompile(`^xox[baprs]-[A-Za-z0-9-]{10,}`), "Slack token"},
	{"sk_live_", regexp.MustCompile(`^sk_live_[A-Za-z0-9]{20,}`), "Stripe secret key"},
	{"rk_live_", regexp.MustCompile(`^rk_live_[A-Za-z0-9]{20,}`), "Stripe restricted key"},
	{"AIza", regexp.MustCompile(`^AIza[0-9A-Za-z_-]{35}`), "Google API key"},
	{"SG.", regexp.MustCompile(`^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}`), "SendGrid API key"},
	{"-----BEGIN", regexp.MustCompile(`^-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----`), "private key"},
}

var passwordRE = regexp.MustCompile(`(?i)^(?:password|passwd|pwd|pass)["']?\s*[:=]\s*["']?([^\s"',;<>]{6,})`)

// secretsByFirst groups the rules by the first byte of their prefix, so one pass over the text
// tries only the rules that can start at each byte.
var secretsByFirst = func() (m [256][]secretRule) {
	for _, r := range secretRules {
		m[r.prefix[0]] = append(m[r.prefix[0]], r)
	}
	return m
}()

// The detectors anchored on a word share one pass over the text: each pair of bytes that can
// start a secret's prefix, a password label ("pa", "pw") or a birth context word ("bi",
// "bo", "do", "d.") is marked in a table, in every case for the words.
const (
	pairSecret = 1 << iota
	pairPassword
	pairBirth
)

var wordPairs = func() (m [1 << 16]uint8) {
	mark := func(a, b byte, kind uint8) { m[uint16(a)<<8|uint16(b)] |= kind }
	for _, r := range secretRules {
		mark(r.prefix[0], r.prefix[1], pairSecret)
	}
	for _, w := range []struct {
		pair string
		kind uint8
	}{{"pa", pairPassword}, {"pw", pairPassword}, {"bi", pairBirth}, {"bo", pairBirth}, {"do", pairBirth}, {"d.", pairBirth}} {
		a, b := w.pair[0], w.pair[1]
		for _, x := range []byte{a, upperASCII(a)} {
			for _, y := range []byte{b, upperASCII(b)} {
				mark(x, y, w.kind)
			}
		}
	}
	return m
}()

func upperASCII(c byte) byte {
	if isLower(c) {
		return c - 32
	}
	return c
}

// words runs the word-anchored detectors of kinds in one pass.
func (s *scan) words(kinds uint8) {
	t := s.text
	for i := 0; i+1 < len(t); i++ {
		k := wordPairs[uint16(t[i])<<8|uint16(t[i+1])] & kinds
		if k == 0 {
			continue
		}
		if k&pairSecret != 0 {
			if end, what := s.secretAt(i); end > 0 {
				s.add(Secret, i, end, High, what)
				i = end - 1
				continue
			}
		}
		if k&pairPassword != 0 {
			if end := s.passwordAt(i); end > 0 {
				i = end - 1
				continue
			}
		}
		if k&pairBirth != 0 {
			s.birthAt(i)
		}
	}
}

// secretAt returns the end of a secret token starting at t[i] and what it is, or -1.
func (s *scan) secretAt(i int) (int, string) {
	t := s.text
	if i > 0 && wordChar(t[i-1]) {
		return -1, ""
	}
	for _, r := range secretsByFirst[t[i]] {
		if !bytes.HasPrefix(t[i:], []byte(r.prefix)) {
			continue
		}
		if loc := r.re.FindIndex(t[i:min(len(t), i+200)]); loc != nil {
			return i + loc[1], r.what
		}
	}
	return -1, ""
}

// passwordAt reads "password=…", "passwd: …" or "pwd=…" at t[at:] and reports the value; it
// returns where the value ends, or -1. A value that is itself a known token is left to the
// secret rules, which say what it is.
func (s *scan) passwordAt(at int) int {
	t := s.text
	if !hasFold(t, at, "pass") && !hasFold(t, at, "pwd") || at > 0 && isAlpha(t[at-1]) {
		return -1
	}
	m := passwordRE.FindSubmatchIndex(t[at:min(len(t), at+200)])
	if m == nil {
		return -1
	}
	v := strings.ToLower(string(t[at+m[2] : at+m[3]]))
	if strings.Trim(v, "*x•.") == "" || v == "changeme" || v == "password" || strings.HasPrefix(v, "${") || strings.HasPrefix(v, "{{") || strings.HasPrefix(v, "<") {
		return -1
	}
	if end, _ := s.secretAt(at + m[2]); end > 0 {
		return -1
	}
	s.add(Secret, at+m[2], at+m[3], Medium, "value of a password field")
	return at + m[3]
}
