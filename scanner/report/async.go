package report

import "io"

// asyncWriter buffers output and writes it from its own goroutine. A reporter runs under the
// scan's lock, so a write call made there holds up every scanning worker; with a million
// findings the writes alone took a quarter of a scan. Here a worker only copies into a
// buffer, and a full buffer is written while scanning goes on.
type asyncWriter struct {
	cur   []byte
	full  chan []byte // buffers to write, in order
	free  chan []byte // written buffers, to reuse
	done  chan error  // the writer's first error, when it stops
	err   error
	limit int
}

const asyncBuffers = 4

func newAsyncWriter(w io.Writer, size int) *asyncWriter {
	a := &asyncWriter{full: make(chan []byte, asyncBuffers), free: make(chan []byte, asyncBuffers+1),
		done: make(chan error, 1), limit: size, cur: make([]byte, 0, size)}
	go func() {
		var err error
		for b := range a.full {
			if err == nil {
				_, err = w.Write(b)
			}
			select {
			case a.free <- b[:0]:
			default: // enough spares: let this one go
			}
		}
		a.done <- err
	}()
	return a
}

// Write copies p into the current buffer and hands the buffer over when it is full. It
// never fails: a write error is reported by Close.
func (a *asyncWriter) Write(p []byte) (int, error) {
	a.cur = append(a.cur, p...)
	if len(a.cur) >= a.limit {
		a.full <- a.cur
		select {
		case b := <-a.free:
			a.cur = b
		default:
			a.cur = make([]byte, 0, a.limit)
		}
	}
	return len(p), nil
}

// Close writes what is left, waits for the writer and returns its first error.
func (a *asyncWriter) Close() error {
	if a.full == nil {
		return a.err
	}
	if len(a.cur) > 0 {
		a.full <- a.cur
	}
	close(a.full)
	a.err = <-a.done
	a.full = nil
	return a.err
}
