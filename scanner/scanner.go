// Package scanner finds personal data in files: it walks folders, recognises each file's
// format by its content, extracts the text (from plain text, CSV, JSON, HTML and XML, mail,
// Office documents, PDF and archives, nested), and hands it to package detect.
//
// The engine knows nothing of the terminal interface or the store: it reports findings,
// skipped files and finished files through a [Reporter], and stops when its context is
// cancelled. Files are opened read-only and never changed.
package scanner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/stockade/stockade/scanner/detect"
)

// Options tune a scan. The zero value scans everything with default limits.
type Options struct {
	Types          []detect.Type     // nil: all types
	MinConfidence  detect.Confidence // findings below are dropped (0: Medium)
	Excludes       []string          // glob patterns matched against names and relative paths
	Workers        int               // files scanned at once (0: one per CPU)
	MaxFileSize    int64             // larger files are skipped (0: no limit)
	FollowSymlinks bool              // follow symbolic links (loops are always avoided)
	MaxDepth       int               // archive nesting (0: 5)
	MaxExpanded    int64             // bytes decompressed from one top-level file (0: 4 GiB)
	MaxRatio       float64           // largest compression ratio per member (0: 200)
	// Unchanged, when set, is asked about each top-level file before it is opened; a file it
	// reports unchanged is not read and counts as cached.
	Unchanged func(FileState) bool
}

// FileState identifies a top-level file on disk, for caching.
type FileState struct {
	Path    string // as displayed
	Abs     string // absolute path
	Size    int64
	ModTime int64 // nanoseconds since the epoch
	Inode   uint64
}

// Finding is one piece of personal data found.
type Finding struct {
	Path       string // display path; "a.zip!dir/b.csv" inside containers
	Type       detect.Type
	Line       int    // 1-based; 0 when the format has no lines
	Column     int    // 1-based byte column; 0 when unknown
	Page       int    // PDF page, 0 when unknown
	Cell       string // spreadsheet cell such as "Sheet1!C12"
	Value      string // the raw value: memory only, never stored
	Masked     string
	Confidence detect.Confidence
	Reason     string
	File       FileState // the top-level file it was found in
}

// Skip is a file (or archive member) that was not scanned, and why.
type Skip struct {
	Path   string
	Reason string
}

// Reporter receives what a scan finds. Calls are serialised: a Reporter needs no locking.
type Reporter interface {
	Finding(Finding)
	Skipped(Skip)
	// FileDone is called once per top-level file, after its findings.
	FileDone(f FileState, findings int, cached bool)
}

// ParallelReporter is a Reporter that takes findings from several workers at once: the
// engine gives each worker (and each helper scanning part of a large file) a FindingSink
// of its own and sends findings there without its lock. A file's findings may then reach
// the sink's output after its FileDone. NewSink may be called from several goroutines.
type ParallelReporter interface {
	Reporter
	NewSink() FindingSink
}

// FindingSink receives the findings of one goroutine. Flush is called when it is done.
type FindingSink interface {
	Finding(Finding)
	Flush()
}

// Summary totals a scan.
type Summary struct {
	Files    int64 // top-level files scanned or cached
	Cached   int64
	Bytes    int64 // bytes read (decompressed bytes count too)
	Skipped  int64
	Findings int64
	Elapsed  time.Duration
}

// Counters are live totals, safe to read from another goroutine while a scan runs.
type Counters struct {
	Files, Bytes, Skipped, Findings atomic.Int64
}

// Scan walks roots (files or folders) and reports what it finds. It returns an error only
// when it could not run at all (a root that does not exist) or ctx was cancelled.
func Scan(ctx context.Context, roots []string, opts Options, rep Reporter) (Summary, error) {
	return ScanWithCounters(ctx, roots, opts, rep, &Counters{})
}

// ScanWithCounters is Scan with live counters for a progress display.
func ScanWithCounters(ctx context.Context, roots []string, opts Options, rep Reporter, cnt *Counters) (Summary, error) {
	start := time.Now()
	if len(roots) == 0 {
		return Summary{}, errors.New("scan: name at least one file or folder")
	}
	for _, r := range roots {
		if _, err := os.Lstat(r); err != nil {
			return Summary{}, fmt.Errorf("scan %s: %w", r, err)
		}
	}
	opts = opts.withDefaults()
	e := newEngine(opts, rep, cnt)
	jobs := make(chan job, 256)
	var wg sync.WaitGroup
	var cached atomic.Int64
	for range opts.Workers {
		wg.Add(1)
		sink := e.newSink()
		go func() {
			defer wg.Done()
			if sink != nil {
				defer sink.Flush()
			}
			for j := range jobs {
				if ctx.Err() != nil {
					continue
				}
				if e.scanTop(ctx, j, sink) {
					cached.Add(1)
				}
			}
		}()
	}
	var walkErr error
	for _, r := range roots {
		if err := e.walkRoot(ctx, r, jobs); err != nil {
			walkErr = err
			break
		}
	}
	close(jobs)
	wg.Wait()
	sum := Summary{Files: cnt.Files.Load(), Cached: cached.Load(), Bytes: cnt.Bytes.Load(),
		Skipped: cnt.Skipped.Load(), Findings: cnt.Findings.Load(), Elapsed: time.Since(start)}
	if walkErr == nil {
		walkErr = ctx.Err()
	}
	return sum, walkErr
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.MinConfidence == 0 {
		o.MinConfidence = detect.Medium
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = 5
	}
	if o.MaxExpanded <= 0 {
		o.MaxExpanded = 4 << 30
	}
	if o.MaxRatio <= 0 {
		o.MaxRatio = 200
	}
	return o
}

type job struct {
	path    string // display path
	abs     string
	info    fs.FileInfo
	ignored bool
}

type engine struct {
	opts Options
	det  *detect.Detector
	rep  *lockedReporter
	par  ParallelReporter // rep's, when it takes findings in parallel
	cnt  *Counters
	// chunkTokens bounds the chunk copies handed to helpers, across all files.
	chunkTokens chan struct{}
	// held is the memory taken by whole files and archive members kept in memory, across
	// all workers. What would take it over memoryBudget is streamed or spooled to disk.
	held atomic.Int64
}

// memoryBudget caps the whole files and members held in memory at once; below
// smallHold a buffer is not counted (workers times a megabyte at most).
const (
	memoryBudget = 128 << 20
	smallHold    = 1 << 20
)

// hold takes n bytes of the memory budget; false when they are not there.
func (e *engine) hold(n int64) bool {
	if n <= smallHold {
		return true
	}
	for {
		cur := e.held.Load()
		if cur+n > memoryBudget {
			return false
		}
		if e.held.CompareAndSwap(cur, cur+n) {
			return true
		}
	}
}

// unhold gives back what hold took.
func (e *engine) unhold(n int64) {
	if n > smallHold {
		e.held.Add(-n)
	}
}

// newEngine sets up a scan with opts (defaults filled in).
func newEngine(opts Options, rep Reporter, cnt *Counters) *engine {
	e := &engine{opts: opts, det: detect.New(detect.Options{Types: opts.Types, MinConfidence: opts.MinConfidence}),
		rep: &lockedReporter{r: rep}, cnt: cnt, chunkTokens: make(chan struct{}, min(2*opts.Workers, 16))}
	e.par, _ = rep.(ParallelReporter)
	return e
}

// newSink returns a sink for one goroutine's findings, or nil to report through the lock.
func (e *engine) newSink() FindingSink {
	if e.par == nil {
		return nil
	}
	return e.par.NewSink()
}

type lockedReporter struct {
	mu sync.Mutex
	r  Reporter
}

func (l *lockedReporter) finding(f Finding) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.r.Finding(f)
}

func (l *lockedReporter) skipped(s Skip) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.r.Skipped(s)
}

func (l *lockedReporter) done(f FileState, n int, cached bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.r.FileDone(f, n, cached)
}

func (e *engine) skip(path, reason string) {
	e.cnt.Skipped.Add(1)
	e.rep.skipped(Skip{Path: path, Reason: reason})
}

// walkRoot sends every file under root to the workers.
func (e *engine) walkRoot(ctx context.Context, root string, jobs chan<- job) error {
	info, err := os.Lstat(root)
	if err != nil {
		return fmt.Errorf("scan %s: %w", root, err)
	}
	ign := loadIgnore(root, info)
	visited := map[[2]uint64]bool{}
	var walk func(dir, rel string) error
	visit := func(display, abs, rel string, info fs.FileInfo) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			if !e.opts.FollowSymlinks {
				e.skip(display, "symbolic link (use --follow-symlinks to scan what it points to)")
				return nil
			}
			target, err := os.Stat(abs)
			if err != nil {
				e.skip(display, "broken symbolic link")
				return nil
			}
			info = target
		}
		switch {
		case info.IsDir():
			if id, ok := fileID(info); ok {
				if visited[id] {
					e.skip(display, "folder already scanned (a link loop)")
					return nil
				}
				visited[id] = true
			}
			return walk(abs, rel)
		case !info.Mode().IsRegular():
			e.skip(display, "not a regular file ("+info.Mode().Type().String()+")")
			return nil
		}
		jobs <- job{path: display, abs: abs, info: info}
		return nil
	}
	walk = func(dir, rel string) error {
		entries, err := os.ReadDir(dir)
		if err != nil {
			e.skip(displayJoin(root, rel), "cannot read folder: "+errText(err))
			return nil
		}
		for _, de := range entries {
			name := de.Name()
			childRel := name
			if rel != "" {
				childRel = rel + "/" + name
			}
			if e.excluded(name, childRel, de.IsDir(), ign) {
				continue
			}
			info, err := de.Info()
			if err != nil {
				e.skip(displayJoin(root, childRel), "cannot read: "+errText(err))
				continue
			}
			if err := visit(displayJoin(root, childRel), filepath.Join(dir, name), childRel, info); err != nil {
				return err
			}
		}
		return nil
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return fmt.Errorf("scan %s: %w", root, err)
	}
	if info.IsDir() {
		if id, ok := fileID(info); ok {
			visited[id] = true
		}
		return walk(abs, "")
	}
	return visit(filepath.ToSlash(filepath.Clean(root)), abs, "", info)
}

// displayJoin is the path shown for rel under root: "sub/file.csv" for root ".".
func displayJoin(root, rel string) string {
	if rel == "" {
		return filepath.ToSlash(filepath.Clean(root))
	}
	return filepath.ToSlash(filepath.Join(root, rel))
}

func fileID(info fs.FileInfo) ([2]uint64, bool) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return [2]uint64{uint64(st.Dev), uint64(st.Ino)}, true
	}
	return [2]uint64{}, false
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// scanTop scans one top-level file; it reports whether the cache let it skip the file.
func (e *engine) scanTop(ctx context.Context, j job, sink FindingSink) bool {
	fsx := FileState{Path: j.path, Abs: j.abs, Size: j.info.Size(), ModTime: j.info.ModTime().UnixNano()}
	if id, ok := fileID(j.info); ok {
		fsx.Inode = id[1]
	}
	e.cnt.Files.Add(1)
	if e.opts.Unchanged != nil && e.opts.Unchanged(fsx) {
		e.rep.done(fsx, 0, true)
		return true
	}
	if e.opts.MaxFileSize > 0 && fsx.Size > e.opts.MaxFileSize {
		e.skip(j.path, fmt.Sprintf("larger than --max-file-size (%d bytes)", fsx.Size))
		e.rep.done(fsx, 0, false)
		return false
	}
	f, err := os.Open(j.abs)
	if err != nil {
		e.skip(j.path, "cannot open: "+errText(err))
		e.rep.done(fsx, 0, false)
		return false
	}
	defer f.Close()
	fc := &fileCtx{e: e, ctx: ctx, top: fsx, budget: e.opts.MaxExpanded, sink: sink}
	fc.scanFile(j.path, f, fsx.Size, 0)
	e.rep.done(fsx, fc.found, false)
	return false
}
