package scanner

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stockade/stockade/scanner/detect"
)

// collect is a Reporter that keeps everything.
type collect struct {
	findings []Finding
	skips    []Skip
	done     int
	cached   int
}

func (c *collect) Finding(f Finding) { c.findings = append(c.findings, f) }
func (c *collect) Skipped(s Skip)    { c.skips = append(c.skips, s) }
func (c *collect) FileDone(_ FileState, _ int, cached bool) {
	c.done++
	if cached {
		c.cached++
	}
}

// got lists findings as "path type line", sorted.
func (c *collect) got() []string {
	var out []string
	for _, f := range c.findings {
		s := fmt.Sprintf("%s %s", f.Path, f.Type)
		if f.Line > 0 {
			s += fmt.Sprintf(" L%d", f.Line)
		}
		if f.Cell != "" {
			s += " " + f.Cell
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func write(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func scanDir(t *testing.T, dir string, opts Options) *collect {
	t.Helper()
	c := &collect{}
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	if _, err := Scan(context.Background(), []string{"."}, opts, c); err != nil {
		t.Fatal(err)
	}
	return c
}

func zipOf(t *testing.T, files map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[n])
	}
	zw.Close()
	return buf.Bytes()
}

func gz(data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

func tarOf(files map[string][]byte) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for n, d := range files {
		tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(d)), Typeflag: tar.TypeReg})
		tw.Write(d)
	}
	tw.Close()
	return buf.Bytes()
}

func utf16le(s string) []byte {
	out := []byte{0xff, 0xfe}
	for _, r := range s {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

const docxXML = `<?xml version="1.0"?><w:document xmlns:w="w"><w:body>` +
	`<w:p><w:r><w:t>Name: Jan</w:t></w:r><w:r><w:t>e Doe</w:t></w:r></w:p>` +
	`<w:p><w:r><w:t>Email jane@exa</w:t></w:r><w:r><w:t>mple.com</w:t></w:r></w:p></w:body></w:document>`

const sheetXML = `<worksheet><sheetData>` +
	`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>phone</t></is></c></row>` +
	`<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>4155550132</v></c></row>` +
	`<row r="3"><c r="A3" t="inlineStr"><is><t>Mary Major</t></is></c><c r="B3" t="inlineStr"><is><t>(415) 555-0199</t></is></c></row>` +
	`</sheetData></worksheet>`

func TestFormats(t *testing.T) {
	mail := "From: Jane <jane@example.com>\r\nTo: bob@example.org\r\nSubject: hi\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\n" +
		"Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nSSN 123-45-=\r\n6789 and mary=40example.com\r\n" +
		"--XX\r\nContent-Type: text/csv; name=\"a.csv\"\r\nContent-Disposition: attachment; filename=\"a.csv\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + base64.StdEncoding.EncodeToString([]byte("name,ssn\nJo Doe,234-56-7890\n")) + "\r\n--XX--\r\n"
	pdf := "%PDF-1.4\n1 0 obj\n<< /Length 60 >>\nstream\nBT /F1 12 Tf 72 700 Td [(SSN: 123-4) -20 (5-6789)] TJ ET\nendstream\nendobj\n%%EOF\n"
	tests := []struct {
		name  string
		files map[string][]byte
		want  []string
	}{
		{"plain text lines", map[string][]byte{"a.txt": []byte("hello\nmail jane@example.com\n\nSSN: 123-45-6789\n")},
			[]string{"a.txt email L2", "a.txt ssn L4"}},
		{"crlf", map[string][]byte{"a.txt": []byte("x\r\ny\r\njane@example.com\r\n")}, []string{"a.txt email L3"}},
		{"utf16", map[string][]byte{"u.txt": utf16le("one\ntwo jane@example.com\n")}, []string{"u.txt email L2"}},
		{"latin1", map[string][]byte{"l.txt": []byte("Name: Jos\xe9 M\xfcller\nok\n")}, []string{"l.txt person_name L1"}},
		{"csv header context and embedded newline", map[string][]byte{"c.csv": []byte("first_name,notes,ssn\nJane,\"line one\nSSN 123-45-6789\",234-56-7890\n")},
			[]string{"c.csv person_name L2", "c.csv ssn L3", "c.csv ssn L3"}},
		{"csv semicolon", map[string][]byte{"s.csv": []byte("sep=;\nname;dob\nJane Doe;1984-03-12\n")},
			[]string{"s.csv date_of_birth L3", "s.csv person_name L3"}},
		{"csv with a sep= line and no line end is read as text", map[string][]byte{"n.csv": []byte("sep=; write to jane@example.com")},
			[]string{"n.csv email L1"}},
		{"tab-separated", map[string][]byte{"t.tsv": []byte("email\tnote\njane@example.com\tx\n")}, []string{"t.tsv email L2"}},
		{"json keys", map[string][]byte{"j.json": []byte("{\n \"first_name\": \"Jane\",\n \"dob\": \"1984-03-12\",\n \"tags\": [\"a@example.com\"]\n}")},
			[]string{"j.json date_of_birth L3", "j.json email L4", "j.json person_name L2"}},
		{"jsonl", map[string][]byte{"e.jsonl": []byte("{\"ip\":\"81.2.69.160\"}\n{\"ip\":\"81.2.69.161\"}\n")},
			[]string{"e.jsonl ipv4 L1", "e.jsonl ipv4 L2"}},
		{"html entities and lines", map[string][]byte{"p.html": []byte("<html>\n<li>Name: Jane O&#39;Brien</li>\n<a href=\"mailto:x@example.com\">mail</a>\n</html>")},
			[]string{"p.html email L3", "p.html person_name L2"}},
		{"mail", map[string][]byte{"m.eml": []byte(mail)},
			[]string{"m.eml email", "m.eml email L1", "m.eml email L2", "m.eml person_name", "m.eml ssn", "m.eml ssn"}},
		{"docx runs joined", map[string][]byte{"d.docx": zipOf(t, map[string][]byte{"word/document.xml": []byte(docxXML)})},
			[]string{"d.docx email", "d.docx person_name"}},
		{"xlsx shared, inline and numeric cells", map[string][]byte{"x.xlsx": zipOf(t, map[string][]byte{
			"xl/workbook.xml":          []byte(`<workbook><sheets><sheet name="People" r:id="rId1"/></sheets></workbook>`),
			"xl/sharedStrings.xml":     []byte(`<sst><si><t>full_name</t></si><si><t>Jane Doe</t></si></sst>`),
			"xl/worksheets/sheet1.xml": []byte(sheetXML)})},
			[]string{"x.xlsx person_name People!A2", "x.xlsx person_name People!A3", "x.xlsx phone People!B2", "x.xlsx phone People!B3"}},
		{"ods with repeated columns", map[string][]byte{"s.ods": zipOf(t, map[string][]byte{
			"mimetype": []byte("application/vnd.oasis.opendocument.spreadsheet"),
			"content.xml": []byte(`<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><table:table table:name="Staff">` +
				`<table:table-row><table:table-cell><text:p>name</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell><text:p>ssn</text:p></table:table-cell></table:table-row>` +
				`<table:table-row><table:table-cell><text:p>Jane Doe</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell><text:p>123-45-6789</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16380"/></table:table-row>` +
				`</table:table></office:document-content>`)})},
			[]string{"s.ods person_name Staff!A2", "s.ods ssn Staff!D2"}},
		{"zip in zip", map[string][]byte{"b.zip": zipOf(t, map[string][]byte{"in/c.zip": zipOf(t, map[string][]byte{"n.txt": []byte("x jane@example.com")})})},
			[]string{"b.zip!in/c.zip!n.txt email L1"}},
		{"tar.gz", map[string][]byte{"site.tar.gz": gz(tarOf(map[string][]byte{"www/a.txt": []byte("jane@example.com")}))},
			[]string{"site.tar.gz!www/a.txt email L1"}},
		{"log.gz", map[string][]byte{"a.log.gz": gz([]byte("ok\nlogin 81.2.69.160\n"))}, []string{"a.log.gz!a.log ipv4 L2"}},
		{"zip with a wrong extension", map[string][]byte{"notes.dat": zipOf(t, map[string][]byte{"n.txt": []byte("jane@example.com")})},
			[]string{"notes.dat!n.txt email L1"}},
		{"pdf with kerned TJ", map[string][]byte{"f.pdf": []byte(pdf)}, []string{"f.pdf ssn"}},
		{"sqlite", map[string][]byte{"crm.db": mustRead(t, "sqlite/testdata/people.db")[:45056]},
			sqliteWant()},
		{"binary yields nothing", map[string][]byte{"b.bin": append([]byte{0xff, 0xd8, 0, 1, 2}, []byte("jane@example.com")...)}, nil},
		{"default excludes", map[string][]byte{".git/x.txt": []byte("jane@example.com"), "node_modules/y.txt": []byte("jane@example.com")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for n, d := range tt.files {
				write(t, dir, n, d)
			}
			c := scanDir(t, dir, Options{})
			if got := c.got(); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got  %q\nwant %q\nskips %v", got, tt.want, c.skips)
			}
		})
	}
}

func TestSkipsAreReported(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "b.bin", []byte{0, 1, 2, 3})
	write(t, dir, "big.txt", bytes.Repeat([]byte("a"), 2000))
	os.Symlink("b.bin", filepath.Join(dir, "link"))
	c := scanDir(t, dir, Options{MaxFileSize: 1000})
	reasons := map[string]string{}
	for _, s := range c.skips {
		reasons[s.Path] = s.Reason
	}
	for path, want := range map[string]string{"b.bin": "binary", "big.txt": "max-file-size", "link": "symbolic link"} {
		if !strings.Contains(reasons[path], want) {
			t.Errorf("%s: reason %q, want it to mention %q", path, reasons[path], want)
		}
	}
}

func TestFollowSymlinksNoLoop(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "d/a.txt", []byte("jane@example.com"))
	os.Symlink("..", filepath.Join(dir, "d", "up"))
	c := scanDir(t, dir, Options{FollowSymlinks: true})
	if len(c.findings) != 1 {
		t.Errorf("findings %v (a link loop must be scanned once)", c.got())
	}
}

func TestIgnoreFileAndExcludes(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"keep.txt", "secret/a.txt", "logs/x.log", "logs/keep.log", "deep/er/tmp.txt"} {
		write(t, dir, n, []byte("jane@example.com"))
	}
	write(t, dir, ".stockadeignore", []byte("# comment\nsecret/\n*.log\n!keep.log\n**/tmp.txt\n"))
	c := scanDir(t, dir, Options{Excludes: []string{"keep.txt"}})
	if got := c.got(); strings.Join(got, "|") != "logs/keep.log email L1" {
		t.Errorf("got %q", got)
	}
}

func TestZipBombIsSkipped(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "bomb.zip", zipOf(t, map[string][]byte{"zeros.txt": bytes.Repeat([]byte("0"), 8<<20)}))
	c := scanDir(t, dir, Options{MaxRatio: 50})
	if len(c.skips) != 1 || !strings.Contains(c.skips[0].Reason, "ratio") {
		t.Errorf("skips %v", c.skips)
	}
}

func TestArchiveDepthLimit(t *testing.T) {
	inner := zipOf(t, map[string][]byte{"n.txt": []byte("jane@example.com")})
	for range 3 {
		inner = zipOf(t, map[string][]byte{"z.zip": inner})
	}
	dir := t.TempDir()
	write(t, dir, "deep.zip", inner)
	c := scanDir(t, dir, Options{MaxDepth: 2})
	if len(c.findings) != 0 || len(c.skips) == 0 || !strings.Contains(c.skips[0].Reason, "deeper") {
		t.Errorf("findings %v skips %v", c.got(), c.skips)
	}
}

func TestLongLineIsScannedWhole(t *testing.T) {
	dir := t.TempDir()
	line := strings.Repeat("word ", 600000) + "jane@example.com\n" // one 3 MB line
	write(t, dir, "long.txt", []byte(line))
	c := scanDir(t, dir, Options{})
	if len(c.findings) != 1 || c.findings[0].Line != 1 {
		t.Errorf("got %v", c.got())
	}
}

// Long streams are scanned partly by helpers: every finding is still reported once, at its
// line, and the files' counts are right.
func TestLargeFileScannedInParallel(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	var want []string
	for line := 1; b.Len() < (inlineChunks+4)*chunkSize; line++ {
		if line%997 == 0 {
			fmt.Fprintf(&b, "ok user%d@example.com logged in\n", line)
			want = append(want, fmt.Sprintf("big.log email L%d", line))
			continue
		}
		b.WriteString("2024-05-12 INFO nothing to see here, the nightly job finished\n")
	}
	// Two at once: their helpers share the engine's chunk tokens.
	write(t, dir, "big.log", []byte(b.String()))
	write(t, dir, "big2.log", []byte(b.String()))
	for _, w := range slices.Clone(want) {
		want = append(want, strings.Replace(w, "big.log", "big2.log", 1))
	}
	c := &countingCollect{}
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	if _, err := Scan(context.Background(), []string{"."}, Options{Workers: 4}, c); err != nil {
		t.Fatal(err)
	}
	sort.Strings(want)
	if got := c.got(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %d findings, want %d; first got %v", len(got), len(want), got[:min(3, len(got))])
	}
	if c.doneCount != len(want) {
		t.Errorf("FileDone counted %d findings, want %d", c.doneCount, len(want))
	}
}

type countingCollect struct {
	collect
	doneCount int
}

func (c *countingCollect) FileDone(f FileState, n int, cached bool) {
	c.collect.FileDone(f, n, cached)
	c.doneCount += n
}

func TestUnchangedFilesAreNotRead(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.txt", []byte("jane@example.com"))
	write(t, dir, "b.txt", []byte("bob@example.com"))
	c := scanDir(t, dir, Options{Unchanged: func(f FileState) bool { return f.Path == "a.txt" && f.Size > 0 && f.Inode != 0 }})
	if c.cached != 1 || c.done != 2 || strings.Join(c.got(), "|") != "b.txt email L1" {
		t.Errorf("cached %d done %d got %v", c.cached, c.done, c.got())
	}
}

func TestMinConfidenceAndTypes(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.txt", []byte("Part 123-45-6789, ip 10.0.0.1, jane@example.com\n"))
	if c := scanDir(t, dir, Options{MinConfidence: detect.Low}); len(c.findings) != 3 {
		t.Errorf("low: %v", c.got())
	}
	if c := scanDir(t, dir, Options{Types: []detect.Type{detect.Email}}); strings.Join(c.got(), "|") != "a.txt email L1" {
		t.Errorf("types: %v", c.got())
	}
}

func FuzzExtract(f *testing.F) {
	f.Add([]byte("name,ssn\nJo,123-45-6789\n"), "a.csv")
	f.Add([]byte(`{"a":[1,{"dob":"1984-03-12"}]}`), "a.json")
	f.Add([]byte("<p a='x@example.com'>&amp;</p>"), "a.html")
	f.Add([]byte("From: a@b.com\nTo: c@d.com\n\nhi"), "a.eml")
	f.Add([]byte("%PDF-1.4\nstream\n(x) Tj\nendstream"), "a.pdf")
	f.Add([]byte("PK\x05\x06"+strings.Repeat("\x00", 18)), "a.zip")
	f.Add([]byte{0x1f, 0x8b, 8, 0}, "a.gz")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		if strings.ContainsAny(name, "/\\\x00") || name == "" || name == "." || name == ".." {
			return
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return
		}
		c := &collect{}
		if _, err := Scan(context.Background(), []string{dir}, Options{Workers: 1}, c); err != nil {
			t.Fatal(err)
		}
	})
}

func BenchmarkPlainText(b *testing.B) {
	dir := b.TempDir()
	var buf bytes.Buffer
	for i := 0; buf.Len() < 8<<20; i++ {
		fmt.Fprintf(&buf, "2024-05-12T10:%02d:00Z INFO login ok user=jane%d@example.com ip=81.2.%d.%d session=%08x\n", i%60, i, i%256, (i*7)%256, i*2654435761)
	}
	write(&testing.T{}, dir, "app.log", buf.Bytes())
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	for range b.N {
		Scan(context.Background(), []string{dir}, Options{Workers: 1}, &counter{})
	}
}

func mustRead(t *testing.T, p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sqliteWant lists what the SQLite fixture holds: Jane's name, email, phone and SSN, two
// more emails, and 300 SSNs in orders.
func sqliteWant() []string {
	out := []string{
		"crm.db email customers!email#1", "crm.db email customers!email#2",
		"crm.db email customers!notes#2", "crm.db person_name customers!first name#1",
		"crm.db person_name customers!first name#2",
		"crm.db phone customers!phone#1", "crm.db ssn customers!notes#1",
	}
	for i := range 300 {
		out = append(out, fmt.Sprintf("crm.db ssn orders!ssn#%d", i))
	}
	sort.Strings(out)
	return out
}

func TestScannedFilesAreNotChanged(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"a.txt":  []byte("jane@example.com"),
		"b.zip":  zipOf(t, map[string][]byte{"n.txt": []byte("jane@example.com")}),
		"c.db":   mustRead(t, "sqlite/testdata/people.db"),
		"d.json": []byte(`{"email":"jane@example.com"}`),
	}
	type stamp struct {
		data []byte
		mod  int64
		mode os.FileMode
	}
	before := map[string]stamp{}
	for n, d := range files {
		write(t, dir, n, d)
		os.Chmod(filepath.Join(dir, n), 0o444)
		st, _ := os.Stat(filepath.Join(dir, n))
		before[n] = stamp{d, st.ModTime().UnixNano(), st.Mode()}
	}
	c := scanDir(t, dir, Options{})
	if len(c.findings) == 0 {
		t.Fatal("nothing found in read-only files")
	}
	for n, b := range before {
		data, _ := os.ReadFile(filepath.Join(dir, n))
		st, _ := os.Stat(filepath.Join(dir, n))
		if !bytes.Equal(data, b.data) || st.ModTime().UnixNano() != b.mod || st.Mode() != b.mode {
			t.Errorf("%s changed by the scan", n)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(files) {
		t.Errorf("the scan left files behind: %d entries", len(entries))
	}
}

// With the memory budget taken, large JSON and archive members are still scanned: the one
// as plain text, the other from a temporary file.
func TestMemoryBudgetFull(t *testing.T) {
	var b strings.Builder
	for i := range 60000 { // varied enough not to look like a zip bomb
		fmt.Fprintf(&b, "{\"note\":\"entry %x of %o\"}\n", i*7919, i*104729)
	}
	big := b.String() + `{"email":"jane@example.com"}` + "\n"
	for name, data := range map[string][]byte{"big.json": []byte(big), "a.zip": zipOf(t, map[string][]byte{"big.json": []byte(big)})} {
		fc, c := fuzzCtx()
		fc.e.held.Store(memoryBudget)
		fc.scanFile(name, bytes.NewReader(data), int64(len(data)), 0)
		if c.n != 1 {
			t.Errorf("%s: %d findings with the budget full, want 1", name, c.n)
		}
		if got := fc.e.held.Load(); got != memoryBudget {
			t.Errorf("%s: %d bytes held after the scan, want %d", name, got, memoryBudget)
		}
		fc.e.held.Store(0)
		fc.scanFile(name, bytes.NewReader(data), int64(len(data)), 0)
		if c.n != 2 || fc.e.held.Load() != 0 {
			t.Errorf("%s: with room, %d findings in all (want 2), %d bytes left held", name, c.n, fc.e.held.Load())
		}
	}
}
