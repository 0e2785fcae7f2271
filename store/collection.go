package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Tx is a transaction handed to [Store.View] and [Store.Update] callbacks. It is only valid
// inside the callback.
type Tx struct {
	tx *bolt.Tx
}

// View runs fn in a read-only transaction.
func (s *Store) View(fn func(*Tx) error) error {
	return s.view(func(tx *bolt.Tx) error { return fn(&Tx{tx: tx}) })
}

// Update runs fn in a read-write transaction: everything fn writes lands together, or
// nothing does when fn returns an error.
func (s *Store) Update(fn func(*Tx) error) error {
	return s.update(func(tx *bolt.Tx) error { return fn(&Tx{tx: tx}) })
}

// Collection is a typed set of JSON records kept under one name.
type Collection[T any] struct {
	name []byte
}

// NewCollection declares a collection. Names are part of the file format: keep them stable.
func NewCollection[T any](name string) Collection[T] {
	if name == "" || name == string(metaBucket) {
		panic("store: bad collection name " + name)
	}
	return Collection[T]{name: []byte(name)}
}

// Name is the collection's name.
func (c Collection[T]) Name() string { return string(c.name) }

func (c Collection[T]) bucket(tx *Tx, create bool) (*bolt.Bucket, error) {
	if b := tx.tx.Bucket(c.name); b != nil || !create {
		return b, nil
	}
	b, err := tx.tx.CreateBucket(c.name)
	if err != nil {
		return nil, fmt.Errorf("create collection %s: %w", c.name, err)
	}
	return b, nil
}

// Get reads the record under key; ok is false when there is none.
func (c Collection[T]) Get(tx *Tx, key string) (v T, ok bool, err error) {
	b, _ := c.bucket(tx, false)
	if b == nil {
		return v, false, nil
	}
	data := b.Get([]byte(key))
	if data == nil {
		return v, false, nil
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return v, false, fmt.Errorf("read %s/%s: %w", c.name, key, err)
	}
	return v, true, nil
}

// Put writes v under key, replacing any record there.
func (c Collection[T]) Put(tx *Tx, key string, v T) error {
	if key == "" {
		return fmt.Errorf("write %s: empty key", c.name)
	}
	b, err := c.bucket(tx, true)
	if err != nil {
		return err
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("write %s/%s: %w", c.name, key, err)
	}
	if err := b.Put([]byte(key), data); err != nil {
		return fmt.Errorf("write %s/%s: %w", c.name, key, err)
	}
	return nil
}

// Add writes v under a new key that sorts after every key Add gave before, and returns it.
func (c Collection[T]) Add(tx *Tx, v T) (string, error) {
	b, err := c.bucket(tx, true)
	if err != nil {
		return "", err
	}
	seq, err := b.NextSequence()
	if err != nil {
		return "", fmt.Errorf("new id in %s: %w", c.name, err)
	}
	key := fmt.Sprintf("%016x", seq)
	return key, c.Put(tx, key, v)
}

// Delete removes the record under key, if any.
func (c Collection[T]) Delete(tx *Tx, key string) error {
	b, _ := c.bucket(tx, false)
	if b == nil {
		return nil
	}
	if err := b.Delete([]byte(key)); err != nil {
		return fmt.Errorf("delete %s/%s: %w", c.name, key, err)
	}
	return nil
}

// ForEach calls fn with each record in key order, stopping at the first error.
func (c Collection[T]) ForEach(tx *Tx, fn func(key string, v T) error) error {
	return c.ForEachPrefix(tx, "", fn)
}

// ForEachPrefix calls fn, in key order, with each record whose key starts with prefix.
func (c Collection[T]) ForEachPrefix(tx *Tx, prefix string, fn func(key string, v T) error) error {
	b, _ := c.bucket(tx, false)
	if b == nil {
		return nil
	}
	p := []byte(prefix)
	cur := b.Cursor()
	for k, data := cur.Seek(p); k != nil && bytes.HasPrefix(k, p); k, data = cur.Next() {
		var v T
		if err := json.Unmarshal(data, &v); err != nil {
			return fmt.Errorf("read %s/%s: %w", c.name, k, err)
		}
		if err := fn(string(k), v); err != nil {
			return err
		}
	}
	return nil
}

// All returns every record keyed by its key.
func (c Collection[T]) All(tx *Tx) (map[string]T, error) {
	out := map[string]T{}
	err := c.ForEach(tx, func(k string, v T) error { out[k] = v; return nil })
	return out, err
}

// Count is the number of records.
func (c Collection[T]) Count(tx *Tx) int {
	b, _ := c.bucket(tx, false)
	if b == nil {
		return 0
	}
	return b.Stats().KeyN
}
