package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/stockade/stockade/checklist"
	"github.com/stockade/stockade/store"
)

// taskKeys are the keys that change a task's status, on the step and task screens.
type taskKeys struct {
	Done      key.Binding
	NotNeeded key.Binding
	Todo      key.Binding
	Go        key.Binding
}

func defaultTaskKeys() taskKeys {
	return taskKeys{
		Done:      key.NewBinding(key.WithKeys("space", "x"), key.WithHelp("space", "done/undo")),
		NotNeeded: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "not needed")),
		Todo:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "back to todo")),
		Go:        key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "go to its screen")),
	}
}

// taskEditor is the part of a screen that changes a task's status: it asks for the optional
// note of "not needed" in an embedded huh form and saves through a command.
type taskEditor struct {
	c      *Common
	keys   taskKeys
	form   *huh.Form
	note   string
	asking *checklist.Task // the task whose note is being typed
	width  int
}

func newTaskEditor(c *Common) taskEditor {
	return taskEditor{c: c, keys: defaultTaskKeys()}
}

func (e *taskEditor) capturing() bool { return e.asking != nil }

// ask opens the note form for task t.
func (e *taskEditor) ask(t checklist.Task) tea.Cmd {
	e.asking = &t
	e.note = e.c.taskState(t.ID).Note
	e.form = huh.NewForm(huh.NewGroup(
		huh.NewInput().
			Title("Not needed? Say why (optional)").
			Placeholder("for example: we keep no paper records").
			CharLimit(300).
			Value(&e.note),
	)).WithShowHelp(false).WithTheme(huh.ThemeFunc(huh.ThemeCharm)).WithWidth(max(e.width, 20))
	return e.form.Init()
}

// update passes a message to the open form; handled is false when no form is open.
func (e *taskEditor) update(msg tea.Msg) (tea.Cmd, bool) {
	if e.asking == nil {
		return nil, false
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "esc" {
		e.asking, e.form = nil, nil
		return nil, true
	}
	m, cmd := e.form.Update(msg)
	if f, ok := m.(*huh.Form); ok {
		e.form = f
	}
	switch e.form.State {
	case huh.StateCompleted:
		task, note := *e.asking, strings.TrimSpace(e.note)
		e.asking, e.form = nil, nil
		return e.c.saveTask(task.ID, checklist.NotNeeded, note), true
	case huh.StateAborted:
		e.asking, e.form = nil, nil
	}
	return cmd, true
}

// handle acts on a key for task t; ok is false when the key is not a task key.
func (e *taskEditor) handle(msg tea.KeyPressMsg, t checklist.Task) (tea.Cmd, bool) {
	if cmd, ok := e.update(msg); ok {
		return cmd, true
	}
	cur := e.c.taskState(t.ID).Status
	switch {
	case key.Matches(msg, e.keys.Done):
		next := checklist.Done
		if cur == checklist.Done {
			next = checklist.Todo
		}
		return e.c.saveTask(t.ID, next, ""), true
	case key.Matches(msg, e.keys.NotNeeded):
		return e.ask(t), true
	case key.Matches(msg, e.keys.Todo):
		return e.c.saveTask(t.ID, checklist.Todo, ""), true
	}
	return nil, false
}

// prompt is the note form while asking, or "".
func (e *taskEditor) prompt(width int) string {
	if e.asking == nil {
		return ""
	}
	return e.form.View()
}

// noteHelp is the footer while a note is typed.
var noteHelp = []key.Binding{
	key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
	key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// marker is a task's status as a short box: [ ] todo, [x] done, [-] not needed.
func marker(st *Styles, s checklist.Status) string {
	switch s {
	case checklist.Done:
		return st.Good.Render("[x]")
	case checklist.NotNeeded:
		return st.Muted.Render("[-]")
	default:
		return "[ ]"
	}
}

// statusLine says a task's status in words, with its date and note.
func statusLine(st *Styles, ts checklist.TaskState) string {
	label := checklist.StatusLabel(ts.Status)
	if ts.Status != checklist.Todo && !ts.Date.IsZero() {
		label += " on " + ts.Date.Local().Format("2 Jan 2006")
	}
	if ts.Note != "" {
		label += ": " + ts.Note
	}
	return marker(st, ts.Status) + " " + label
}

// stepScreen lists a step's tasks, after a row that opens the step's explanation.
type stepScreen struct {
	c      *Common
	step   checklist.Step
	keys   listKeys
	edit   taskEditor
	win    window
	width  int
	height int
}

func newStepScreen(c *Common, s checklist.Step) *stepScreen {
	return &stepScreen{c: c, step: s, keys: defaultListKeys(), edit: newTaskEditor(c)}
}

func (s *stepScreen) Init() tea.Cmd   { return nil }
func (s *stepScreen) Title() string   { return s.step.Title }
func (s *stepScreen) Capturing() bool { return s.edit.capturing() }

func (s *stepScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.edit.width = w - 2
}

func (s *stepScreen) ShortHelp() []key.Binding {
	if s.edit.capturing() {
		return noteHelp
	}
	return []key.Binding{s.keys.Open, s.edit.keys.Done, s.edit.keys.NotNeeded}
}

func (s *stepScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.Up, s.keys.Down, s.keys.Open}, {s.edit.keys.Done, s.edit.keys.NotNeeded, s.edit.keys.Todo}}
}

// rows: 0 is "About this step", 1..n the tasks.
func (s *stepScreen) rows() int { return len(s.step.Tasks) + 1 }

func (s *stepScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	msg2, ok := msg.(tea.KeyPressMsg)
	if !ok {
		cmd, _ := s.edit.update(msg)
		return s, cmd
	}
	if s.win.cursor > 0 {
		if cmd, handled := s.edit.handle(msg2, s.step.Tasks[s.win.cursor-1]); handled {
			return s, cmd
		}
	}
	switch {
	case key.Matches(msg2, s.keys.Up):
		s.win.move(-1, s.rows())
	case key.Matches(msg2, s.keys.Down):
		s.win.move(1, s.rows())
	case key.Matches(msg2, s.keys.Open):
		if s.win.cursor == 0 {
			return s, push(newReader(s.c, s.step.Title, s.step.Body))
		}
		return s, push(newTaskScreen(s.c, s.step.Tasks[s.win.cursor-1]))
	}
	return s, nil
}

func (s *stepScreen) View() string {
	st := s.c.Styles
	w := max(s.width-2, 20)
	var b strings.Builder
	pct := checklist.StepProgress(s.step, s.c.States)
	b.WriteString(st.Title.Render(s.step.Title) + "  " + progressBar(st, min(24, w/3), pct) + "\n")
	b.WriteString(st.Subtitle.Render(ansi.Truncate(s.step.Summary, w, "…")) + "\n\n")
	prompt := s.edit.prompt(w)
	listH := s.height - 4 - lipgloss.Height(prompt)
	if prompt == "" {
		listH = s.height - 3
	}
	from, to := s.win.visible(s.rows(), listH)
	for i := from; i < to; i++ {
		var line string
		if i == 0 {
			line = "    About this step: why it matters and what good looks like"
		} else {
			t := s.step.Tasks[i-1]
			line = marker(st, s.c.taskState(t.ID).Status) + " " + t.Title
		}
		line = ansi.Truncate(line, w-2, "…")
		if i == s.win.cursor {
			b.WriteString(st.Cursor.Render("› ") + st.Selected.Render(ansi.Strip(line)) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	if prompt != "" {
		b.WriteString("\n" + prompt)
	}
	return lipgloss.NewStyle().Padding(1, 1, 0, 1).Render(strings.TrimRight(b.String(), "\n"))
}

// taskScreen shows one task: how to do it, and its status.
type taskScreen struct {
	c    *Common
	task checklist.Task
	edit taskEditor
	rd   *reader
}

func newTaskScreen(c *Common, t checklist.Task) *taskScreen {
	return &taskScreen{c: c, task: t, edit: newTaskEditor(c), rd: newReader(c, t.Title, t.Body)}
}

func (s *taskScreen) Init() tea.Cmd   { return nil }
func (s *taskScreen) Title() string   { return s.task.Title }
func (s *taskScreen) Capturing() bool { return s.edit.capturing() }

func (s *taskScreen) SetSize(w, h int) {
	s.edit.width = w - 2
	s.rd.width = w
	s.rd.SetSize(w, h-3)
}

func (s *taskScreen) ShortHelp() []key.Binding {
	if s.edit.capturing() {
		return noteHelp
	}
	keys := []key.Binding{s.edit.keys.Done, s.edit.keys.NotNeeded}
	if s.c.screenExists(s.task.Screen) {
		keys = append(keys, s.edit.keys.Go)
	}
	return append(keys, s.rd.ShortHelp()...)
}

func (s *taskScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.edit.keys.Done, s.edit.keys.NotNeeded, s.edit.keys.Todo, s.edit.keys.Go}, s.rd.ShortHelp()}
}

func (s *taskScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if cmd, ok := s.edit.update(msg); ok {
		if _, isKey := msg.(tea.KeyPressMsg); isKey || s.edit.capturing() {
			return s, cmd
		}
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if cmd, handled := s.edit.handle(k, s.task); handled {
			return s, cmd
		}
		if key.Matches(k, s.edit.keys.Go) && s.c.screenExists(s.task.Screen) {
			return s, push(s.c.openScreen(s.task.Screen))
		}
	}
	_, cmd := s.rd.Update(msg)
	return s, cmd
}

func (s *taskScreen) View() string {
	st := s.c.Styles
	top := " " + statusLine(st, s.c.taskState(s.task.ID))
	if s.task.Screen != "" && s.c.screenExists(s.task.Screen) {
		top += st.Muted.Render(fmt.Sprintf("  (o opens %s)", s.task.Screen))
	}
	bottom := ""
	if p := s.edit.prompt(s.rd.width - 2); p != "" {
		bottom = "\n" + lipgloss.NewStyle().PaddingLeft(1).Render(p)
	}
	return s.rd.View() + "\n" + top + bottom
}

// saveTask writes a task's new status in one transaction and reports back.
func (c *Common) saveTask(id string, status checklist.Status, note string) tea.Cmd {
	st := c.Store
	return func() tea.Msg {
		ts := checklist.TaskState{Status: status, Note: note, Date: time.Now().UTC()}
		err := st.Update(func(tx *store.Tx) error { return store.TaskStates.Put(tx, id, ts) })
		return taskSavedMsg{id: id, state: ts, err: err}
	}
}

// taskSavedMsg reports a saved task status.
type taskSavedMsg struct {
	id    string
	state checklist.TaskState
	err   error
}
