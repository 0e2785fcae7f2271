package tui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/stockade/stockade/checklist"
	"github.com/stockade/stockade/store"
)

// quizState is what the store knows of "check yourself": the last attempt at each quiz and
// every question's spaced-repetition state.
type quizState struct {
	last     map[string]checklist.Attempt // by quiz ID
	reviews  map[string]checklist.Review  // by question ID
	sessions map[string]store.QuizSession // quizzes left half-way, by quiz ID
}

func loadQuizState(st *store.Store) (quizState, error) {
	q := quizState{last: map[string]checklist.Attempt{}}
	err := st.View(func(tx *store.Tx) error {
		var err error
		if q.reviews, err = store.QuizReviews.All(tx); err != nil {
			return err
		}
		if q.sessions, err = store.QuizSessions.All(tx); err != nil {
			return err
		}
		return store.QuizAttempts.ForEach(tx, func(_ string, a checklist.Attempt) error {
			q.last[a.QuizID] = a // keys sort by time, so the last one wins
			return nil
		})
	})
	if err != nil {
		return q, fmt.Errorf("read quiz history from %s: %w", st.Path(), err)
	}
	return q, nil
}

// lastScore is the score (0..1) of the last finished attempt at a quiz.
func (c *Common) lastScore(quizID string) (float64, bool) {
	a, ok := c.Quiz.last[quizID]
	if !ok {
		return 0, false
	}
	return a.Score(), true
}

// dueQuestions are the IDs of questions due for review now.
func (c *Common) dueQuestions() []string {
	return checklist.Due(c.Quiz.reviews, time.Now())
}

// quizSavedMsg reports a finished quiz written to the store.
type quizSavedMsg struct {
	attempt checklist.Attempt
	reviews map[string]checklist.Review
	err     error
}

// saveAttempt stores a finished attempt and the new review schedule in one transaction, and
// drops the half-way session.
func (c *Common) saveAttempt(a checklist.Attempt) tea.Cmd {
	st, prev := c.Store, c.Quiz.reviews
	return func() tea.Msg {
		reviews := checklist.ApplyAttempt(prev, a, a.Date)
		err := st.Update(func(tx *store.Tx) error {
			if _, err := store.QuizAttempts.Add(tx, a); err != nil {
				return err
			}
			for _, r := range a.Results {
				if err := store.QuizReviews.Put(tx, r.QuestionID, reviews[r.QuestionID]); err != nil {
					return err
				}
			}
			return store.QuizSessions.Delete(tx, a.QuizID)
		})
		return quizSavedMsg{attempt: a, reviews: reviews, err: err}
	}
}

// saveSession keeps the answers of a quiz in progress, in memory and in the store.
func (c *Common) saveSession(s store.QuizSession) tea.Cmd {
	c.Quiz.sessions[s.QuizID] = s
	st := c.Store
	return func() tea.Msg {
		err := st.Update(func(tx *store.Tx) error { return store.QuizSessions.Put(tx, s.QuizID, s) })
		if err != nil {
			return statusMsg{fmt.Sprintf("could not keep quiz progress: %v", err), true}
		}
		return nil
	}
}

func (c *Common) applyQuizSaved(msg quizSavedMsg) tea.Cmd {
	if msg.err != nil {
		return c.flash(fmt.Sprintf("could not save the quiz: %v", msg.err), true)
	}
	c.Quiz.last[msg.attempt.QuizID] = msg.attempt
	delete(c.Quiz.sessions, msg.attempt.QuizID)
	c.Quiz.reviews = msg.reviews
	return nil
}
