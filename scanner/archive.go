package scanner

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
)

// errBudget stops an extraction that would decompress more than the limits allow.
var errBudget = errors.New("over the decompression limit")

// spool turns a member stream into something that can be read at any offset: in memory when
// small and the scan's memory budget allows, in a private temporary file (0600, removed
// afterwards) otherwise. It stops at the file's decompression budget. The returned func
// releases it.
func (fc *fileCtx) spool(r io.Reader, declared int64) (io.ReaderAt, int64, func(), error) {
	limit := fc.budget
	if declared > limit {
		return nil, 0, nil, errBudget
	}
	// The declared size is untrusted: it only says how much memory to ask for. A member
	// that turns out larger goes to disk.
	inMem := min(limit, 32<<20)
	if declared > 0 {
		inMem = min(inMem, declared)
	}
	if !fc.e.hold(inMem) {
		inMem = min(inMem, smallHold)
	}
	buf := bytes.NewBuffer(make([]byte, 0, max(inMem, 4<<10)+1))
	n, err := io.Copy(buf, io.LimitReader(r, inMem+1))
	if err != nil {
		fc.e.unhold(inMem)
		return nil, 0, nil, err
	}
	if n <= inMem {
		if n > limit {
			fc.e.unhold(inMem)
			return nil, 0, nil, errBudget
		}
		fc.budget -= n
		return bytes.NewReader(buf.Bytes()), n, func() { fc.e.unhold(inMem) }, nil
	}
	f, err := os.CreateTemp("", "stockade-member-*")
	if err != nil {
		fc.e.unhold(inMem)
		return nil, 0, nil, err
	}
	_, err = f.Write(buf.Bytes())
	fc.e.unhold(inMem)
	release := func() { f.Close(); os.Remove(f.Name()) }
	if err != nil {
		release()
		return nil, 0, nil, err
	}
	m, err := io.Copy(f, io.LimitReader(r, limit-n+1))
	if err != nil {
		release()
		return nil, 0, nil, err
	}
	total := n + m
	if total > limit {
		release()
		return nil, 0, nil, errBudget
	}
	fc.budget -= total
	return f, total, release, nil
}

func member(container, name string) string { return container + "!" + strings.TrimPrefix(name, "/") }

// ratioReader fails once the bytes read exceed ratio times the compressed size (a zip bomb).
type ratioReader struct {
	r     io.Reader
	left  int64
	total int64
}

func (rr *ratioReader) Read(p []byte) (int, error) {
	if rr.left <= 0 {
		return 0, errBudget
	}
	if int64(len(p)) > rr.left {
		p = p[:rr.left]
	}
	n, err := rr.r.Read(p)
	rr.left -= int64(n)
	rr.total += int64(n)
	return n, err
}

func (fc *fileCtx) zipFile(name string, ra io.ReaderAt, size int64, depth int) {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		fc.skip(name, "damaged zip: "+err.Error())
		return
	}
	if kind := officeKind(zr); kind != "" {
		fc.officeFile(name, zr, kind)
		return
	}
	if depth >= fc.e.opts.MaxDepth {
		fc.skip(name, fmt.Sprintf("archive nested deeper than %d levels", fc.e.opts.MaxDepth))
		return
	}
	for _, f := range zr.File {
		if fc.ctx.Err() != nil {
			return
		}
		if f.FileInfo().IsDir() {
			continue
		}
		mname := member(name, f.Name)
		if f.Flags&1 != 0 {
			fc.skip(mname, "encrypted archive member")
			continue
		}
		if f.UncompressedSize64 > 0 && f.CompressedSize64 > 0 && float64(f.UncompressedSize64)/float64(f.CompressedSize64) > fc.e.opts.MaxRatio && f.UncompressedSize64 > 1<<20 {
			fc.skip(mname, fmt.Sprintf("compression ratio over %.0f (a zip bomb?)", fc.e.opts.MaxRatio))
			continue
		}
		rc, err := f.Open()
		if err != nil {
			fc.skip(mname, "cannot open archive member: "+err.Error())
			continue
		}
		limit := int64(float64(max(f.CompressedSize64, 1)) * fc.e.opts.MaxRatio)
		fc.member(mname, &ratioReader{r: rc, left: max(limit, 1<<20)}, int64(f.UncompressedSize64), depth)
		rc.Close()
	}
}

// member scans one archive member.
func (fc *fileCtx) member(name string, r io.Reader, declared int64, depth int) {
	ra, n, release, err := fc.spool(r, declared)
	if err != nil {
		reason := "cannot read archive member: " + err.Error()
		if errors.Is(err, errBudget) {
			reason = "skipped: " + errBudget.Error() + " (a zip bomb?)"
		}
		fc.skip(name, reason)
		return
	}
	defer release()
	fc.scanFile(name, ra, n, depth+1)
}

func (fc *fileCtx) gzipFile(name string, ra io.ReaderAt, size int64, depth int) {
	if depth >= fc.e.opts.MaxDepth {
		fc.skip(name, fmt.Sprintf("archive nested deeper than %d levels", fc.e.opts.MaxDepth))
		return
	}
	zr, err := gzip.NewReader(io.NewSectionReader(ra, 0, size))
	if err != nil {
		fc.skip(name, "damaged gzip file: "+err.Error())
		return
	}
	defer zr.Close()
	rr := &ratioReader{r: zr, left: max(int64(float64(size)*fc.e.opts.MaxRatio), 1<<20)}
	ra2, n, release, err := fc.spool(rr, min(gzipSizeHint(ra, size), fc.budget))
	if err != nil {
		fc.skip(name, "cannot decompress: "+err.Error())
		return
	}
	defer release()
	head := make([]byte, min(n, 512))
	k, _ := ra2.ReadAt(head, 0)
	if isTar(head[:k]) {
		// A .tar.gz: its members sit directly under the compressed file's name.
		fc.tarFile(name, io.NewSectionReader(ra2, 0, n), name, depth)
		return
	}
	inner := zr.Name
	if inner == "" {
		inner = strings.TrimSuffix(path.Base(name), ".gz")
		inner = strings.TrimSuffix(inner, ".tgz")
		if i := strings.LastIndexByte(inner, '!'); i >= 0 {
			inner = inner[i+1:]
		}
	}
	fc.scanFile(member(name, inner), ra2, n, depth+1)
}

// gzipSizeHint reads the uncompressed size a gzip file's trailer claims (modulo 4 GiB), to
// size a buffer; it is only a hint.
func gzipSizeHint(ra io.ReaderAt, size int64) int64 {
	var b [4]byte
	if size < 18 {
		return 0
	}
	if _, err := ra.ReadAt(b[:], size-4); err != nil {
		return 0
	}
	return int64(b[0]) | int64(b[1])<<8 | int64(b[2])<<16 | int64(b[3])<<24
}

func (fc *fileCtx) tarFile(name string, r io.Reader, container string, depth int) {
	if depth >= fc.e.opts.MaxDepth {
		fc.skip(name, fmt.Sprintf("archive nested deeper than %d levels", fc.e.opts.MaxDepth))
		return
	}
	tr := tar.NewReader(r)
	for {
		if fc.ctx.Err() != nil {
			return
		}
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			fc.skip(name, "damaged tar archive: "+err.Error())
			return
		}
		mname := member(container, h.Name)
		switch h.Typeflag {
		case tar.TypeReg:
			fc.member(mname, tr, h.Size, depth)
		case tar.TypeDir:
		default:
			fc.skip(mname, "not a regular file in the archive")
		}
	}
}
