package detect

import "bytes"

// indexFold returns the offset of the first case-insensitive occurrence of word (lower-case
// ASCII) in t at or after from, or -1. It jumps between candidates with IndexByte on the
// word's first letter in both cases, so it runs at memory speed on text without them.
func indexFold(t []byte, word string, from int) int {
	lo := word[0]
	up := lo
	if isLower(lo) {
		up = lo - 32
	}
	nextLo, nextUp := -2, -2
	for from <= len(t)-len(word) {
		if nextLo < from && nextLo != -1 {
			nextLo = indexByteFrom(t, lo, from)
		}
		if lo != up && nextUp < from && nextUp != -1 {
			nextUp = indexByteFrom(t, up, from)
		}
		at := nextLo
		if lo != up && nextUp >= 0 && (at < 0 || nextUp < at) {
			at = nextUp
		}
		if at < 0 || at > len(t)-len(word) {
			return -1
		}
		if equalFoldASCII(t[at:at+len(word)], word) {
			return at
		}
		from = at + 1
	}
	return -1
}

func indexByteFrom(t []byte, c byte, from int) int {
	for i := from; i < len(t); i++ {
		if t[i] == c {
			return i
		}
		// Hand off long stretches to the assembly search.
		if i-from == 8 {
			k := indexByte(t[i:], c)
			if k < 0 {
				return -1
			}
			return i + k
		}
	}
	return -1
}

// equalFoldASCII compares b with a lower-case ASCII word, ignoring case.
func equalFoldASCII(b []byte, word string) bool {
	for i := 0; i < len(word); i++ {
		if lowerASCII(b[i]) != word[i] {
			return false
		}
	}
	return true
}

func indexByte(b []byte, c byte) int { return bytes.IndexByte(b, c) }
