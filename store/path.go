package store

import (
	"fmt"
	"os"
	"path/filepath"
)

// DefaultPath is where the database lives when neither --db nor STOCKADE_DB says otherwise:
// $XDG_DATA_HOME/stockade/stockade.db, else ~/.local/share/stockade/stockade.db.
func DefaultPath() (string, error) {
	if dir := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "stockade", "stockade.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the home folder for the database (set --db or STOCKADE_DB): %w", err)
	}
	return filepath.Join(home, ".local", "share", "stockade", "stockade.db"), nil
}
