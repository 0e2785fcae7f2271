package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// stepScreen shows one step of the plan: what it means and why it matters.
type stepScreen struct {
	c    *Common
	step stepInfo
	vp   viewport.Model
}

func newStepScreen(c *Common, s stepInfo) *stepScreen {
	return &stepScreen{c: c, step: s, vp: viewport.New()}
}

func (s *stepScreen) Init() tea.Cmd { return nil }

func (s *stepScreen) Title() string { return s.step.Title }

func (s *stepScreen) SetSize(w, h int) {
	s.vp.SetWidth(w)
	s.vp.SetHeight(h)
	s.render()
}

func (s *stepScreen) render() {
	st := s.c.Styles
	w := max(s.vp.Width()-2, 10)
	text := lipgloss.NewStyle().Width(w)
	var b strings.Builder
	b.WriteString(st.Title.Render(s.step.Title) + "\n")
	b.WriteString(st.Subtitle.Width(w).Render(s.step.Summary) + "\n\n")
	b.WriteString(text.Render(s.step.Body))
	s.vp.SetContent(lipgloss.NewStyle().Padding(1, 1, 0, 1).Render(b.String()))
}

func (s *stepScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.vp.KeyMap.Down, s.vp.KeyMap.Up}
}

func (s *stepScreen) FullHelp() [][]key.Binding {
	k := s.vp.KeyMap
	return [][]key.Binding{{k.Down, k.Up, k.PageDown, k.PageUp, k.HalfPageDown, k.HalfPageUp}}
}

func (s *stepScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	var cmd tea.Cmd
	s.vp, cmd = s.vp.Update(msg)
	return s, cmd
}

func (s *stepScreen) View() string { return s.vp.View() }
