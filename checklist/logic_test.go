package checklist

import (
	"testing"
	"time"
)

func testPlan() *Plan {
	return &Plan{
		Steps: []Step{
			{ID: "a", Tasks: []Task{{ID: "a/1", Priority: 1}, {ID: "a/2", Priority: 3}, {ID: "a/3"}}},
			{ID: "b", Tasks: []Task{{ID: "b/1"}}},
		},
		Quizzes: []Quiz{{ID: "q", Questions: []Question{{ID: "q1"}, {ID: "q2"}, {ID: "q3"}}}},
	}
}

func TestStepProgress(t *testing.T) {
	s := testPlan().Steps[0]
	tests := []struct {
		name   string
		states map[string]TaskState
		want   float64
	}{
		{"new", nil, 0},
		{"one done", map[string]TaskState{"a/1": {Status: Done}}, 1.0 / 3},
		{"not needed counts", map[string]TaskState{"a/1": {Status: Done}, "a/2": {Status: NotNeeded}}, 2.0 / 3},
		{"todo does not", map[string]TaskState{"a/1": {Status: Todo}}, 0},
		{"other step ignored", map[string]TaskState{"b/1": {Status: Done}}, 0},
		{"all", map[string]TaskState{"a/1": {Status: Done}, "a/2": {Status: Done}, "a/3": {Status: NotNeeded}}, 1},
	}
	for _, tt := range tests {
		if got := StepProgress(s, tt.states); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestNextTask(t *testing.T) {
	p := testPlan()
	tests := []struct {
		name   string
		states map[string]TaskState
		want   string
	}{
		{"highest priority of the first step", nil, "a/2"},
		{"then default priority beats low", map[string]TaskState{"a/2": {Status: Done}}, "a/3"},
		{"then low", map[string]TaskState{"a/2": {Status: Done}, "a/3": {Status: NotNeeded}}, "a/1"},
		{"next step when one is closed", map[string]TaskState{"a/1": {Status: Done}, "a/2": {Status: Done}, "a/3": {Status: Done}}, "b/1"},
		{"none left", map[string]TaskState{"a/1": {Status: Done}, "a/2": {Status: Done}, "a/3": {Status: Done}, "b/1": {Status: NotNeeded}}, ""},
	}
	for _, tt := range tests {
		got, ok := NextTask(p, tt.states)
		if got.ID != tt.want || ok != (tt.want != "") {
			t.Errorf("%s: %q %v, want %q", tt.name, got.ID, ok, tt.want)
		}
	}
}

func TestScore(t *testing.T) {
	single := Question{ID: "s", Kind: Single, Options: []Option{{"a", false}, {"b", true}, {"c", false}}}
	multi := Question{ID: "m", Kind: Multi, Options: []Option{{"a", true}, {"b", true}, {"c", false}, {"d", false}}}
	open := Question{ID: "o", Kind: Open, Answer: "x"}
	tests := []struct {
		name    string
		q       Question
		a       Answer
		correct bool
		score   float64
	}{
		{"single right", single, Answer{Chosen: []int{1}}, true, 1},
		{"single wrong", single, Answer{Chosen: []int{0}}, false, 0},
		{"single none", single, Answer{}, false, 0},
		{"single out of range", single, Answer{Chosen: []int{7}}, false, 0},
		{"multi all right", multi, Answer{Chosen: []int{0, 1}}, true, 1},
		{"multi one missed", multi, Answer{Chosen: []int{0}}, false, 0.75},
		{"multi one extra", multi, Answer{Chosen: []int{0, 1, 2}}, false, 0.75},
		{"multi all wrong", multi, Answer{Chosen: []int{2, 3}}, false, 0},
		{"open self-marked right", open, Answer{Text: "t", SelfMark: true}, true, 1},
		{"open self-marked wrong", open, Answer{Text: "t"}, false, 0},
	}
	for _, tt := range tests {
		r := Score(tt.q, tt.a)
		if r.Correct != tt.correct || r.Score != tt.score || r.QuestionID != tt.q.ID {
			t.Errorf("%s: %+v, want correct=%v score=%v", tt.name, r, tt.correct, tt.score)
		}
	}
	a := Attempt{Results: []QuestionResult{{Score: 1}, {Score: 0.5}, {Score: 0}, {Score: 0.5}}}
	if a.Score() != 0.5 {
		t.Errorf("attempt score %v", a.Score())
	}
}

func TestLeitner(t *testing.T) {
	day := 24 * time.Hour
	t0 := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	right := func(id string) Attempt { return Attempt{Results: []QuestionResult{{QuestionID: id, Correct: true}}} }
	wrong := func(id string) Attempt { return Attempt{Results: []QuestionResult{{QuestionID: id}}} }

	r := ApplyAttempt(nil, Attempt{Results: []QuestionResult{{QuestionID: "q1", Correct: true}, {QuestionID: "q2"}}}, t0)
	if got := Due(r, t0); len(got) != 1 || got[0] != "q2" {
		t.Fatalf("right after the quiz, due = %v, want only the missed q2", got)
	}
	if r["q1"].Box != 1 || !r["q1"].Due.Equal(t0.Add(day)) {
		t.Errorf("q1 = %+v, want box 1 due in a day", r["q1"])
	}
	// Right answers climb the boxes and wait longer; the top box stays.
	cur, now := r, t0
	for i, want := range []time.Duration{3 * day, 7 * day, 14 * day, 30 * day, 30 * day} {
		now = cur["q1"].Due
		cur = ApplyAttempt(cur, right("q1"), now)
		if got := cur["q1"].Due.Sub(now); got != want {
			t.Errorf("round %d: waits %v, want %v", i, got, want)
		}
	}
	// A miss sends it back to box 1, due at once.
	cur = ApplyAttempt(cur, wrong("q1"), now)
	if cur["q1"].Box != 1 || cur["q1"].Lost != 1 || cur["q1"].Due.After(now) {
		t.Errorf("after a miss: %+v", cur["q1"])
	}
	// The input map is not changed.
	if r["q1"].Box != 1 || r["q1"].Seen != 1 {
		t.Errorf("ApplyAttempt changed its input: %+v", r["q1"])
	}
}

func TestDueQuiz(t *testing.T) {
	p := testPlan()
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	reviews := map[string]Review{
		"q3":   {Box: 1, Due: now.Add(-2 * time.Hour)},
		"q1":   {Box: 1, Due: now.Add(-time.Hour)},
		"q2":   {Box: 2, Due: now.Add(time.Hour)},
		"gone": {Box: 1, Due: now.Add(-time.Hour)},
	}
	q := DueQuiz(p, reviews, now, 0)
	if len(q.Questions) != 2 || q.Questions[0].ID != "q3" || q.Questions[1].ID != "q1" {
		t.Errorf("due quiz = %+v, want q3 then q1 (most overdue first, unknown dropped)", q.Questions)
	}
	if q := DueQuiz(p, reviews, now, 1); len(q.Questions) != 1 {
		t.Errorf("limit ignored: %d", len(q.Questions))
	}
}

func TestLinkTitle(t *testing.T) {
	p, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"task:take-stock/list-places": "Take stock › List every place personal data lives",
		"step:lock-it":                "Lock it",
		"quiz:take-stock":             "Check yourself › Take stock",
		"screen:scan":                 "scan",
		"task:nope":                   "",
		"nonsense":                    "",
		"screen:":                     "",
	}
	for link, want := range tests {
		if got := p.LinkTitle(link); got != want {
			t.Errorf("LinkTitle(%q) = %q, want %q", link, got, want)
		}
	}
}
