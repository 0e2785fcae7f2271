package tui

import "testing"

func TestWindow(t *testing.T) {
	tests := []struct {
		name             string
		moves            []int
		n, height        int
		cursor, from, to int
	}{
		{"fits", []int{1, 1}, 5, 10, 2, 0, 5},
		{"scrolls down", []int{1, 1, 1, 1}, 10, 3, 4, 2, 5},
		{"wraps up to the end", []int{-1}, 10, 3, 9, 7, 10},
		{"wraps down to the start", []int{-1, 1}, 10, 3, 0, 0, 3},
		{"empty", []int{1}, 0, 3, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w window
			for _, d := range tt.moves {
				w.move(d, tt.n)
				w.visible(tt.n, tt.height)
			}
			from, to := w.visible(tt.n, tt.height)
			if w.cursor != tt.cursor || from != tt.from || to != tt.to {
				t.Errorf("cursor %d rows [%d,%d), want %d [%d,%d)", w.cursor, from, to, tt.cursor, tt.from, tt.to)
			}
		})
	}
}
