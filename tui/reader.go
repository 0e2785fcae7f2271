package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// reader shows a Markdown text in a scrollable viewport.
type reader struct {
	c        *Common
	title    string
	markdown string
	vp       viewport.Model
	width    int
	rendered int // width the content was rendered for
	isDark   bool
}

func newReader(c *Common, title, markdown string) *reader {
	vp := viewport.New()
	vp.KeyMap.PageDown = key.NewBinding(key.WithKeys("pgdown", "f"), key.WithHelp("pgdn/f", "page down"))
	vp.KeyMap.PageUp = key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup/b", "page up"))
	return &reader{c: c, title: title, markdown: markdown, vp: vp}
}

func (r *reader) Init() tea.Cmd { return nil }
func (r *reader) Title() string { return r.title }

func (r *reader) SetSize(w, h int) {
	r.width = w
	r.vp.SetWidth(w)
	r.vp.SetHeight(max(h, 1))
	r.render()
}

// render lays the text out again when the width or the theme changed.
func (r *reader) render() {
	if r.rendered == r.vp.Width() && r.isDark == r.c.Styles.IsDark && r.vp.GetContent() != "" {
		return
	}
	r.rendered, r.isDark = r.vp.Width(), r.c.Styles.IsDark
	heading := lipgloss.NewStyle().Padding(1, 2, 0, 2).Render(r.c.Styles.Title.Render(r.title))
	r.vp.SetContent(heading + "\n" + renderMarkdown(r.markdown, r.vp.Width()-2, r.c.Styles))
}

func (r *reader) ShortHelp() []key.Binding {
	return []key.Binding{r.vp.KeyMap.Down, r.vp.KeyMap.Up}
}

func (r *reader) FullHelp() [][]key.Binding {
	k := r.vp.KeyMap
	return [][]key.Binding{{k.Down, k.Up, k.PageDown, k.PageUp, k.HalfPageDown, k.HalfPageUp}}
}

func (r *reader) Update(msg tea.Msg) (Screen, tea.Cmd) {
	var cmd tea.Cmd
	r.vp, cmd = r.vp.Update(msg)
	return r, cmd
}

func (r *reader) View() string {
	r.render()
	return r.vp.View()
}
