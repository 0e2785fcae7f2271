// Package detect finds personal data in decoded text: it validates each candidate
// (checksums, issuer prefixes, context words) and rates it with a confidence and a reason.
//
// The engine in package scanner hands it [Segment]s of UTF-8 text; detect knows nothing about
// files, formats, the TUI or the store. A [Detector] is safe for concurrent use.
package detect

// Type names a kind of personal data. The string values are a contract: they appear in
// `stockade scan` output and in saved scans.
type Type string

// The types Stockade detects.
const (
	Email           Type = "email"
	Phone           Type = "phone"
	SSN             Type = "ssn"
	CreditCard      Type = "credit_card"
	IBAN            Type = "iban"
	IPv4            Type = "ipv4"
	IPv6            Type = "ipv6"
	DateOfBirth     Type = "date_of_birth"
	USStreetAddress Type = "us_street_address"
	PersonName      Type = "person_name"
	Secret          Type = "secret"
)

// Confidence is how sure a detector is that a match is personal data.
type Confidence uint8

// Confidence levels, ordered: Low < Medium < High.
const (
	Low Confidence = iota + 1
	Medium
	High
)

// Segment is a run of decoded UTF-8 text handed to the detectors.
//
// Text is only valid during the call to [Detector.Scan]. Key, when set, names the field the
// whole text belongs to (a CSV column header, a JSON key, an XML element or attribute name,
// a SQLite column); it is context for every match in Text ("column header 'SSN'").
type Segment struct {
	Text []byte
	Key  Key
}

// Match is one finding inside a segment.
//
// Start and End are byte offsets into the segment's Text; the engine turns them into line and
// column numbers. Value is the raw matched text: it lives in memory only and is never
// written anywhere but a terminal with --reveal. Masked is the safe form to show and store.
type Match struct {
	Type       Type
	Start, End int
	Value      string
	Masked     string
	Confidence Confidence
	Reason     string
}
