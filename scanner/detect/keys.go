package detect

import "strings"

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
	var b strings.Builder
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case isUpper(c):
			b.WriteByte(c + 32)
		case isLower(c) || isDigit(c):
			b.WriteByte(c)
		}
	}
	return b.String()
}

func keyClass(k string) keyKind {
	if k == "" {
		return keyNone
	}
	n := normKey(k)
	switch {
	case n == "ssn" || strings.Contains(n, "socialsecurity") || strings.HasSuffix(n, "ssn") || strings.HasPrefix(n, "ssn"):
		return keySSN
	case n == "dob" || strings.Contains(n, "birth") || strings.HasSuffix(n, "dob"):
		return keyDOB
	case strings.Contains(n, "version"):
		return keyVersion
	case strings.Contains(n, "phone") || n == "tel" || n == "mobile" || n == "cell" || n == "fax" || strings.HasSuffix(n, "tel"):
		return keyPhone
	}
	return nameKeys[n]
}
