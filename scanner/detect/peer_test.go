package detect

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// peerCases is Presidio's recognizer test suite, kept beside the project in ../shared.
var peerCases = filepath.Join("..", "..", "..", "shared", "reference", "peer-cases", "presidio-recognizer-cases.jsonl")

type peerCase struct {
	Type  string `json:"type"`
	Text  string `json:"text"`
	Spans []struct {
		Start    int      `json:"start"`
		End      int      `json:"end"`
		ScoreMax *float64 `json:"score_max"`
	} `json:"spans"`
}

// TestPeerCases scans each of Presidio's cases on its own and checks that the number of
// medium- or high-confidence matches of the case's type equals the spans Presidio expects
// (spans Presidio itself scores below 0.5 may be missed). Our rules knowingly differ where
// Presidio accepts SSN areas 900-999 and other numbers the SSA never issues, and where it
// reads phone numbers without context or formatting.
func TestPeerCases(t *testing.T) {
	// At the default confidence, private and reserved IP addresses and SSNs without context
	// are hidden on purpose; with --min-confidence low they show. Both are measured.
	t.Run("default", func(t *testing.T) { peerAgreement(t, Medium, 0.85) })
	t.Run("min-confidence low", func(t *testing.T) { peerAgreement(t, Low, 0.85) })
}

func peerAgreement(t *testing.T, minConf Confidence, want float64) {
	f, err := os.Open(peerCases)
	if err != nil {
		t.Skipf("peer cases not available (%v): they live in ../shared", err)
	}
	defer f.Close()
	d := New(Options{})
	agree := map[string][2]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var c peerCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		types := []Type{Type(c.Type)}
		if c.Type == "ip" {
			types = []Type{IPv4, IPv6}
		}
		strong, weak := 0, 0
		for _, s := range c.Spans {
			if s.ScoreMax != nil && *s.ScoreMax < 0.5 {
				weak++
			} else {
				strong++
			}
		}
		got := 0
		d.Scan(Segment{Text: []byte(c.Text)}, func(m Match) {
			for _, ty := range types {
				if m.Type == ty && m.Confidence >= minConf {
					got++
				}
			}
		})
		a := agree[c.Type]
		a[1]++
		if got >= strong && got <= strong+weak {
			a[0]++
		} else {
			t.Logf("%s: %q: found %d, Presidio expects %d (+%d weak)", c.Type, c.Text, got, strong, weak)
		}
		agree[c.Type] = a
	}
	var types []string
	sum := 0.0
	for ty := range agree {
		types = append(types, ty)
	}
	sort.Strings(types)
	for _, ty := range types {
		a := agree[ty]
		r := float64(a[0]) / float64(a[1])
		sum += r
		t.Logf("%-12s agrees on %3d of %3d cases (%.0f%%)", ty, a[0], a[1], 100*r)
	}
	if avg := sum / float64(len(types)); avg < want {
		t.Errorf("average agreement %.2f, want at least %.2f", avg, want)
	} else {
		t.Logf("average agreement %.2f", avg)
	}
}
