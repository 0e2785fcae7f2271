package detect

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

type found struct {
	typ   Type
	value string
	conf  Confidence
}

func find(text, key string, minConf Confidence) []found {
	var out []found
	New(Options{}).Scan(Segment{Text: []byte(text), Key: NewKey(key)}, func(m Match) {
		if m.Confidence >= minConf {
			out = append(out, found{m.Type, m.Value, m.Confidence})
		}
	})
	return out
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		text string
		key  string
		want []string // "type=value"
	}{
		{"email", "write to jane.doe@example.co.uk today", "", []string{"email=jane.doe@example.co.uk"}},
		{"email bad tld", "user@host.notatld and a@b", "", nil},
		{"email in angle brackets", "From: Jane <j.doe+x@gmail.com>", "", []string{"email=j.doe+x@gmail.com"}},
		{"visa spaced", "card 4111 1111 1111 1111 ok", "", []string{"credit_card=4111 1111 1111 1111"}},
		{"amex", "amex 3782-822463-10005", "", []string{"credit_card=3782-822463-10005"}},
		{"bare mastercard", "pan=5555555555554444;", "", []string{"credit_card=5555555555554444"}},
		{"card failing luhn", "card 4111 1111 1111 1112", "", nil},
		{"masked card", "**** **** **** 1111 and XXXX-XXXX-XXXX-1111", "", nil},
		{"ssn dashed with context", "SSN: 123-45-6789", "", []string{"ssn=123-45-6789"}},
		{"ssn undashed with context", "The W-9 lists SSN 123456789, file it", "", []string{"ssn=123456789"}},
		{"ssn invalid area", "SSN: 666-45-6789 or 912-45-6789 or 000-12-3456", "", nil},
		{"ssn group 00", "SSN: 123-00-6789", "", nil},
		{"part number is not an ssn", "Part No. 123-45-6789 is backordered", "", nil},
		{"ssn column", "123-45-6789", "SSN", []string{"ssn=123-45-6789"}},
		{"phone paren", "call (415) 555-0132.", "", []string{"phone=(415) 555-0132"}},
		{"phone dashes", "415-555-0132", "", []string{"phone=415-555-0132"}},
		{"phone dots", "415.555.0132", "", []string{"phone=415.555.0132"}},
		{"phone +1 spaces", "+1 415 555 0132", "", []string{"phone=+1 415 555 0132"}},
		{"phone +1 paren", "tel +1 (415) 555-0132", "", []string{"phone=+1 (415) 555-0132"}},
		{"phone +1 dashes", "+1-415-555-0132", "", []string{"phone=+1-415-555-0132"}},
		{"phone uk", "+44 20 7946 0958", "", []string{"phone=+44 20 7946 0958"}},
		{"phone uk bare", "+442079460958", "", []string{"phone=+442079460958"}},
		{"phone uk with area in parentheses", "call +44 (20) 7123 4567 now", "", []string{"phone=+44 (20) 7123 4567"}},
		{"phone fr", "+33 6 12 34 56 78", "", []string{"phone=+33 6 12 34 56 78"}},
		{"bare phone in a phone column", "4155550132", "Mobile Phone", []string{"phone=4155550132"}},
		{"bare digits elsewhere", "4155550132", "amount", nil},
		{"phone inside a long run", "ref 123456789041555012345678", "", nil},
		{"ipv4 public", "login from 81.2.69.160 ok", "", []string{"ipv4=81.2.69.160"}},
		{"ipv4 version", "Site version 10.2.3.4 built", "", nil},
		{"ipv4 bad octet", "1.2.3.256", "", nil},
		{"ipv4 private hidden", "10.0.0.1", "", nil},
		{"iban spaced", "IBAN DE89 3704 0044 0532 0130 00 thanks", "", []string{"iban=DE89 3704 0044 0532 0130 00"}},
		{"iban bare", "GB82WEST12345698765432", "", []string{"iban=GB82WEST12345698765432"}},
		{"iban bad check", "DE88 3704 0044 0532 0130 00", "", nil},
		{"dob iso", "DOB: 1984-03-12", "", []string{"date_of_birth=1984-03-12"}},
		{"dob us", "Date of birth: 03/12/1984", "", []string{"date_of_birth=03/12/1984"}},
		{"dob words", "the applicant was born on March 12, 1984.", "", []string{"date_of_birth=March 12, 1984"}},
		{"dob short month", "D.O.B.: 12 Mar 1984", "", []string{"date_of_birth=12 Mar 1984"}},
		{"dob key", "12.03.1984", "birthDate", []string{"date_of_birth=12.03.1984"}},
		{"plain date", "shipped on 2024-05-12", "", nil},
		{"adobe is not dob", "Adobe 2024-05-12", "", nil},
		{"address", "visit 1234 Oak Street Apt 4, Springfield, IL 62704 soon", "", []string{"us_street_address=1234 Oak Street Apt 4, Springfield, IL 62704"}},
		{"name label", "Name: Jane Q. Doe\nPhone:", "", []string{"person_name=Jane Q. Doe"}},
		{"accented name", "Full name: José Müller", "", []string{"person_name=José Müller"}},
		{"file name", "File name: Report Final", "", nil},
		{"first name column", "Priya", "first_name", []string{"person_name=Priya"}},
		{"name column company", "Acme Plumbing LLC", "name", nil},
		{"name column project", "website-redesign", "name", nil},
		{"ipv6", "from 2001:db8:85a3::8a2e:370:7334 at", "", []string{"ipv6=2001:db8:85a3::8a2e:370:7334"}},
		{"time is not ipv6", "at 12:30:45 today", "", nil},
		{"aws key", "key=AKIAIOSFODNN7EXAMPLE", "", []string{"secret=AKIAIOSFODNN7EXAMPLE"}},
		{"password", "password=hunter2hunter", "", []string{"secret=hunter2hunter"}},
		{"pwd field", "db: host=x pwd=Tr0ub4dor&3x", "", []string{"secret=Tr0ub4dor&3x"}},
		{"password placeholder", "password=********", "", nil},
		{"uuid", "id 123e4567-e89b-12d3-a456-426614174000", "", nil},
		{"ups tracking", "1Z999AA10123456784", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, h := range find(tt.text, tt.key, Medium) {
				got = append(got, fmt.Sprintf("%s=%s", h.typ, h.value))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestMask(t *testing.T) {
	tests := []struct {
		typ   Type
		value string
		want  string
	}{
		{Email, "john.smith@gmail.com", "j*********@g****.com"},
		{SSN, "123-45-6789", "***-**-6789"},
		{CreditCard, "4111 1111 1111 1234", "**** **** **** 1234"},
		{Phone, "(415) 555-0132", "(***) ***-0132"},
		{IPv4, "81.2.69.160", "81.2.*.*"},
		{PersonName, "Jane Doe", "J*** D**"},
		{DateOfBirth, "1984-03-12", "****-**-**"},
	}
	for _, tt := range tests {
		if got := Mask(tt.typ, tt.value); got != tt.want {
			t.Errorf("Mask(%s, %q) = %q, want %q", tt.typ, tt.value, got, tt.want)
		}
		if strings.Contains(Mask(tt.typ, tt.value), tt.value) {
			t.Errorf("mask of %q shows the value", tt.value)
		}
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{"SSN: 123-45-6789", "+1 (415) 555-0132", "a@b.com", "DE89 3704 0044 0532 0130 00",
		"Name: José", "DOB: 1984-03-12", "::1", "1.2.3.4", "(", "+", "password="} {
		f.Add(s, "")
	}
	f.Add("123", "ssn")
	d := New(Options{})
	f.Fuzz(func(t *testing.T, text, key string) {
		last := 0
		d.Scan(Segment{Text: []byte(text), Key: NewKey(key)}, func(m Match) {
			if m.Start < last || m.End <= m.Start || m.End > len(text) {
				t.Fatalf("bad match %+v in %q", m, text)
			}
			last = m.End
			if m.Value != text[m.Start:m.End] {
				t.Fatalf("value %q != text[%d:%d]", m.Value, m.Start, m.End)
			}
		})
	})
}

func TestCardNotInsideLongerRuns(t *testing.T) {
	for _, text := range []string{
		"The bank rejected IBAN ES26 5778 4053 3491 4983 1249 because of a checksum error.",
		"ref 1234 4111 1111 1111 1111",
	} {
		for _, h := range find(text, "", Low) {
			if h.typ == CreditCard {
				t.Errorf("%q: card %q inside a longer run", text, h.value)
			}
		}
	}
}

// The index constants must follow allTypes, or --types would switch on the wrong detector.
func TestTypeIndexes(t *testing.T) {
	idx := map[Type]int{Email: iEmail, Phone: iPhone, SSN: iSSN, CreditCard: iCreditCard, IBAN: iIBAN, IPv4: iIPv4,
		IPv6: iIPv6, DateOfBirth: iDateOfBirth, USStreetAddress: iUSStreetAddress, PersonName: iPersonName, Secret: iSecret}
	for _, typ := range AllTypes() {
		d := New(Options{Types: []Type{typ}})
		for i, on := range d.on {
			if on != (i == idx[typ]) {
				t.Errorf("--types %s: detector %d on=%v", typ, i, on)
			}
		}
	}
}

func TestMinConfidenceDropsWeakMatches(t *testing.T) {
	text := []byte("from 10.0.0.7 and 81.2.69.160")
	count := func(min Confidence) int {
		n := 0
		New(Options{MinConfidence: min}).Scan(Segment{Text: text}, func(Match) { n++ })
		return n
	}
	if all, med := count(0), count(Medium); all != 2 || med != 1 {
		t.Errorf("matches: %d with no minimum (want 2), %d from medium (want 1)", all, med)
	}
}

// Every secret rule, found where it stands alone and not when glued to a longer word.
// The tokens are made up: the right shape, no real key.
func TestSecretRules(t *testing.T) {
	rep := strings.Repeat
	tokens := map[string]string{
		"AWS access key ID":            "AKIA" + rep("EXAMPLE7", 2),
		"AWS temporary access key ID":  "ASIA" + rep("EXAMPLE7", 2),
		"GitHub personal access token": "ghp_" + rep("aB3d", 9),
		"GitHub OAuth token":           "gho_" + rep("aB3d", 9),
		"GitHub app token":             "ghs_" + rep("aB3d", 9),
		"GitHub fine-grained token":    "github_pat_" + rep("aB3d_", 13),
		"GitLab personal access token": "glpat-" + rep("aB3d-", 3) + "aB3d1",
		"Slack token":                  "xoxb-" + rep("1234-", 4) + "abc",
		"Stripe secret key":            "sk_live_" + rep("aB3d", 6),
		"Stripe restricted key":        "rk_live_" + rep("aB3d", 6),
		"Google API key":               "AIza" + rep("aB3d_", 7),
		"SendGrid API key":             "SG." + rep("aB3d", 5) + "aB." + rep("aB3d", 10) + "aB3",
		"private key":                  "-----BEGIN RSA PRIVATE KEY-----",
	}
	for what, tok := range tokens {
		for _, text := range []string{tok, "key: " + tok + " end", `"token":"` + tok + `"`, "x=" + tok} {
			got := find(text, "", Medium)
			if len(got) != 1 || got[0].typ != Secret || got[0].value != tok {
				t.Errorf("%s in %.40q: got %v", what, text, got)
			}
		}
		if what != "private key" {
			if got := find("zz"+tok, "", Low); len(got) != 0 {
				t.Errorf("%s glued to a word: got %v", what, got)
			}
		}
	}
}

// addressRE is the specification matchAddress is checked against.
var addressRE = regexp.MustCompile(`^\d{1,5} (?:[A-Z][a-z]+\.? ){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Loop|Row|Path|Pike|Alley|Plaza)\.?(?: (?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|#) ?#?[0-9]+[A-Z]?)?,? (?:[A-Z][a-z]+\.? ?){1,3}, (?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]|PR|GU|VI) \d{5}(?:-\d{4})?\b`)

func FuzzAddressMatcher(f *testing.F) {
	for _, s := range []string{"123 Main Street, Springfield, IL 62704", "4 Oak St. Apt 4B, Salt Lake City, UT 84101-1234",
		"1600 Pennsylvania Ave NW, Washington, DC 20500", "12 Elm Rd Suite #300 Boston, MA 02110", "9 Main St Street, A, CA 90210x",
		"77 Floor Fl Floor 2, Xy Zz Qq, NY 10001", "5 A Bb Cc Dd Street, Ee, TX 75001-12345"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		want := -1
		if loc := addressRE.FindIndex(in); loc != nil {
			want = loc[1]
		}
		if got := matchAddress(in); got != want {
			t.Errorf("matchAddress(%q) = %d, the expression says %d", in, got, want)
		}
	})
}

// Address-shaped strings, many near misses among them, agree with the expression.
func TestAddressMatcherAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	// pick takes its first choice (the one that makes a valid address) four times in five.
	pick := func(xs ...string) string {
		if r.IntN(5) > 0 {
			return xs[0]
		}
		return xs[r.IntN(len(xs))]
	}
	matched := 0
	for range 50000 {
		var b strings.Builder
		b.WriteString(pick("1", "12", "123", "12345", "123456", "", "1a"))
		b.WriteString(pick(" ", "  ", ""))
		for range 1 + r.IntN(5) {
			b.WriteString(pick("Main", "Oak", "St", "Street", "N", "Ave", "Apt", "Old", "mill", "Fl", "Salt") + pick(" ", ". ", "", ","))
		}
		b.WriteString(pick("Street", "St", "St.", "Ave", "Avenue", "Rd", "Plaza", "Pike", "Blvd."))
		b.WriteString(pick("", " Apt 4", " Apt 4B", " Suite #300", " #12", " Floor 2", " Fl2", " Unit", " Apt #"))
		b.WriteString(pick(", ", " ", ",", ""))
		for k := range 1 + r.IntN(4) {
			if k > 0 {
				b.WriteString(pick(" ", "", "."))
			}
			b.WriteString(pick("Springfield", "Salt", "Lake", "City", "St.", "Mt", "X"))
		}
		b.WriteString(pick(", ", ",", " , ", ", , "))
		b.WriteString(pick("IL", "UT", "XX", "DC", "PR", "GU", "il", "NYC"))
		b.WriteString(pick(" ", "  ", ""))
		b.WriteString(pick("62704", "6270", "627045", "62704-1234", "62704-123", "62704-12345", "62704x", "62704 more", "62704é"))
		in := []byte(b.String())
		want := -1
		if loc := addressRE.FindIndex(in); loc != nil {
			want = loc[1]
		}
		if got := matchAddress(in); got != want {
			t.Fatalf("matchAddress(%q) = %d, the expression says %d", in, got, want)
		}
		if want >= 0 {
			matched++
		}
	}
	t.Logf("%d of 50000 matched", matched)
	if matched < 500 || matched > 49500 {
		t.Errorf("%d of 50000 matched: the generator no longer makes both addresses and near misses", matched)
	}
}

// Loopback addresses are found, at low confidence only, in both families.
func TestLoopbackIsLow(t *testing.T) {
	for _, text := range []string{"connecting from ::1", "localhost 127.0.0.1", "[::1]:8080"} {
		got := find(text, "", Low)
		if len(got) != 1 || got[0].conf != Low {
			t.Errorf("%q: got %v, want one low-confidence address", text, got)
		}
		if got := find(text, "", Medium); len(got) != 0 {
			t.Errorf("%q: %v shown at the default confidence", text, got)
		}
	}
	for _, text := range []string{"std::1", "a::1b", "12::1"} {
		if got := find(text, "", Low); len(got) != 0 {
			t.Errorf("%q: got %v, want nothing", text, got)
		}
	}
}
