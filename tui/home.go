package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/stockade/stockade/checklist"
)

// homeKeys are Home's keys beyond moving and opening.
type homeKeys struct {
	listKeys
	Next key.Binding
	Quiz key.Binding
}

// home is the first screen: the five steps of the plan with their progress, the most useful
// next task and how the owner is doing in "check yourself".
type home struct {
	c      *Common
	keys   homeKeys
	cursor int
	width  int
	height int
}

func newHome(c *Common) *home {
	return &home{c: c, keys: homeKeys{
		listKeys: defaultListKeys(),
		Next:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next task")),
		Quiz:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "quizzes")),
	}}
}

func (h *home) Init() tea.Cmd { return nil }

func (h *home) Title() string { return "Home" }

func (h *home) SetSize(w, height int) { h.width, h.height = w, height }

func (h *home) ShortHelp() []key.Binding {
	return []key.Binding{h.keys.Up, h.keys.Down, h.keys.Open, h.keys.Next, h.keys.Quiz}
}

func (h *home) FullHelp() [][]key.Binding {
	return [][]key.Binding{{h.keys.Up, h.keys.Down, h.keys.Open}, {h.keys.Next, h.keys.Quiz}}
}

func (h *home) Update(msg tea.Msg) (Screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return h, nil
	}
	steps := h.c.Plan.Steps
	switch {
	case key.Matches(k, h.keys.Up):
		h.cursor = (h.cursor + len(steps) - 1) % len(steps)
	case key.Matches(k, h.keys.Down):
		h.cursor = (h.cursor + 1) % len(steps)
	case key.Matches(k, h.keys.Open):
		return h, push(newStepScreen(h.c, steps[h.cursor]))
	case key.Matches(k, h.keys.Next):
		if t, ok := checklist.NextTask(h.c.Plan, h.c.States); ok {
			return h, push(newTaskScreen(h.c, t))
		}
	case key.Matches(k, h.keys.Quiz):
		return h, push(newQuizList(h.c))
	default:
		// Digits jump straight to a step.
		if n := int(k.Code - '1'); k.Text != "" && n >= 0 && n < len(steps) {
			h.cursor = n
			return h, push(newStepScreen(h.c, steps[n]))
		}
	}
	return h, nil
}

func (h *home) View() string {
	st := h.c.Styles
	w := max(h.width-2, 20)
	quizzes := h.quizGrid(w)
	// Step summaries go first when the window is short.
	compact := h.height < 2+2*len(h.c.Plan.Steps)+3+lipgloss.Height(quizzes)+1

	var b strings.Builder
	b.WriteString(st.Title.Render("Your privacy plan") + st.Muted.Render(" · the FTC's five steps") + "\n\n")
	titleW := 0
	for _, s := range h.c.Plan.Steps {
		titleW = max(titleW, lipgloss.Width(s.Title))
	}
	barW := min(max(w-titleW-8, 10), 30)
	for i, s := range h.c.Plan.Steps {
		label := fmt.Sprintf("%d. %-*s", i+1, titleW, s.Title)
		cursor, title := "  ", st.Text.Render(label)
		if i == h.cursor {
			cursor, title = st.Cursor.Render("› "), st.Selected.Render(label)
		}
		b.WriteString(cursor + title + "  " + progressBar(st, barW, checklist.StepProgress(s, h.c.States)) + "\n")
		if !compact {
			b.WriteString("     " + st.Muted.Render(ansi.Truncate(s.Summary, w-5, "…")) + "\n")
		}
	}
	b.WriteString("\n")
	if t, ok := checklist.NextTask(h.c.Plan, h.c.States); ok {
		b.WriteString(st.Accent.Render("Next: ") + ansi.Truncate(t.Title, w-6, "…") + "\n")
	} else {
		b.WriteString(st.Good.Render("Every task is done or set aside. Well done.") + "\n")
	}
	b.WriteString("\n" + quizzes)
	return lipgloss.NewStyle().Padding(1, 1, 0, 1).Render(b.String())
}

// quizGrid shows "check yourself": each quiz's last score, and what is due for review.
func (h *home) quizGrid(w int) string {
	st := h.c.Styles
	var b strings.Builder
	b.WriteString(st.Accent.Render("Check yourself"))
	if due := len(h.c.dueQuestions()); due > 0 {
		b.WriteString(st.Warn.Render(fmt.Sprintf(" · %d questions due for review", due)))
	}
	const colW = 26
	cols := max(w/colW, 1)
	for i, q := range h.c.Plan.Quizzes {
		if i%cols == 0 {
			b.WriteString("\n")
		}
		score := st.Muted.Render("   –")
		if s, ok := h.c.lastScore(q.ID); ok {
			score = fmt.Sprintf("%3.0f%%", s*100)
		}
		b.WriteString(fmt.Sprintf("%-*s%s  ", colW-6, ansi.Truncate(q.Title, colW-6, "…"), score))
	}
	return b.String()
}

// progressBar draws a progress bar with its percentage.
func progressBar(st *Styles, width int, pct float64) string {
	p := progress.New(progress.WithWidth(width))
	p.Full, p.Empty = '█', '░'
	if st.NoColor {
		p.FullColor, p.EmptyColor = nil, nil
	} else {
		p.FullColor, p.EmptyColor = st.BarFull, st.BarEmpty
	}
	return p.ViewAs(pct)
}
