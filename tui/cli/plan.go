package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/stockade/stockade/checklist"
	"github.com/stockade/stockade/store"
)

// planJSON is `stockade plan --json`. Field names are a contract.
type planJSON struct {
	Steps    []stepJSON `json:"steps"`
	NextTask *taskJSON  `json:"next_task"`
}

type stepJSON struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Summary   string     `json:"summary"`
	Progress  float64    `json:"progress"` // 0..1
	Done      int        `json:"done"`
	NotNeeded int        `json:"not_needed"`
	Total     int        `json:"total"`
	OpenTasks []taskJSON `json:"open_tasks"`
}

type taskJSON struct {
	ID     string `json:"id"`
	Step   string `json:"step"`
	Title  string `json:"title"`
	Screen string `json:"screen,omitempty"`
}

func newPlanCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Print the five steps with their progress and open tasks",
		Long: "Print the FTC's five steps (Take stock, Scale down, Lock it, Pitch it, Plan ahead) with " +
			"how far you are in each, the tasks still open, and the most useful next task.",
		Example: "stockade plan\nstockade plan --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			plan, st, err := a.openPlan()
			if err != nil {
				return err
			}
			defer st.Close()
			var states map[string]checklist.TaskState
			if err := st.View(func(tx *store.Tx) error {
				states, err = store.TaskStates.All(tx)
				return err
			}); err != nil {
				return fmt.Errorf("read task progress from %s: %w", st.Path(), err)
			}
			out := planReport(plan, states)
			if asJSON {
				return writeJSON(a.io.Out, out)
			}
			return writePlanText(a.io.Out, out)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of text")
	return cmd
}

// openPlan loads the plan's content and opens the store; the caller closes the store.
func (a *app) openPlan() (*checklist.Plan, *store.Store, error) {
	plan, err := checklist.Load()
	if err != nil {
		return nil, nil, err
	}
	st, err := a.openStore()
	if err != nil {
		return nil, nil, err
	}
	return plan, st, nil
}

func planReport(plan *checklist.Plan, states map[string]checklist.TaskState) planJSON {
	var out planJSON
	for _, s := range plan.Steps {
		sj := stepJSON{ID: s.ID, Title: s.Title, Summary: s.Summary, Total: len(s.Tasks),
			Progress: checklist.StepProgress(s, states), OpenTasks: []taskJSON{}}
		for _, t := range s.Tasks {
			switch states[t.ID].Status {
			case checklist.Done:
				sj.Done++
			case checklist.NotNeeded:
				sj.NotNeeded++
			default:
				sj.OpenTasks = append(sj.OpenTasks, taskJSON{ID: t.ID, Step: s.ID, Title: t.Title, Screen: t.Screen})
			}
		}
		out.Steps = append(out.Steps, sj)
	}
	if t, ok := checklist.NextTask(plan, states); ok {
		out.NextTask = &taskJSON{ID: t.ID, Step: t.StepID, Title: t.Title, Screen: t.Screen}
	}
	return out
}

func writePlanText(w io.Writer, p planJSON) error {
	var b strings.Builder
	for i, s := range p.Steps {
		filled := int(s.Progress*20 + 0.5)
		fmt.Fprintf(&b, "%d. %-11s %s%s %3.0f%%  (%d done, %d not needed, %d open)\n", i+1, s.Title,
			strings.Repeat("█", filled), strings.Repeat("░", 20-filled), s.Progress*100, s.Done, s.NotNeeded, len(s.OpenTasks))
		for _, t := range s.OpenTasks {
			fmt.Fprintf(&b, "   [ ] %s  (%s)\n", t.Title, t.ID)
		}
	}
	if p.NextTask != nil {
		fmt.Fprintf(&b, "\nNext: %s (%s)\n", p.NextTask.Title, p.NextTask.ID)
	} else {
		b.WriteString("\nEvery task is done or set aside.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// quizListJSON is `stockade quiz --list --json`. Field names are a contract.
type quizListJSON struct {
	Quizzes   []quizJSON `json:"quizzes"`
	ReviewDue int        `json:"review_due"`
}

type quizJSON struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Questions int        `json:"questions"`
	LastScore *float64   `json:"last_score"` // 0..1, null when never finished
	LastTaken *time.Time `json:"last_taken"`
	Due       int        `json:"due"` // questions of this quiz due for review now
}

func newQuizCmd(a *app) *cobra.Command {
	var list, asJSON bool
	cmd := &cobra.Command{
		Use:   "quiz --list",
		Short: "List the check-yourself quizzes with your last scores and what is due",
		Long: "List the check-yourself quizzes with your last score in each and how many of their " +
			"questions are due for review. Take the quizzes in the interface (run stockade, then c).",
		Example: "stockade quiz --list\nstockade quiz --list --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !list {
				return usagef("quizzes are taken in the interface (run stockade, then press c); use 'stockade quiz --list' to see scores")
			}
			plan, st, err := a.openPlan()
			if err != nil {
				return err
			}
			defer st.Close()
			out, err := quizReport(st, plan, time.Now())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.io.Out, out)
			}
			return writeQuizText(a.io.Out, out)
		},
	}
	cmd.Flags().BoolVar(&list, "list", false, "list the quizzes with last scores and questions due")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of text")
	return cmd
}

func quizReport(st *store.Store, plan *checklist.Plan, now time.Time) (quizListJSON, error) {
	last := map[string]checklist.Attempt{}
	var reviews map[string]checklist.Review
	err := st.View(func(tx *store.Tx) error {
		var err error
		if reviews, err = store.QuizReviews.All(tx); err != nil {
			return err
		}
		return store.QuizAttempts.ForEach(tx, func(_ string, at checklist.Attempt) error {
			last[at.QuizID] = at
			return nil
		})
	})
	if err != nil {
		return quizListJSON{}, fmt.Errorf("read quiz history from %s: %w", st.Path(), err)
	}
	due := map[string]bool{}
	for _, id := range checklist.Due(reviews, now) {
		due[id] = true
	}
	out := quizListJSON{ReviewDue: len(due), Quizzes: []quizJSON{}}
	for _, q := range plan.Quizzes {
		qj := quizJSON{ID: q.ID, Title: q.Title, Questions: len(q.Questions)}
		if at, ok := last[q.ID]; ok {
			score, when := at.Score(), at.Date
			qj.LastScore, qj.LastTaken = &score, &when
		}
		for _, qq := range q.Questions {
			if due[qq.ID] {
				qj.Due++
			}
		}
		out.Quizzes = append(out.Quizzes, qj)
	}
	return out, nil
}

func writeQuizText(w io.Writer, q quizListJSON) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "QUIZ\tQUESTIONS\tLAST SCORE\tTAKEN\tDUE FOR REVIEW")
	for _, x := range q.Quizzes {
		score, taken := "-", "never"
		if x.LastScore != nil {
			score = fmt.Sprintf("%.0f%%", *x.LastScore*100)
			taken = x.LastTaken.Local().Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%d\n", x.Title, x.Questions, score, taken, x.Due)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%d questions due for review.\n", q.ReviewDue)
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
