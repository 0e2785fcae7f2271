package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// home is the first screen: the five steps of the plan with their progress.
type home struct {
	c      *Common
	keys   listKeys
	steps  []stepInfo
	cursor int
	width  int
	height int
}

func newHome(c *Common) *home {
	return &home{c: c, keys: defaultListKeys(), steps: planSteps()}
}

func (h *home) Init() tea.Cmd { return nil }

func (h *home) Title() string { return "Home" }

func (h *home) SetSize(w, height int) { h.width, h.height = w, height }

func (h *home) ShortHelp() []key.Binding {
	return []key.Binding{h.keys.Up, h.keys.Down, h.keys.Open}
}

func (h *home) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

func (h *home) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(msg, h.keys.Up):
			h.cursor = (h.cursor + len(h.steps) - 1) % len(h.steps)
		case key.Matches(msg, h.keys.Down):
			h.cursor = (h.cursor + 1) % len(h.steps)
		case key.Matches(msg, h.keys.Open):
			return h, push(newStepScreen(h.c, h.steps[h.cursor]))
		default:
			// Digits 1-5 jump straight to a step.
			if n := int(msg.Code - '1'); msg.Text != "" && n >= 0 && n < len(h.steps) {
				h.cursor = n
				return h, push(newStepScreen(h.c, h.steps[n]))
			}
		}
	}
	return h, nil
}

func (h *home) View() string {
	st := h.c.Styles
	w := max(h.width-2, 20)
	var b strings.Builder
	b.WriteString(st.Title.Render("Your privacy plan"))
	b.WriteString("\n")
	b.WriteString(st.Subtitle.Render(ansi.Truncate("Five steps from the FTC's guide to protecting personal information.", w, "…")))
	b.WriteString("\n\n")

	titleW := 0
	for _, s := range h.steps {
		titleW = max(titleW, lipgloss.Width(s.Title))
	}
	barW := min(max(w-titleW-8, 10), 30)
	for i, s := range h.steps {
		cursor, title := "  ", st.Text.Render(fmt.Sprintf("%d. %-*s", i+1, titleW, s.Title))
		if i == h.cursor {
			cursor = st.Cursor.Render("› ")
			title = st.Selected.Render(fmt.Sprintf("%d. %-*s", i+1, titleW, s.Title))
		}
		b.WriteString(cursor + title + "  " + h.bar(barW, s.Progress) + "\n")
		b.WriteString("     " + st.Muted.Render(ansi.Truncate(s.Summary, w-5, "…")) + "\n")
	}
	return lipgloss.NewStyle().Padding(1, 1, 0, 1).Render(b.String())
}

// bar draws a step's progress with its percentage.
func (h *home) bar(width int, pct float64) string {
	st := h.c.Styles
	p := progress.New(progress.WithWidth(width))
	if st.NoColor {
		p.Full, p.Empty = '█', '░'
		p.FullColor, p.EmptyColor = nil, nil
	} else {
		p.FullColor, p.EmptyColor = st.BarFull, st.BarEmpty
	}
	return p.ViewAs(pct)
}
