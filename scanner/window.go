package scanner

import (
	"io"
	"sync"
)

// window is a read buffer over a stream for the hand-written tokenizers: buf[pos:] is what
// has been read and not consumed. fill keeps that, moves it to the front and reads more,
// doubling the buffer up to limit when a token does not fit.
type window struct {
	r     io.Reader
	buf   []byte
	pos   int
	err   error // from r; io.EOF once it is drained
	limit int
}

// windowSize is the first size of every window; buffers of that size are recycled.
const windowSize = 256 << 10

var windowPool = sync.Pool{New: func() any { b := make([]byte, 0, windowSize); return &b }}

func newWindow(r io.Reader, limit int) window {
	return window{r: r, buf: (*windowPool.Get().(*[]byte))[:0], limit: limit}
}

// release gives the buffer back for another file; the window is not used after.
func (w *window) release() {
	if cap(w.buf) == windowSize {
		b := w.buf[:0]
		windowPool.Put(&b)
	}
	w.buf = nil
}

// fill reads more input; it reports whether anything was added. It returns false at the end
// of the input, after a read error, and when the buffer is full at its limit.
func (w *window) fill() bool {
	if w.err != nil {
		return false
	}
	if w.pos > 0 {
		n := copy(w.buf, w.buf[w.pos:])
		w.buf = w.buf[:n]
		w.pos = 0
	}
	if len(w.buf) == cap(w.buf) {
		if cap(w.buf) >= w.limit {
			return false
		}
		nb := make([]byte, len(w.buf), min(2*cap(w.buf), w.limit))
		copy(nb, w.buf)
		w.buf = nb
	}
	for {
		n, err := w.r.Read(w.buf[len(w.buf):cap(w.buf)])
		w.buf = w.buf[:len(w.buf)+n]
		if err != nil {
			w.err = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}
