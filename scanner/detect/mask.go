package detect

import (
	"bytes"
	"unicode/utf8"
)

// Mask returns a form of value that is safe to show and to store: enough to recognise the
// kind and, for numbers, the last few digits, never the whole value.
func Mask(t Type, value string) string {
	var buf [128]byte
	return string(appendMask(buf[:0], t, []byte(value)))
}

// appendMask appends value's masked form to b. It runs for every finding, so it builds the
// result in one buffer.
func appendMask(b []byte, t Type, value []byte) []byte {
	switch t {
	case Email:
		at := bytes.IndexByte(value, '@')
		dot := bytes.LastIndexByte(value, '.')
		if at <= 0 || dot < at {
			return appendStars(b, value)
		}
		b = appendFirstThenStars(b, value[:at])
		b = append(b, '@')
		b = appendFirstThenStars(b, value[at+1:dot])
		return append(b, value[dot:]...)
	case SSN, CreditCard, Phone, IBAN:
		return appendKeepLastDigits(b, value, 4)
	case IPv4:
		if k := bytes.IndexByte(value, '.'); k > 0 {
			if k2 := bytes.IndexByte(value[k+1:], '.'); k2 >= 0 {
				return append(append(b, value[:k+1+k2]...), ".*.*"...)
			}
		}
	case IPv6:
		if i := bytes.IndexByte(value, ':'); i > 0 {
			return append(append(b, value[:i]...), ":****"...)
		}
	case PersonName, USStreetAddress:
		// Words are joined by single spaces, as strings.Fields and Join would.
		var arr [16][2]int
		spans := fieldSpans(arr[:0], value)
		for k, f := range spans {
			w := value[f[0]:f[1]]
			if k > 0 {
				b = append(b, ' ')
			}
			if t == USStreetAddress && k >= len(spans)-2 { // keep state and ZIP prefix
				if len(w) == 5 || len(w) == 10 {
					b = appendStars(append(b, w[:3]...), w[3:])
				} else {
					b = append(b, w...)
				}
				continue
			}
			b = appendFirstThenStars(b, w)
		}
		return b
	case Secret:
		if len(value) > 8 {
			return append(append(b, value[:4]...), "********"...)
		}
	}
	return appendStars(b, value)
}

// fieldSpans appends the start and end of each run of non-space bytes in s to dst.
func fieldSpans(dst [][2]int, s []byte) [][2]int {
	for i := 0; i < len(s); {
		for i < len(s) && isSpaceByte(s[i]) {
			i++
		}
		if i >= len(s) {
			break
		}
		j := i
		for j < len(s) && !isSpaceByte(s[j]) {
			j++
		}
		dst = append(dst, [2]int{i, j})
		i = j
	}
	return dst
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// appendStars replaces every letter and digit with '*', keeping punctuation and spaces.
func appendStars(b []byte, s []byte) []byte {
	for _, r := range string(s) { // no copy: the compiler ranges over the bytes
		if r < 128 && !isAlnum(byte(r)) {
			b = append(b, byte(r))
		} else {
			b = append(b, '*')
		}
	}
	return b
}

// appendFirstThenStars keeps the first character and stars the rest (at least one star).
func appendFirstThenStars(b []byte, s []byte) []byte {
	if len(s) == 0 {
		return b
	}
	_, size := utf8.DecodeRune(s)
	b = append(b, s[:size]...)
	for range max(utf8.RuneCount(s)-1, 1) {
		b = append(b, '*')
	}
	return b
}

// appendKeepLastDigits stars all letters and digits but the last n digits.
func appendKeepLastDigits(b []byte, s []byte, n int) []byte {
	start := len(b)
	b = append(b, s...)
	kept := 0
	for i := len(b) - 1; i >= start; i-- {
		c := b[i]
		if isDigit(c) && kept < n {
			kept++
			continue
		}
		if isAlnum(c) {
			b[i] = '*'
		}
	}
	return b
}
