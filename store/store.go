package store

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Errors returned by [Open]. They are wrapped with the file's path.
var (
	ErrInUse       = errors.New("in use by another Stockade process")
	ErrNotStockade = errors.New("not a Stockade database")
	ErrCorrupt     = errors.New("damaged or unreadable")
	ErrTooNew      = errors.New("made by a newer version of Stockade")
)

// LockTimeout is how long Open waits for another process to release the file.
const LockTimeout = time.Second

const appName = "stockade"

var (
	metaBucket = []byte("meta")
	keyApp     = []byte("app")
	keySchema  = []byte("schema")
	keyFPKey   = []byte("fp-key")
)

// Store is an open Stockade database.
type Store struct {
	db   *bolt.DB
	path string
	// MigratedFrom is the schema version the file had before Open migrated it, or 0.
	MigratedFrom int
	// BackupPath is the copy taken before a migration, or "".
	BackupPath string
}

// Open opens (creating when missing) the database at path. The folder is created 0700 and
// the file 0600.
func Open(path string) (*Store, error) {
	return open(path, migrations)
}

func open(path string, migs []migration) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create folder for database %s: %w", path, err)
	}
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: LockTimeout})
	if err != nil {
		return nil, openError(path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.init(migs); err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

// checkHeader refuses, without writing, a non-empty file that is not a bbolt file at all.
// bbolt itself would refuse it too, but only after opening it for writing.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("database %s: %w (not a regular file)", path, ErrNotStockade)
	}
	if st.Size() == 0 {
		return nil
	}
	// A bbolt file starts with a page header (16 bytes) and then the meta page's magic.
	var head [20]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		return fmt.Errorf("database %s: %w: pick another file with --db", path, ErrNotStockade)
	}
	if binary.LittleEndian.Uint32(head[16:]) != 0xED0CDAED {
		return fmt.Errorf("database %s: %w: pick another file with --db", path, ErrNotStockade)
	}
	return nil
}

func openError(path string, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("database %s is %w: close the other Stockade and try again", path, ErrInUse)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum),
		errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrInvalidMapping):
		return fmt.Errorf("database %s is %w (%v): restore it from a backup or pick another file with --db", path, ErrCorrupt, err)
	default:
		return fmt.Errorf("open database %s: %w", path, err)
	}
}

// init checks the file is ours and brings its schema up to date.
func (s *Store) init(migs []migration) error {
	var version int
	var fresh bool
	err := s.view(func(tx *bolt.Tx) error {
		meta := tx.Bucket(metaBucket)
		if meta == nil {
			empty := true
			_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
			if !empty {
				return fmt.Errorf("database %s: %w (it holds another program's data): pick another file with --db", s.path, ErrNotStockade)
			}
			fresh = true
			return nil
		}
		if !bytes.Equal(meta.Get(keyApp), []byte(appName)) {
			return fmt.Errorf("database %s: %w: pick another file with --db", s.path, ErrNotStockade)
		}
		v, err := strconv.Atoi(string(meta.Get(keySchema)))
		if err != nil || v < 1 {
			return fmt.Errorf("database %s is %w (bad schema version %q)", s.path, ErrCorrupt, meta.Get(keySchema))
		}
		version = v
		return nil
	})
	if err != nil {
		return err
	}
	latest := len(migs)
	if version > latest {
		return fmt.Errorf("database %s was %w (schema %d; this one knows up to %d): upgrade Stockade", s.path, ErrTooNew, version, latest)
	}
	if version == latest {
		return nil
	}
	if !fresh {
		bak := fmt.Sprintf("%s.schema%d-%s.bak", s.path, version, time.Now().UTC().Format("20060102T150405Z"))
		if err := s.BackupFile(bak); err != nil {
			return fmt.Errorf("back up %s before upgrading it: %w", s.path, err)
		}
		s.BackupPath = bak
		s.MigratedFrom = version
	}
	return s.update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(metaBucket)
		if err != nil {
			return err
		}
		if err := meta.Put(keyApp, []byte(appName)); err != nil {
			return err
		}
		for v := version; v < latest; v++ {
			m := migs[v]
			if err := m.apply(tx); err != nil {
				return fmt.Errorf("upgrade database %s to schema %d (%s): %w", s.path, v+1, m.name, err)
			}
		}
		return meta.Put(keySchema, []byte(strconv.Itoa(latest)))
	})
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// Close releases the file.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close database %s: %w", s.path, err)
	}
	return nil
}

// SchemaVersion reports the file's schema version.
func (s *Store) SchemaVersion() (int, error) {
	var v int
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		v, err = strconv.Atoi(string(tx.Bucket(metaBucket).Get(keySchema)))
		return err
	})
	return v, err
}

// Backup writes a consistent copy of the database to w while others may keep reading.
func (s *Store) Backup(w io.Writer) error {
	return s.view(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(w)
		return err
	})
}

// BackupFile writes a consistent copy of the database to path (mode 0600). The copy is
// written to a temporary file beside path and renamed into place, so path is never left
// half-written.
func (s *Store) BackupFile(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if self, _ := filepath.Abs(s.path); self == abs {
		return fmt.Errorf("backup to %s: that is the database itself: name another file", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), ".stockade-backup-*")
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := s.Backup(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), abs); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// FingerprintKey returns the database's random key for keyed fingerprints (HMAC-SHA256) of
// found values. It never leaves the file.
func (s *Store) FingerprintKey() ([]byte, error) {
	var key []byte
	err := s.view(func(tx *bolt.Tx) error {
		key = bytes.Clone(tx.Bucket(metaBucket).Get(keyFPKey))
		return nil
	})
	if err == nil && len(key) != 32 {
		err = fmt.Errorf("database %s has no fingerprint key: %w", s.path, ErrCorrupt)
	}
	return key, err
}

func newFingerprintKey(tx *bolt.Tx) error {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("make fingerprint key: %w", err)
	}
	return tx.Bucket(metaBucket).Put(keyFPKey, key)
}

// view and update run fn in a transaction and turn a panic inside bbolt (a damaged file)
// into an error instead of a crash.
func (s *Store) view(fn func(*bolt.Tx) error) (err error) {
	defer s.recoverCorrupt(&err)
	return s.db.View(fn)
}

func (s *Store) update(fn func(*bolt.Tx) error) (err error) {
	defer s.recoverCorrupt(&err)
	return s.db.Update(fn)
}

func (s *Store) recoverCorrupt(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("database %s is %w (%v): restore it from a backup", s.path, ErrCorrupt, r)
	}
}
