package checklist

import (
	"slices"
	"sort"
	"time"
)

// Answer is what the owner gave for one question: the chosen option indexes, or for an open
// question the text written and whether they judged it right against the model answer.
type Answer struct {
	Chosen   []int
	Text     string
	SelfMark bool
}

// QuestionResult is one scored answer. The owner's text is not kept.
type QuestionResult struct {
	QuestionID string  `json:"question"`
	Correct    bool    `json:"correct"`
	Score      float64 `json:"score"` // 0..1; partial for multiple choice
}

// Attempt is one finished quiz.
type Attempt struct {
	Date    time.Time        `json:"date"`
	QuizID  string           `json:"quiz"`
	Results []QuestionResult `json:"results"`
}

// Score is the attempt's share of points (0..1).
func (a Attempt) Score() float64 {
	if len(a.Results) == 0 {
		return 0
	}
	sum := 0.0
	for _, r := range a.Results {
		sum += r.Score
	}
	return sum / float64(len(a.Results))
}

// Score marks an answer. Single choice: right or wrong. Multiple choice is scored per
// option: each option counts as right when it was chosen if and only if it is correct; the
// question is right only when every option is. Open: the owner's own mark.
func Score(q Question, a Answer) QuestionResult {
	r := QuestionResult{QuestionID: q.ID}
	switch q.Kind {
	case Open:
		r.Correct = a.SelfMark
	case Single:
		r.Correct = len(a.Chosen) == 1 && a.Chosen[0] >= 0 && a.Chosen[0] < len(q.Options) && q.Options[a.Chosen[0]].Correct
	case Multi:
		if len(q.Options) == 0 {
			break
		}
		good := 0
		for i, o := range q.Options {
			if slices.Contains(a.Chosen, i) == o.Correct {
				good++
			}
		}
		r.Score = float64(good) / float64(len(q.Options))
		r.Correct = good == len(q.Options)
		return r
	}
	if r.Correct {
		r.Score = 1
	}
	return r
}

// Review is a question's place in the spaced-repetition schedule (Leitner boxes).
type Review struct {
	Box  int       `json:"box"` // 1..len(Intervals)
	Due  time.Time `json:"due"`
	Seen int       `json:"seen"`
	Lost int       `json:"lost"` // times answered wrong
}

// Intervals are the Leitner boxes' waits: a right answer moves a question up a box and waits
// longer; a wrong one sends it back to box 1, due at once, so it shows in the next review.
var Intervals = []time.Duration{
	24 * time.Hour, 3 * 24 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour, 30 * 24 * time.Hour,
}

// ApplyAttempt returns the schedule after an attempt finished at now. The input is not
// changed.
func ApplyAttempt(reviews map[string]Review, a Attempt, now time.Time) map[string]Review {
	out := make(map[string]Review, len(reviews)+len(a.Results))
	for k, v := range reviews {
		out[k] = v
	}
	for _, r := range a.Results {
		rv := out[r.QuestionID]
		rv.Seen++
		if r.Correct {
			rv.Box = min(max(rv.Box, 0)+1, len(Intervals))
			rv.Due = now.Add(Intervals[rv.Box-1])
		} else {
			rv.Box = 1
			rv.Lost++
			rv.Due = now
		}
		out[r.QuestionID] = rv
	}
	return out
}

// Due lists the questions due for review at now, most overdue first.
func Due(reviews map[string]Review, now time.Time) []string {
	var ids []string
	for id, r := range reviews {
		if !r.Due.After(now) {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := reviews[ids[i]], reviews[ids[j]]
		if !a.Due.Equal(b.Due) {
			return a.Due.Before(b.Due)
		}
		return ids[i] < ids[j]
	})
	return ids
}

// DueQuiz mixes the due questions of every quiz into one review quiz, at most max questions
// (0: no limit). Questions no longer in the content are left out.
func DueQuiz(p *Plan, reviews map[string]Review, now time.Time, max int) Quiz {
	q := Quiz{ID: "review", Title: "Review what is due"}
	for _, id := range Due(reviews, now) {
		if qq, _, ok := p.Question(id); ok {
			q.Questions = append(q.Questions, qq)
		}
		if max > 0 && len(q.Questions) == max {
			break
		}
	}
	return q
}
