package tui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// Screen is one page of the interface. Screens return strings; only the root returns a
// tea.View. Each screen has its own key map, shown in the footer through help.KeyMap.
type Screen interface {
	help.KeyMap
	Init() tea.Cmd
	Update(msg tea.Msg) (Screen, tea.Cmd)
	View() string
	// SetSize gives the screen the room between the header and the footer.
	SetSize(width, height int)
	// Title names the screen in the header.
	Title() string
}

// inputScreen is a screen that may be typing into a field: while Capturing, the root passes
// every key (but ctrl+c) to it instead of acting on global keys such as q.
type inputScreen interface {
	Capturing() bool
}

// pushMsg opens a screen on top of the current one.
type pushMsg struct{ screen Screen }

// popMsg goes back to the previous screen.
type popMsg struct{}

func push(s Screen) tea.Cmd { return func() tea.Msg { return pushMsg{s} } }

func pop() tea.Msg { return popMsg{} }
