package tui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/stockade/stockade/checklist"
	"github.com/stockade/stockade/store"
)

// reviewQuizID names the mixed quiz of questions due for review.
const reviewQuizID = "review"

// quizList is "Check yourself": every quiz with its last score, and the review of what is due.
type quizList struct {
	c      *Common
	keys   listKeys
	win    window
	width  int
	height int
}

func newQuizList(c *Common) *quizList { return &quizList{c: c, keys: defaultListKeys()} }

func (l *quizList) Init() tea.Cmd    { return nil }
func (l *quizList) Title() string    { return "Check yourself" }
func (l *quizList) SetSize(w, h int) { l.width, l.height = w, h }
func (l *quizList) rows() int        { return len(l.c.Plan.Quizzes) + 1 }
func (l *quizList) ShortHelp() []key.Binding {
	return []key.Binding{l.keys.Up, l.keys.Down, l.keys.Open}
}
func (l *quizList) FullHelp() [][]key.Binding { return [][]key.Binding{l.ShortHelp()} }

func (l *quizList) Update(msg tea.Msg) (Screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return l, nil
	}
	switch {
	case key.Matches(k, l.keys.Up):
		l.win.move(-1, l.rows())
	case key.Matches(k, l.keys.Down):
		l.win.move(1, l.rows())
	case key.Matches(k, l.keys.Open):
		if l.win.cursor == 0 {
			q := checklist.DueQuiz(l.c.Plan, l.c.Quiz.reviews, time.Now(), 10)
			if len(q.Questions) == 0 {
				return l, l.c.flash("Nothing is due for review: take a quiz first, or come back later.", false)
			}
			q.ID = reviewQuizID
			return l, push(newQuizScreen(l.c, q))
		}
		return l, push(newQuizScreen(l.c, l.c.Plan.Quizzes[l.win.cursor-1]))
	}
	return l, nil
}

func (l *quizList) View() string {
	st := l.c.Styles
	w := max(l.width-2, 20)
	var b strings.Builder
	b.WriteString(st.Title.Render("Check yourself") + "\n")
	b.WriteString(st.Subtitle.Render(ansi.Truncate("Short quizzes. What you miss comes back sooner.", w, "…")) + "\n\n")
	from, to := l.win.visible(l.rows(), l.height-4)
	for i := from; i < to; i++ {
		var line string
		if i == 0 {
			line = fmt.Sprintf("Review: %d questions due", len(l.c.dueQuestions()))
		} else {
			q := l.c.Plan.Quizzes[i-1]
			score := "not taken yet"
			if s, ok := l.c.lastScore(q.ID); ok {
				score = fmt.Sprintf("last score %.0f%%", s*100)
			}
			if sess, ok := l.c.Quiz.sessions[q.ID]; ok {
				score += fmt.Sprintf(" · %d/%d answered", len(sess.Results), len(sess.Questions))
			}
			line = fmt.Sprintf("%-22s %2d questions  %s", q.Title, len(q.Questions), score)
		}
		line = ansi.Truncate(line, w-2, "…")
		if i == l.win.cursor {
			b.WriteString(st.Cursor.Render("› ") + st.Selected.Render(line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	return lipgloss.NewStyle().Padding(1, 1, 0, 1).Render(strings.TrimRight(b.String(), "\n"))
}

// quizPhase is where a question stands.
type quizPhase int

const (
	answering quizPhase = iota // choosing or writing
	selfMark                   // open answer: the model answer is shown, the owner marks it
	feedback                   // right or wrong, and why
	finished                   // the score
)

type quizKeys struct {
	Up, Down, Toggle, Submit, Yes, No key.Binding
}

func defaultQuizKeys() quizKeys {
	return quizKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Toggle: key.NewBinding(key.WithKeys("space"), key.WithHelp("space/1-9", "choose")),
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "submit")),
		Yes:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "I got it")),
		No:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "I missed it")),
	}
}

// quizScreen asks a quiz's questions one at a time, with feedback after each.
type quizScreen struct {
	c       *Common
	quiz    checklist.Quiz
	keys    quizKeys
	idx     int // question being asked
	phase   quizPhase
	cursor  int
	order   []int        // display position -> option index, shuffled per question
	chosen  map[int]bool // by option index
	text    textarea.Model
	results []checklist.QuestionResult
	last    checklist.QuestionResult
	shuffle bool // false in tests, so option order is as written
	width   int
	height  int
}

func newQuizScreen(c *Common, q checklist.Quiz) *quizScreen {
	ta := textarea.New()
	ta.Placeholder = "Write your answer, then press enter."
	ta.ShowLineNumbers = false
	ta.SetHeight(4)
	s := &quizScreen{c: c, quiz: q, keys: defaultQuizKeys(), chosen: map[int]bool{}, text: ta, shuffle: true}
	// Resume a quiz left half-way, if its questions are still the same.
	if sess, ok := c.Quiz.sessions[q.ID]; ok && slices.Equal(sess.Questions, questionIDs(q)) && len(sess.Results) < len(q.Questions) {
		s.results = append(s.results, sess.Results...)
		s.idx = len(s.results)
	}
	return s
}

func questionIDs(q checklist.Quiz) []string {
	ids := make([]string, len(q.Questions))
	for i, qq := range q.Questions {
		ids[i] = qq.ID
	}
	return ids
}

func (s *quizScreen) question() checklist.Question { return s.quiz.Questions[s.idx] }

func (s *quizScreen) Init() tea.Cmd {
	s.arrange()
	return s.focusCmd()
}

// arrange sets the display order of the current question's options: shuffled, so the right
// answer is not always in the same place.
func (s *quizScreen) arrange() {
	if s.idx >= len(s.quiz.Questions) {
		return
	}
	n := len(s.question().Options)
	s.order = make([]int, n)
	for i := range s.order {
		s.order[i] = i
	}
	if s.shuffle {
		rand.Shuffle(n, func(i, j int) { s.order[i], s.order[j] = s.order[j], s.order[i] })
	}
}

func (s *quizScreen) Title() string { return s.quiz.Title }

func (s *quizScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.text.SetWidth(max(w-4, 10))
}

// Capturing is true while an open answer is being written, so letters reach the text box.
func (s *quizScreen) Capturing() bool {
	return s.phase == answering && s.idx < len(s.quiz.Questions) && s.question().Kind == checklist.Open
}

func (s *quizScreen) focusCmd() tea.Cmd {
	if s.Capturing() {
		return s.text.Focus()
	}
	s.text.Blur()
	return nil
}

func (s *quizScreen) ShortHelp() []key.Binding {
	switch s.phase {
	case answering:
		switch s.question().Kind {
		case checklist.Open:
			return []key.Binding{s.keys.Submit, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave"))}
		case checklist.Multi:
			return []key.Binding{s.keys.Up, s.keys.Down, s.keys.Toggle, s.keys.Submit}
		default:
			return []key.Binding{s.keys.Up, s.keys.Down, key.NewBinding(key.WithKeys("1"), key.WithHelp("1-9", "choose")), s.keys.Submit}
		}
	case selfMark:
		return []key.Binding{s.keys.Yes, s.keys.No}
	case feedback:
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next"))}
	}
	return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "done"))}
}

func (s *quizScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *quizScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if s.Capturing() {
			var cmd tea.Cmd
			s.text, cmd = s.text.Update(msg)
			return s, cmd
		}
		return s, nil
	}
	switch s.phase {
	case answering:
		return s.answer(k)
	case selfMark:
		switch {
		case key.Matches(k, s.keys.Yes):
			return s.record(checklist.Answer{SelfMark: true, Text: s.text.Value()})
		case key.Matches(k, s.keys.No):
			return s.record(checklist.Answer{SelfMark: false, Text: s.text.Value()})
		}
	case feedback:
		if key.Matches(k, s.keys.Submit) {
			return s.next()
		}
	}
	return s, nil
}

func (s *quizScreen) answer(k tea.KeyPressMsg) (Screen, tea.Cmd) {
	q := s.question()
	if q.Kind == checklist.Open {
		switch k.String() {
		case "esc":
			return s, pop
		case "enter":
			if strings.TrimSpace(s.text.Value()) == "" {
				return s, s.c.flash("Write something first, even a guess.", false)
			}
			s.phase = selfMark
			return s, s.focusCmd()
		}
		var cmd tea.Cmd
		s.text, cmd = s.text.Update(k)
		return s, cmd
	}
	n := len(q.Options)
	switch {
	case key.Matches(k, s.keys.Up):
		s.cursor = (s.cursor + n - 1) % n
	case key.Matches(k, s.keys.Down):
		s.cursor = (s.cursor + 1) % n
	case key.Matches(k, s.keys.Toggle):
		s.choose(s.order[s.cursor], q.Kind)
	case key.Matches(k, s.keys.Submit):
		if q.Kind == checklist.Single && len(s.chosen) == 0 {
			s.choose(s.order[s.cursor], q.Kind)
		}
		if len(s.chosen) == 0 {
			return s, s.c.flash("Choose at least one answer (space), then press enter.", false)
		}
		var picks []int
		for i := range n {
			if s.chosen[i] {
				picks = append(picks, i)
			}
		}
		return s.record(checklist.Answer{Chosen: picks})
	default:
		if d := int(k.Code - '1'); k.Text != "" && d >= 0 && d < n {
			s.cursor = d
			s.choose(s.order[d], q.Kind)
		}
	}
	return s, nil
}

// choose selects option i: the only one for single choice, toggled for multiple choice.
func (s *quizScreen) choose(i int, kind checklist.Kind) {
	if kind == checklist.Multi {
		s.chosen[i] = !s.chosen[i]
		if !s.chosen[i] {
			delete(s.chosen, i)
		}
		return
	}
	s.chosen = map[int]bool{i: true}
}

// record scores the answer, shows feedback and keeps the progress.
func (s *quizScreen) record(a checklist.Answer) (Screen, tea.Cmd) {
	s.last = checklist.Score(s.question(), a)
	s.results = append(s.results, s.last)
	s.phase = feedback
	if s.quiz.ID == reviewQuizID {
		return s, nil
	}
	return s, s.c.saveSession(store.QuizSession{QuizID: s.quiz.ID, Questions: questionIDs(s.quiz), Results: s.results})
}

func (s *quizScreen) next() (Screen, tea.Cmd) {
	s.idx++
	s.cursor, s.chosen = 0, map[int]bool{}
	s.text.Reset()
	if s.idx < len(s.quiz.Questions) {
		s.phase = answering
		s.arrange()
		return s, s.focusCmd()
	}
	s.phase = finished
	return s, s.c.saveAttempt(checklist.Attempt{Date: time.Now().UTC(), QuizID: s.quiz.ID, Results: s.results})
}

func (s *quizScreen) View() string {
	st := s.c.Styles
	w := max(s.width-4, 20)
	wrap := lipgloss.NewStyle().Width(w)
	var b strings.Builder
	if s.phase == finished {
		a := checklist.Attempt{Results: s.results}
		b.WriteString(st.Title.Render(fmt.Sprintf("Your score: %.0f%%", a.Score()*100)) + "\n\n")
		missed := 0
		for _, r := range s.results {
			if !r.Correct {
				missed++
			}
		}
		if missed == 0 {
			b.WriteString(wrap.Render("Every answer right. These questions come back later, less often."))
		} else {
			b.WriteString(wrap.Render(fmt.Sprintf("You missed %d. They are now due for review, so they come back soon: "+
				"choose Review in Check yourself, or look for them on Home.", missed)))
		}
		return lipgloss.NewStyle().Padding(1, 2, 0, 2).Render(b.String())
	}
	q := s.question()
	b.WriteString(st.Muted.Render(fmt.Sprintf("Question %d of %d", s.idx+1, len(s.quiz.Questions))) + "\n")
	b.WriteString(st.Title.Width(w).Render(q.Prompt) + "\n")
	switch q.Kind {
	case checklist.Multi:
		b.WriteString(st.Muted.Render("Choose all that apply.") + "\n")
	case checklist.Open:
		b.WriteString(st.Muted.Render("Answer in your own words.") + "\n")
	}
	b.WriteString("\n")
	if q.Kind == checklist.Open {
		if s.phase == answering {
			b.WriteString(s.text.View() + "\n")
		} else {
			b.WriteString(wrap.Render(st.Muted.Render("You wrote: ")+ansi.Truncate(s.text.Value(), 3*w, "…")) + "\n\n")
			b.WriteString(wrap.Render(st.Accent.Render("A good answer: ")+q.Answer) + "\n")
		}
		if s.phase == selfMark {
			b.WriteString("\n" + st.Warn.Render("Did your answer cover this? y / n") + "\n")
		}
	} else {
		for pos, i := range s.order {
			o := q.Options[i]
			box := "( )"
			if q.Kind == checklist.Multi {
				box = "[ ]"
			}
			if s.chosen[i] {
				box = map[bool]string{true: "[x]", false: "(•)"}[q.Kind == checklist.Multi]
			}
			prefix := fmt.Sprintf("%d %s ", pos+1, box)
			text, style := o.Text, lipgloss.NewStyle()
			if s.phase == feedback {
				switch {
				case o.Correct:
					text, style = text+"  ✓", st.Good
				case s.chosen[i]:
					text, style = text+"  ✗", st.Error
				}
			}
			cursor := "  "
			if pos == s.cursor && s.phase == answering {
				cursor = st.Cursor.Render("› ")
			}
			b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, cursor, style.Render(prefix),
				style.Width(max(w-2-len(prefix), 10)).Render(text)) + "\n")
		}
	}
	if s.phase == feedback {
		b.WriteString("\n")
		verdict := st.Good.Render("✓ Right.")
		if !s.last.Correct {
			verdict = st.Error.Render("✗ Not quite.")
		}
		b.WriteString(wrap.Render(verdict+" "+q.Explain) + "\n")
		if see := s.c.Plan.LinkTitle(q.See); see != "" {
			b.WriteString(wrap.Render(st.Muted.Render("Read more in the plan: "+see)) + "\n")
		}
	}
	return lipgloss.NewStyle().Padding(1, 2, 0, 2).Render(strings.TrimRight(b.String(), "\n"))
}
