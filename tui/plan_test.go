package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/stockade/stockade/checklist"
	"github.com/stockade/stockade/store"
)

func storedState(t *testing.T, m tea.Model, id string) checklist.TaskState {
	t.Helper()
	var ts checklist.TaskState
	err := m.(Model).c.Store.View(func(tx *store.Tx) error {
		var err error
		ts, _, err = store.TaskStates.Get(tx, id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func typeText(m tea.Model, s string) tea.Model {
	for _, r := range s {
		m, _ = send(m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func TestMarkTasks(t *testing.T) {
	var m tea.Model = testModel(t)
	m, _ = send(m, tea.WindowSizeMsg{Width: 80, Height: 24}, press("enter"), press("j"))
	first := m.(Model).c.Plan.Steps[0].Tasks[0]

	// space marks the task done, in the store and on screen.
	m, _ = send(m, press(" "))
	if st := storedState(t, m, first.ID); st.Status != checklist.Done || st.Date.IsZero() {
		t.Fatalf("after space: %+v", st)
	}
	if !strings.Contains(screenText(m), "[x] "+first.Title) {
		t.Errorf("screen does not show the task done:\n%s", screenText(m))
	}
	// space again undoes it.
	m, _ = send(m, press(" "))
	if st := storedState(t, m, first.ID); st.Status != checklist.Todo {
		t.Errorf("after second space: %+v", st)
	}
	// n asks for a note; q is typed into it instead of quitting.
	m, _ = send(m, press("n"))
	m = typeText(m, "we keep no paper")
	if _, cmd := m.Update(press("q")); isQuit(cmd) {
		t.Fatal("q quit while typing a note")
	}
	m, _ = send(m, press("enter"))
	st := storedState(t, m, first.ID)
	if st.Status != checklist.NotNeeded || st.Note != "we keep no paperq" { // the q was typed into the note
		t.Errorf("after n: %+v", st)
	}
	// esc while asking cancels without saving.
	m, _ = send(m, press("j"), press("n"))
	m, _ = send(m, press("esc"))
	second := m.(Model).c.Plan.Steps[0].Tasks[1]
	if st := storedState(t, m, second.ID); st.Status != "" {
		t.Errorf("cancelled note saved: %+v", st)
	}
	if got := m.(Model).active().Title(); got != "Take stock" {
		t.Errorf("esc while asking left the step screen: %q", got)
	}
	// Home's bar reflects the not-needed task.
	m, _ = send(m, press("esc"))
	if !strings.Contains(screenText(m), "12%") {
		t.Errorf("home does not show 1 of 8 tasks closed:\n%s", screenText(m))
	}
}

func TestTaskScreenAndAbout(t *testing.T) {
	var m tea.Model = testModel(t)
	m, _ = send(m, tea.WindowSizeMsg{Width: 80, Height: 24}, press("enter"), press("enter"))
	if got := m.(Model).active().Title(); got != "Take stock" || !strings.Contains(screenText(m), "What good looks like") {
		t.Errorf("row 0 should open the step's explanation, got %q:\n%s", got, screenText(m))
	}
	m, _ = send(m, press("esc"), press("j"), press("j"), press("enter"))
	task := m.(Model).c.Plan.Steps[0].Tasks[1]
	if got := m.(Model).active().Title(); got != task.Title {
		t.Fatalf("opened %q, want %q", got, task.Title)
	}
	m, _ = send(m, press("x"))
	if st := storedState(t, m, task.ID); st.Status != checklist.Done {
		t.Errorf("x on the task screen: %+v", st)
	}
	if !strings.Contains(screenText(m), "done on") {
		t.Errorf("task screen does not say done:\n%s", screenText(m))
	}
}

// answerQuiz takes a quiz screen to the end, answering each question right or wrong.
func answerQuiz(t *testing.T, m tea.Model, right func(i int) bool) tea.Model {
	t.Helper()
	qs := m.(Model).active().(*quizScreen)
	qs.shuffle = false
	qs.arrange()
	for i, q := range qs.quiz.Questions {
		switch q.Kind {
		case checklist.Open:
			m = typeText(m, "my answer")
			m, _ = send(m, press("enter"))
			mark := "n"
			if right(i) {
				mark = "y"
			}
			m, _ = send(m, press(mark))
		default:
			for j, o := range q.Options {
				if o.Correct == right(i) && (q.Kind == checklist.Multi || o.Correct || j == firstWrong(q)) {
					m, _ = send(m, press(string(rune('1'+j))))
				}
			}
			m, _ = send(m, press("enter"))
		}
		if !strings.Contains(screenText(m), map[bool]string{true: "Right", false: "Not quite"}[right(i)]) {
			t.Fatalf("question %d (%s): wrong feedback:\n%s", i, q.ID, screenText(m))
		}
		qs.shuffle = false
		m, _ = send(m, press("enter"))
		qs.arrange()
	}
	return m
}

func firstWrong(q checklist.Question) int {
	for j, o := range q.Options {
		if !o.Correct {
			return j
		}
	}
	return -1
}

func TestQuizToTheEnd(t *testing.T) {
	var m tea.Model = testModel(t)
	m, _ = send(m, tea.WindowSizeMsg{Width: 80, Height: 40}, press("c"), press("j"), press("enter"))
	m = answerQuiz(t, m, func(i int) bool { return i != 0 }) // miss the first
	text := screenText(m)
	if !strings.Contains(text, "Your score: 89%") || !strings.Contains(text, "You missed 1") {
		t.Fatalf("end of quiz:\n%s", text)
	}
	c := m.(Model).c
	if s, ok := c.lastScore("take-stock"); !ok || s < 0.88 || s > 0.9 {
		t.Errorf("last score %v %v", s, ok)
	}
	first := c.Plan.Quizzes[0].Questions[0].ID
	if due := c.dueQuestions(); len(due) != 1 || due[0] != first {
		t.Errorf("due = %v, want the missed %s", due, first)
	}
	// Stored: reopen the model over the same store.
	m2, err := New(c.Store, c.Plan)
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := m2.c.lastScore("take-stock"); !ok || s < 0.88 {
		t.Errorf("score not stored: %v", s)
	}
	if len(m2.c.Quiz.sessions) != 0 {
		t.Errorf("finished quiz left a session: %v", m2.c.Quiz.sessions)
	}
	// Home shows it.
	var h tea.Model = m2
	h, _ = send(h, tea.WindowSizeMsg{Width: 80, Height: 24})
	if txt := screenText(h); !strings.Contains(txt, "89%") || !strings.Contains(txt, "1 questions due") {
		t.Errorf("home:\n%s", txt)
	}
}

func TestQuizResumesAfterLeaving(t *testing.T) {
	var m tea.Model = testModel(t)
	m, _ = send(m, tea.WindowSizeMsg{Width: 80, Height: 40}, press("c"), press("j"), press("enter"))
	qs := m.(Model).active().(*quizScreen)
	m, _ = send(m, press("1"), press("enter"), press("enter"), press("1"), press("enter"))
	if n := len(qs.results); n != 2 {
		t.Fatalf("%d answers recorded", n)
	}
	m, _ = send(m, press("esc"))
	c := m.(Model).c
	m2, err := New(c.Store, c.Plan)
	if err != nil {
		t.Fatal(err)
	}
	var mm tea.Model = m2
	mm, _ = send(mm, tea.WindowSizeMsg{Width: 80, Height: 40}, press("c"))
	if !strings.Contains(screenText(mm), "2/9 answered") {
		t.Errorf("quiz list does not show the half-done quiz:\n%s", screenText(mm))
	}
	mm, _ = send(mm, press("j"), press("enter"))
	if !strings.Contains(screenText(mm), "Question 3 of 9") {
		t.Errorf("did not resume at question 3:\n%s", screenText(mm))
	}
}

func TestReviewWithNothingDue(t *testing.T) {
	var m tea.Model = testModel(t)
	m, _ = send(m, tea.WindowSizeMsg{Width: 80, Height: 24}, press("c"), press("enter"))
	if got := m.(Model).active().Title(); got != "Check yourself" {
		t.Errorf("review with nothing due opened %q", got)
	}
	if !strings.Contains(screenText(m), "Nothing is due") {
		t.Errorf("no message for an empty review:\n%s", screenText(m))
	}
}
