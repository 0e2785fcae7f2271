package detect

import (
	"bytes"
	"strings"
)

func isLocalChar(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func isDomainChar(c byte) bool { return isAlnum(c) || c == '.' || c == '-' }

// emails finds addresses by their '@': it grows the local part to the left and the domain to
// the right, then checks the shape and that the top-level domain exists.
func (s *scan) emails() {
	t := s.text
	for off := 0; ; {
		k := bytes.IndexByte(t[off:], '@')
		if k < 0 {
			return
		}
		at := off + k
		off = at + 1
		start := at
		for start > 0 && isLocalChar(t[start-1]) {
			start--
		}
		for start < at && (t[start] == '.' || t[start] == '-') {
			start++
		}
		end := at + 1
		for end < len(t) && isDomainChar(t[end]) {
			end++
		}
		for end > at+1 && (t[end-1] == '.' || t[end-1] == '-') {
			end--
		}
		if start == at || end <= at+1 {
			continue
		}
		local, domain := t[start:at], t[at+1:end]
		if local[len(local)-1] == '.' || bytes.Contains(local, []byte("..")) || len(local) > 64 {
			continue
		}
		if !validDomain(domain) {
			continue
		}
		off = end
		s.add(Email, start, end, High, "address with a real top-level domain")
	}
}

// validDomain checks the labels and the top-level domain.
func validDomain(d []byte) bool {
	if len(d) > 253 || bytes.Contains(d, []byte("..")) {
		return false
	}
	dot := bytes.LastIndexByte(d, '.')
	if dot <= 0 {
		return false
	}
	for rest := d; len(rest) > 0; {
		label := rest
		if k := bytes.IndexByte(rest, '.'); k >= 0 {
			label, rest = rest[:k], rest[k+1:]
		} else {
			rest = nil
		}
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
	}
	var lb [24]byte
	raw := d[dot+1:]
	if len(raw) > len(lb) {
		return false
	}
	for i, c := range raw {
		lb[i] = lowerASCII(c)
	}
	_, ok := tlds[string(lb[:len(raw)])] // no allocation: the compiler keys the map with the bytes
	return ok || len(raw) > 5 && string(lb[:4]) == "xn--"
}

// tlds holds the generic top-level domains in common use and every country code.
var tlds = func() map[string]struct{} {
	m := map[string]struct{}{}
	generic := "com net org edu gov mil int info biz name pro mobi coop aero museum jobs travel tel " +
		"asia cat post xxx io co ai app dev shop store online site tech blog cloud email me tv xyz club " +
		"live news agency company business services solutions digital media network systems group global " +
		"world health law legal finance bank insurance dental clinic care family house home studio design " +
		"art photo photography consulting accountant accountants tax cpa llc inc ltd gmbh academy school " +
		"university education africa berlin london nyc paris tokyo vegas page link click help support " +
		"team tools works zone space today life love fun games money market marketing sale shopping plus " +
		"pet vet fitness restaurant cafe bar pizza events social center city town land farm garden " +
		"realty properties estate energy solar green eco auto cars repair plumbing construction " +
		"engineering software hosting host website web wiki ventures capital fund partners associates " +
		"international us uk local localhost example test invalid"
	for _, t := range strings.Fields(generic) {
		if t == "local" || t == "localhost" || t == "example" || t == "test" || t == "invalid" {
			continue // reserved: never a real address
		}
		m[t] = struct{}{}
	}
	cc := "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt " +
		"bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es " +
		"et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu " +
		"id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt " +
		"lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no " +
		"np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si " +
		"sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us " +
		"uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw"
	for _, t := range strings.Fields(cc) {
		m[t] = struct{}{}
	}
	return m
}()
