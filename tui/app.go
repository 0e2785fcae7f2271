package tui

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/stockade/stockade/checklist"
	"github.com/stockade/stockade/store"
)

// Common is what every screen shares: the store, the theme and the window size. Screens keep
// the pointer, so a new theme reaches all of them at once.
type Common struct {
	Store  *store.Store
	Styles *Styles
	Width  int
	Height int
	// Plan is the guided plan's content; States the saved status of its tasks by task ID.
	Plan   *checklist.Plan
	States map[string]checklist.TaskState
	// Quiz is the quiz history: last attempts, review schedule, quizzes left half-way.
	Quiz quizState
}

// statusMsg shows a short message in the footer for a few seconds.
type statusMsg struct {
	text  string
	isErr bool
}

type clearStatusMsg struct{ seq int }

// flash shows text in the footer.
func (c *Common) flash(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return statusMsg{text, isErr} }
}

// Model is the root of the interface: a stack of screens with a header and a footer.
type Model struct {
	c         *Common
	stack     []Screen
	keys      globalKeys
	help      help.Model
	status    statusMsg
	statusSeq int
}

// New builds the interface over an open store and the plan's content, reading the saved
// progress first.
func New(st *store.Store, plan *checklist.Plan) (Model, error) {
	states, err := loadStates(st)
	if err != nil {
		return Model{}, err
	}
	quiz, err := loadQuizState(st)
	if err != nil {
		return Model{}, err
	}
	c := &Common{Store: st, Styles: NewStyles(true, noColorEnv()), Width: 80, Height: 24,
		Plan: plan, States: states, Quiz: quiz}
	h := help.New()
	h.Styles = c.Styles.Help
	return Model{c: c, stack: []Screen{newHome(c)}, keys: defaultGlobalKeys(), help: h}, nil
}

// Init asks the terminal for its background colour and starts the home screen.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.active().Init())
}

func (m Model) active() Screen { return m.stack[len(m.stack)-1] }

// Update routes a message: sizes and themes to everyone, keys through the global key map
// and then to the active screen, everything else to the active screen.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width - 2)
		m.resize()
		return m, nil
	case tea.BackgroundColorMsg:
		m.c.Styles = NewStyles(msg.IsDark(), noColorEnv())
		m.help.Styles = m.c.Styles.Help
		return m, nil
	case pushMsg:
		m.stack = append(m.stack, msg.screen)
		m.resize()
		return m, msg.screen.Init()
	case popMsg:
		return m.back()
	case taskSavedMsg:
		return m, m.c.applySaved(msg)
	case quizSavedMsg:
		return m, m.c.applyQuizSaved(msg)
	case statusMsg:
		m.status = msg
		m.statusSeq++
		seq := m.statusSeq
		return m, tea.Tick(4*time.Second, func(time.Time) tea.Msg { return clearStatusMsg{seq} })
	case clearStatusMsg:
		if msg.seq == m.statusSeq {
			m.status = statusMsg{}
		}
		return m, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.Kill) {
			return m, tea.Quit
		}
		if in, ok := m.active().(inputScreen); ok && in.Capturing() {
			return m.forward(msg)
		}
		switch {
		case key.Matches(msg, m.keys.Quit):
			return m, tea.Quit
		case key.Matches(msg, m.keys.Help):
			m.help.ShowAll = !m.help.ShowAll
			m.resize()
			return m, nil
		case key.Matches(msg, m.keys.Back):
			return m.back()
		}
	}
	return m.forward(msg)
}

func (m Model) forward(msg tea.Msg) (tea.Model, tea.Cmd) {
	s, cmd := m.active().Update(msg)
	m.stack[len(m.stack)-1] = s
	return m, cmd
}

func (m Model) back() (tea.Model, tea.Cmd) {
	if len(m.stack) > 1 {
		m.stack = m.stack[:len(m.stack)-1]
		m.resize()
		return m, m.active().Init()
	}
	return m, nil
}

// resize gives every screen the room left between header and footer.
func (m *Model) resize() {
	h := m.c.Height - lipgloss.Height(m.header()) - lipgloss.Height(m.footer())
	for _, s := range m.stack {
		s.SetSize(max(m.c.Width, 1), max(h, 1))
	}
}

// View draws header, the active screen and the footer, filling the window.
func (m Model) View() tea.View {
	header, footer := m.header(), m.footer()
	bodyH := max(m.c.Height-lipgloss.Height(header)-lipgloss.Height(footer), 0)
	body := lipgloss.NewStyle().Width(m.c.Width).Height(bodyH).MaxHeight(bodyH).Render(m.active().View())
	v := tea.NewView(lipgloss.JoinVertical(lipgloss.Left, header, body, footer))
	v.AltScreen = true
	v.WindowTitle = "Stockade"
	return v
}

func (m Model) header() string {
	st := m.c.Styles
	left := st.HeaderApp.Render("Stockade")
	if len(m.stack) > 1 {
		left += st.Muted.Render(" › " + m.active().Title())
	}
	room := m.c.Width - 2 - lipgloss.Width(left) - 2
	path := ""
	if m.c.Store != nil && room > 8 {
		path = st.HeaderPath.Render(shortenPath(m.c.Store.Path(), room))
	}
	gap := max(m.c.Width-2-lipgloss.Width(left)-lipgloss.Width(path), 1)
	return st.Header.Render(left + strings.Repeat(" ", gap) + path)
}

func (m Model) footer() string {
	st := m.c.Styles
	if m.status.text != "" {
		style := st.Good
		if m.status.isErr {
			style = st.Error
		}
		return st.Footer.Render(style.Render(ansi.Truncate(m.status.text, max(m.c.Width-2, 1), "…")))
	}
	// help.Model can overrun its width when the ellipsis does not fit; cut it ourselves.
	line := m.help.View(rootHelp{m.active(), m.keys, len(m.stack) > 1})
	if !m.help.ShowAll {
		line = ansi.Truncate(line, max(m.c.Width-2, 1), "…")
	}
	return st.Footer.Render(line)
}

// rootHelp is the footer's key map: the active screen's keys, then the global ones.
type rootHelp struct {
	screen  Screen
	keys    globalKeys
	canBack bool
}

func (h rootHelp) globals() []key.Binding {
	if in, ok := h.screen.(inputScreen); ok && in.Capturing() {
		return nil // while typing, q is a letter and esc belongs to the field
	}
	var g []key.Binding
	if h.canBack {
		g = append(g, h.keys.Back)
	}
	return append(g, h.keys.Help, h.keys.Quit)
}

// ShortHelp implements help.KeyMap.
func (h rootHelp) ShortHelp() []key.Binding { return append(h.screen.ShortHelp(), h.globals()...) }

// FullHelp implements help.KeyMap.
func (h rootHelp) FullHelp() [][]key.Binding {
	return append(h.screen.FullHelp(), append(h.globals(), h.keys.Kill))
}

// shortenPath writes the home folder as ~ and cuts the middle of a path that is too long.
func shortenPath(p string, width int) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if rel, err := filepath.Rel(home, p); err == nil && !strings.HasPrefix(rel, "..") {
			p = filepath.Join("~", rel)
		}
	}
	if ansi.StringWidth(p) <= width {
		return p
	}
	if width < 2 {
		return ""
	}
	keep := width - 1
	head := keep / 3
	tail := keep - head
	r := []rune(p)
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}
