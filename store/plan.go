package store

import "github.com/stockade/stockade/checklist"

// Collections of the guided plan and its quizzes.
//
//	task_states   task ID           -> checklist.TaskState
//	quiz_attempts sortable ID       -> checklist.Attempt   (one per finished quiz)
//	quiz_reviews  question ID       -> checklist.Review    (spaced-repetition box and due date)
//	quiz_sessions quiz ID           -> QuizSession         (a quiz left half-way)
var (
	TaskStates   = NewCollection[checklist.TaskState]("task_states")
	QuizAttempts = NewCollection[checklist.Attempt]("quiz_attempts")
	QuizReviews  = NewCollection[checklist.Review]("quiz_reviews")
	QuizSessions = NewCollection[QuizSession]("quiz_sessions")
)

// QuizSession keeps the answers of a quiz the owner left before the end, so it resumes there.
type QuizSession struct {
	QuizID    string                     `json:"quiz"`
	Questions []string                   `json:"questions"` // question IDs in the order asked
	Results   []checklist.QuestionResult `json:"results"`   // one per question answered so far
}
