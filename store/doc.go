// Package store keeps all of Stockade's state in one bbolt file.
//
// # Layout
//
// The file holds one bucket per collection plus a meta bucket:
//
//	meta/
//	  app      -> "stockade"           (marks the file as ours)
//	  schema   -> "2"                  (decimal schema version, see migrations)
//	  fp-key   -> 32 random bytes      (HMAC key for fingerprints of found values)
//	<collection>/
//	  <id>     -> JSON document
//
// # Encoding
//
// Every record is one JSON document (encoding/json) stored under a string key. Keys chosen by
// the store ([Collection.Add]) are 16 lower-case hex digits of the bucket's sequence, so they
// sort in creation order; callers may also use natural keys such as a task ID ([Collection.Put]).
// Callers never touch buckets: they declare a typed [Collection] and use it inside a
// [Store.View] or [Store.Update] transaction. Each Update is one bbolt transaction, so a
// write either lands whole or not at all.
//
// # Opening
//
// [Open] waits about a second for the file lock and then fails with [ErrInUse]; it refuses
// files that are not Stockade databases ([ErrNotStockade]) or are damaged ([ErrCorrupt])
// without writing to them, refuses files from a newer Stockade ([ErrTooNew]), and migrates
// files from an older one after copying them aside.
package store
