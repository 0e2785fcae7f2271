package tui

// window keeps a cursor inside a list and the visible slice of the list around it.
type window struct {
	cursor int // selected row
	offset int // first visible row
}

// move shifts the cursor by delta within n rows, wrapping at the ends.
func (w *window) move(delta, n int) {
	if n == 0 {
		w.cursor = 0
		return
	}
	w.cursor = ((w.cursor+delta)%n + n) % n
}

// visible returns the rows [from, to) to draw in height rows so the cursor stays in view.
func (w *window) visible(n, height int) (from, to int) {
	height = max(height, 1)
	if w.cursor >= n {
		w.cursor = max(n-1, 0)
	}
	if w.cursor < w.offset {
		w.offset = w.cursor
	}
	if w.cursor >= w.offset+height {
		w.offset = w.cursor - height + 1
	}
	w.offset = max(min(w.offset, n-height), 0)
	return w.offset, min(w.offset+height, n)
}
