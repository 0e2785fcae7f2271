package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stockade/stockade/checklist"
	"github.com/stockade/stockade/store"
)

// seed writes task states and a quiz attempt straight into a database.
func seed(t *testing.T, db string) {
	t.Helper()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now().UTC()
	a := checklist.Attempt{Date: now, QuizID: "take-stock", Results: []checklist.QuestionResult{
		{QuestionID: "ts-why-first", Correct: true, Score: 1}, {QuestionID: "ts-places", Score: 0.5},
	}}
	err = st.Update(func(tx *store.Tx) error {
		if err := store.TaskStates.Put(tx, "take-stock/list-places", checklist.TaskState{Status: checklist.Done, Date: now}); err != nil {
			return err
		}
		if err := store.TaskStates.Put(tx, "take-stock/scan-files", checklist.TaskState{Status: checklist.NotNeeded, Date: now}); err != nil {
			return err
		}
		if _, err := store.QuizAttempts.Add(tx, a); err != nil {
			return err
		}
		for id, r := range checklist.ApplyAttempt(nil, a, now) {
			if err := store.QuizReviews.Put(tx, id, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestPlanCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	seed(t, db)
	code, out, errs := run(t, "--db", db, "plan", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var p planJSON
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("plan --json is not JSON: %v\n%s", err, out)
	}
	if len(p.Steps) != 5 || p.Steps[0].Title != "Take stock" {
		t.Fatalf("steps: %+v", p.Steps)
	}
	s := p.Steps[0]
	if s.Done != 1 || s.NotNeeded != 1 || len(s.OpenTasks) != s.Total-2 || s.Progress != 2/float64(s.Total) {
		t.Errorf("take stock: %+v", s)
	}
	for _, o := range s.OpenTasks {
		if o.ID == "take-stock/list-places" || o.ID == "take-stock/scan-files" {
			t.Errorf("closed task listed as open: %s", o.ID)
		}
	}
	if p.NextTask == nil || p.NextTask.Step != "take-stock" {
		t.Errorf("next task: %+v", p.NextTask)
	}
	code, out, _ = run(t, "--db", db, "plan")
	if code != 0 || !strings.Contains(out, "Take stock") || !strings.Contains(out, "25%") || !strings.Contains(out, "Next: ") {
		t.Errorf("plan text (exit %d):\n%s", code, out)
	}
}

func TestQuizListCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "q.db")
	seed(t, db)
	code, out, errs := run(t, "--db", db, "quiz", "--list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var q quizListJSON
	if err := json.Unmarshal([]byte(out), &q); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(q.Quizzes) != 7 || q.ReviewDue != 1 {
		t.Fatalf("quizzes %d, due %d", len(q.Quizzes), q.ReviewDue)
	}
	ts := q.Quizzes[0]
	if ts.ID != "take-stock" || ts.LastScore == nil || *ts.LastScore != 0.75 || ts.Due != 1 || ts.LastTaken == nil {
		t.Errorf("take stock: %+v", ts)
	}
	if q.Quizzes[1].LastScore != nil {
		t.Errorf("an untaken quiz has a score: %+v", q.Quizzes[1])
	}
	code, out, _ = run(t, "--db", db, "quiz", "--list")
	if code != 0 || !strings.Contains(out, "75%") || !strings.Contains(out, "1 questions due for review") {
		t.Errorf("quiz --list text:\n%s", out)
	}
	if code, _, errs := run(t, "--db", db, "quiz"); code != ExitUsage || !strings.Contains(errs, "--list") {
		t.Errorf("quiz without --list: exit %d %q", code, errs)
	}
}
