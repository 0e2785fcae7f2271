package detect

import "bytes"

// keyKind is what a field name (column header, JSON key) says about its values.
type keyKind int

const (
	keyNone keyKind = iota
	keySSN
	keyDOB
	keyName     // first_name, last_name, full_name: a person's name for sure
	keyNameWeak // "name": usually a person, sometimes a thing
	keyVersion
	keyPhone // phone, mobile, tel, fax: a bare ten-digit number is a phone number
)

var nameKeys = map[string]keyKind{
	"firstname": keyName, "lastname": keyName, "fullname": keyName, "surname": keyName,
	"givenname": keyName, "familyname": keyName, "customername": keyName, "contactname": keyName,
	"patientname": keyName, "clientname": keyName, "employeename": keyName, "membername": keyName,
	"name": keyNameWeak, "contact": keyNameWeak, "customer": keyNameWeak, "employee": keyNameWeak,
}

// normKey lower-cases a key and drops separators: "First Name", "first_name" and
// "firstName" all read "firstname".
func normKey(k string) string {
	var buf [64]byte
	return string(normKeyInto(buf[:0], k))
}

func normKeyInto(b []byte, k string) []byte {
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case isUpper(c):
			b = append(b, c+32)
		case isLower(c) || isDigit(c):
			b = append(b, c)
		}
	}
	return b
}

// Key is a field name (a column header, a JSON key, an XML element or attribute name) with
// what it says about its values worked out once. Build one with [NewKey] per column, not per
// cell: classifying a name costs more than scanning a short cell. The zero Key is no key.
type Key struct {
	name string
	kind keyKind
	r    *keyReasons // set when the kind gives a reason
}

// keyReasons are the finding reasons that quote a field's name, built once per field.
type keyReasons struct {
	ssn, dob, name, phone string
}

func newKeyReasons(name string) *keyReasons {
	col := "column '" + name + "'"
	return &keyReasons{ssn: "valid SSN in " + col, dob: "date in " + col, name: "name in " + col, phone: "ten digits in " + col}
}

// NewKey classifies a field name.
func NewKey(name string) Key {
	k := Key{name: name, kind: keyClass(name)}
	if k.kind != keyNone && k.kind != keyVersion {
		k.r = newKeyReasons(name)
	}
	return k
}

// Name returns the field name as given.
func (k Key) Name() string { return k.name }

// keyClass classifies a field name.
func keyClass(k string) keyKind {
	if k == "" {
		return keyNone
	}
	var buf [64]byte
	n := normKeyInto(buf[:0], k)
	switch {
	case bytes.Equal(n, []byte("ssn")) || bytes.Contains(n, []byte("socialsecurity")) || bytes.HasSuffix(n, []byte("ssn")) || bytes.HasPrefix(n, []byte("ssn")):
		return keySSN
	case bytes.Equal(n, []byte("dob")) || bytes.Contains(n, []byte("birth")) || bytes.HasSuffix(n, []byte("dob")):
		return keyDOB
	case bytes.Contains(n, []byte("version")):
		return keyVersion
	case bytes.Contains(n, []byte("phone")) || bytes.Equal(n, []byte("mobile")) || bytes.Equal(n, []byte("cell")) ||
		bytes.Equal(n, []byte("fax")) || bytes.HasSuffix(n, []byte("tel")):
		return keyPhone
	}
	return nameKeys[string(n)]
}
