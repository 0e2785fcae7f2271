package detect

import "bytes"

// A hand-written matcher for US street addresses. It accepts exactly what addressRE accepts
// and ends where it ends (FuzzAddressMatcher checks this against the expression), exploring
// the choices in the same order a backtracking engine does; on a PII-dense file the
// expression was a twentieth of the scan. The shape:
//
//	NUM WORD{1,4} SUFFIX .? [UNIT] ,? ' ' CITY{1,3} ', ' STATE ' ' ZIP [-ZIP4] \b
//
// with NUM 1-5 digits and a space, WORD a capitalised word, '.'-optional, and a space, SUFFIX
// one of streetSuffixes, UNIT ' ' one of unitWords ' '? '#'? digits [A-Z]?, CITY a
// capitalised word, '.'-optional, space-optional.

var streetSuffixes = []string{"Street", "St", "Avenue", "Ave", "Road", "Rd", "Lane", "Ln", "Drive", "Dr", "Boulevard", "Blvd",
	"Court", "Ct", "Way", "Place", "Pl", "Terrace", "Ter", "Circle", "Cir", "Parkway", "Pkwy", "Highway", "Hwy", "Trail", "Trl",
	"Square", "Sq", "Loop", "Row", "Path", "Pike", "Alley", "Plaza"}

var unitWords = []string{"Apt", "Apartment", "Suite", "Ste", "Unit", "Fl", "Floor", "#"}

// stateCodes holds the two-letter codes the expression accepts, as first<<8|second.
var stateCodes = func() map[uint16]bool {
	m := map[uint16]bool{}
	for _, g := range []string{"A:LKZR", "C:AOT", "D:EC", "F:L", "G:AU", "H:I", "I:DLNA", "K:SY", "L:A", "M:EDAINSOT",
		"N:EVHJMYCD", "O:HKR", "P:AR", "R:I", "S:CD", "T:NX", "U:T", "V:TAI", "W:AVIY"} {
		for _, c := range []byte(g[2:]) {
			m[uint16(g[0])<<8|uint16(c)] = true
		}
	}
	return m
}()

// matchAddress returns the length of the address at the start of t, or -1.
func matchAddress(t []byte) int {
	n := 0
	for n < len(t) && isDigit(t[n]) {
		n++
	}
	if n == 0 || n > 5 || n >= len(t) || t[n] != ' ' {
		return -1
	}
	// Up to four words; the suffix follows as many of them as leads to a match, most first.
	var ends [4]int
	k := capWords(t, n+1, ends[:], true)
	for c := k; c >= 1; c-- {
		at := ends[c-1]
		for _, suf := range streetSuffixes {
			if bytes.HasPrefix(t[at:], []byte(suf)) {
				if e := addrAfterSuffix(t, at+len(suf)); e >= 0 {
					return e
				}
			}
		}
	}
	return -1
}

// capWords reads up to len(ends) words from t[q:], each a capitalised word, an optional
// '.' and a space (which a street word needs and a city word may leave out), and records
// where each ends. It returns how many it read.
func capWords(t []byte, q int, ends []int, needSpace bool) int {
	k := 0
	for ; k < len(ends); k++ {
		e := capWord(t, q)
		if e < 0 {
			break
		}
		if e < len(t) && t[e] == '.' {
			e++
		}
		if e < len(t) && t[e] == ' ' {
			e++
		} else if needSpace {
			break
		}
		ends[k], q = e, e
	}
	return k
}

// capWord returns the end of [A-Z][a-z]+ at t[i:], or -1.
func capWord(t []byte, i int) int {
	if i >= len(t) || !isUpper(t[i]) {
		return -1
	}
	j := i + 1
	for j < len(t) && isLower(t[j]) {
		j++
	}
	if j == i+1 {
		return -1
	}
	return j
}

// optByte goes on with next after an optional c at t[i], trying it with c first as the
// expression's greedy `c?` does.
func optByte(t []byte, i int, c byte, next func([]byte, int) int) int {
	if i < len(t) && t[i] == c {
		if e := next(t, i+1); e >= 0 {
			return e
		}
	}
	return next(t, i)
}

func addrAfterSuffix(t []byte, i int) int { return optByte(t, i, '.', addrAfterDot) }

func addrAfterDot(t []byte, i int) int {
	if i < len(t) && t[i] == ' ' {
		for _, u := range unitWords {
			if bytes.HasPrefix(t[i+1:], []byte(u)) {
				if e := optByte(t, i+1+len(u), ' ', unitAfterSpace); e >= 0 {
					return e
				}
			}
		}
	}
	return addrAfterUnit(t, i)
}

func unitAfterSpace(t []byte, i int) int { return optByte(t, i, '#', unitNumber) }

// unitNumber reads a unit's digits and an optional letter: "4", "12B".
func unitNumber(t []byte, i int) int {
	d := i
	for d < len(t) && isDigit(t[d]) {
		d++
	}
	if d == i {
		return -1
	}
	if d < len(t) && isUpper(t[d]) {
		if e := addrAfterUnit(t, d+1); e >= 0 {
			return e
		}
	}
	return addrAfterUnit(t, d)
}

func addrAfterUnit(t []byte, i int) int { return optByte(t, i, ',', addrAfterComma) }

func addrAfterComma(t []byte, i int) int {
	if i >= len(t) || t[i] != ' ' {
		return -1
	}
	var ends [3]int
	k := capWords(t, i+1, ends[:], false)
	for c := k; c >= 1; c-- {
		if e := addrAfterCity(t, ends[c-1]); e >= 0 {
			return e
		}
	}
	return -1
}

func addrAfterCity(t []byte, i int) int {
	if i+6 > len(t) || t[i] != ',' || t[i+1] != ' ' || !stateCodes[uint16(t[i+2])<<8|uint16(t[i+3])] || t[i+4] != ' ' {
		return -1
	}
	i += 5
	if !digitsAt(t, i, 5) {
		return -1
	}
	i += 5
	if i < len(t) && t[i] == '-' && digitsAt(t, i+1, 4) && wordEnd(t, i+5) {
		return i + 5
	}
	if wordEnd(t, i) {
		return i
	}
	return -1
}

func digitsAt(t []byte, i, n int) bool {
	if i+n > len(t) {
		return false
	}
	for _, c := range t[i : i+n] {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// wordEnd reports whether a word ends before t[i] (the \b after a digit).
func wordEnd(t []byte, i int) bool { return i >= len(t) || !wordChar(t[i]) }
