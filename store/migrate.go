package store

import bolt "go.etcd.io/bbolt"

// migration moves a database from schema version i to i+1, where i is its index in
// [migrations]. Each assumes the ones before it have run; all pending ones run in one
// transaction.
type migration struct {
	name  string
	apply func(tx *bolt.Tx) error
}

// migrations is the ordered schema history. Append only: never edit or reorder a released
// migration. The schema version of a file is the number of migrations applied to it.
var migrations = []migration{
	{name: "meta bucket", apply: func(*bolt.Tx) error { return nil }},
	{name: "fingerprint key", apply: newFingerprintKey},
}
