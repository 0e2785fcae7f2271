package detect

import (
	"strings"
	"unicode/utf8"
)

// Mask returns a form of value that is safe to show and to store: enough to recognise the
// kind and, for numbers, the last few digits, never the whole value.
func Mask(t Type, value string) string {
	switch t {
	case Email:
		at := strings.IndexByte(value, '@')
		dot := strings.LastIndexByte(value, '.')
		if at <= 0 || dot < at {
			return stars(value)
		}
		b := make([]byte, 0, len(value)+2)
		b = appendFirstThenStars(b, value[:at])
		b = append(b, '@')
		b = appendFirstThenStars(b, value[at+1:dot])
		return string(append(b, value[dot:]...))
	case SSN, CreditCard, Phone, IBAN:
		return keepLastDigits(value, 4)
	case IPv4:
		if k := strings.IndexByte(value, '.'); k > 0 {
			if k2 := strings.IndexByte(value[k+1:], '.'); k2 >= 0 {
				return value[:k+1+k2] + ".*.*"
			}
		}
	case IPv6:
		if i := strings.IndexByte(value, ':'); i > 0 {
			return value[:i] + ":****"
		}
	case PersonName, USStreetAddress:
		words := strings.Fields(value)
		for i, w := range words {
			if t == USStreetAddress && i >= len(words)-2 { // keep state and ZIP prefix
				if len(w) == 5 || len(w) == 10 {
					words[i] = w[:3] + stars(w[3:])
				}
				continue
			}
			words[i] = firstThenStars(w)
		}
		return strings.Join(words, " ")
	case Secret:
		if len(value) > 8 {
			return value[:4] + strings.Repeat("*", 8)
		}
	}
	return stars(value)
}

// stars replaces every letter and digit with '*', keeping punctuation and spaces.
func stars(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && !isAlnum(byte(r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('*')
		}
	}
	return b.String()
}

func firstThenStars(s string) string { return string(appendFirstThenStars(nil, s)) }

// appendFirstThenStars keeps the first character and stars the rest (at least one star).
func appendFirstThenStars(b []byte, s string) []byte {
	if s == "" {
		return b
	}
	_, size := utf8.DecodeRuneInString(s)
	b = append(b, s[:size]...)
	for range max(utf8.RuneCountInString(s)-1, 1) {
		b = append(b, '*')
	}
	return b
}

// keepLastDigits stars all letters and digits but the last n digits.
func keepLastDigits(s string, n int) string {
	b := []byte(s)
	kept := 0
	for i := len(b) - 1; i >= 0; i-- {
		c := b[i]
		if isDigit(c) && kept < n {
			kept++
			continue
		}
		if isAlnum(c) {
			b[i] = '*'
		}
	}
	return string(b)
}
