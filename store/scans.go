package store

import "time"

// ScanRun is one saved run of `stockade scan --save`.
type ScanRun struct {
	Started  time.Time `json:"started"`
	Seconds  float64   `json:"seconds"`
	Roots    []string  `json:"roots"`
	Files    int       `json:"files"`
	Cached   int       `json:"cached"`
	Bytes    int64     `json:"bytes"`
	Skipped  int       `json:"skipped"`
	Findings int       `json:"findings"`
}

// ScannedFile is what the latest saved scan learned about one top-level file. It holds no raw
// value: per type, a count, a few masked samples and keyed fingerprints (HMAC-SHA256 with the
// database's key) of the distinct values found.
type ScannedFile struct {
	Path    string                 `json:"path"`
	Size    int64                  `json:"size"`
	ModTime int64                  `json:"mtime_ns"`
	Inode   uint64                 `json:"inode"`
	ScanID  string                 `json:"scan"`
	Seen    time.Time              `json:"seen"`
	Types   map[string]*TypeResult `json:"types,omitempty"`
}

// TypeResult sums up the findings of one type in one file.
type TypeResult struct {
	Count        int      `json:"count"`
	Samples      []string `json:"samples,omitempty"`
	Fingerprints []string `json:"fingerprints,omitempty"`
}

// Collections of saved scans. ScannedFiles is keyed by the file's absolute path.
var (
	ScanRuns     = NewCollection[ScanRun]("scan_runs")
	ScannedFiles = NewCollection[ScannedFile]("scanned_files")
)
