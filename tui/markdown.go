package tui

import (
	"strings"
	"sync"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
)

// markdownCache keeps one glamour renderer per style and width: building one is far slower
// than rendering with it.
var markdownCache sync.Map // key markdownKey -> *glamour.TermRenderer

type markdownKey struct {
	style string
	width int
}

// renderMarkdown renders Markdown for the terminal at the given width in the theme's style.
// If rendering fails it falls back to the plain text, which is still readable.
func renderMarkdown(md string, width int, st *Styles) string {
	style := styles.DarkStyle
	switch {
	case st.NoColor:
		style = styles.NoTTYStyle
	case !st.IsDark:
		style = styles.LightStyle
	}
	k := markdownKey{style, max(width, 20)}
	r, ok := markdownCache.Load(k)
	if !ok {
		tr, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(k.width))
		if err != nil {
			return md
		}
		r, _ = markdownCache.LoadOrStore(k, tr)
	}
	out, err := r.(*glamour.TermRenderer).Render(md)
	if err != nil {
		return md
	}
	return strings.Trim(out, "\n")
}
