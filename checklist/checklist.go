// Package checklist is the guided plan: the FTC's five steps with their tasks, the
// "check yourself" quizzes, and the rules that turn saved answers into progress, scores and a
// review schedule. It holds no I/O beyond reading its embedded content: the store keeps the
// state, the interface shows it.
//
// # Content
//
// Content lives in content/ as files a non-programmer can edit: one Markdown file per step
// (content/steps/*.md) whose YAML front matter lists the tasks, and one YAML file per quiz
// (content/quizzes/*.yaml). [Load] parses and validates them.
//
// # Links
//
// Text may link to other parts of the plan with Markdown links whose target is a plan link:
// "task:STEP/TASK", "step:STEP", "quiz:QUIZ" or "screen:SCREEN". A task's "screen" names the
// screen that will carry it out ([Screens]), so the plan can open it once it exists.
package checklist

import (
	"time"
)

// Plan is all the content: the five steps and the quizzes.
type Plan struct {
	Steps   []Step
	Quizzes []Quiz
}

// Step is one of the FTC's five steps.
type Step struct {
	ID      string `yaml:"id"`
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"` // one line, for Home
	Order   int    `yaml:"order"`
	Tasks   []Task `yaml:"tasks"`
	Body    string `yaml:"-"` // the Markdown explanation after the front matter
}

// Task is one concrete thing to do in a step. Its ID is "STEP/NAME" once loaded.
type Task struct {
	ID       string `yaml:"id"`
	StepID   string `yaml:"-"`
	Title    string `yaml:"title"`
	Body     string `yaml:"body"`
	Screen   string `yaml:"screen"`   // screen that carries the task out, if any
	Priority int    `yaml:"priority"` // 1 (low) to 3 (high); 0 reads as 2
}

// Kind is the kind of a quiz question.
type Kind string

// Question kinds.
const (
	Single Kind = "single" // one right option
	Multi  Kind = "multi"  // several right options, scored per option
	Open   Kind = "open"   // the owner writes, sees a model answer, and marks themselves
)

// Quiz is a short set of questions on one topic.
type Quiz struct {
	ID        string     `yaml:"id"`
	Title     string     `yaml:"title"`
	Step      string     `yaml:"step"` // the step it belongs to, if any
	Questions []Question `yaml:"questions"`
}

// Question is one quiz question.
type Question struct {
	ID      string   `yaml:"id"`
	Kind    Kind     `yaml:"kind"`
	Prompt  string   `yaml:"prompt"`
	Options []Option `yaml:"options"`
	Answer  string   `yaml:"answer"`  // model answer, for open questions
	Explain string   `yaml:"explain"` // why, shown after answering
	See     string   `yaml:"see"`     // plan link to read more
}

// Option is one choice of a question.
type Option struct {
	Text    string `yaml:"text"`
	Correct bool   `yaml:"correct"`
}

// Screens are the screen IDs a task may name. Some exist now; the rest are planned, and the
// interface opens those it has.
var Screens = []string{
	"scan", "inventory", "vendors", "uses", "retention", "disposal", "security-checks",
	"incidents", "drills", "requests", "redact", "quiz",
}

// Status is a task's state. The values are stored: keep them.
type Status string

// Task statuses.
const (
	Todo      Status = "todo"
	Done      Status = "done"
	NotNeeded Status = "not_needed"
)

// StatusLabel is how a status reads on screen: "todo", "done" or "not needed".
func StatusLabel(s Status) string {
	switch s {
	case Done:
		return "done"
	case NotNeeded:
		return "not needed"
	default:
		return "todo"
	}
}

// ParseStatus reads a status as stored or as shown.
func ParseStatus(s string) (Status, bool) {
	switch s {
	case "todo", "":
		return Todo, true
	case "done":
		return Done, true
	case "not_needed", "not needed", "not-needed":
		return NotNeeded, true
	}
	return "", false
}

// TaskState is the saved state of one task.
type TaskState struct {
	Status Status    `json:"status"`
	Note   string    `json:"note,omitempty"`
	Date   time.Time `json:"date"`
}

// Quiz returns the quiz with the given ID.
func (p *Plan) Quiz(id string) (Quiz, bool) {
	for _, q := range p.Quizzes {
		if q.ID == id {
			return q, true
		}
	}
	return Quiz{}, false
}

// Step returns the step with the given ID.
func (p *Plan) Step(id string) (Step, bool) {
	for _, s := range p.Steps {
		if s.ID == id {
			return s, true
		}
	}
	return Step{}, false
}

// Task returns the task with the given ID ("STEP/NAME").
func (p *Plan) Task(id string) (Task, bool) {
	for _, s := range p.Steps {
		for _, t := range s.Tasks {
			if t.ID == id {
				return t, true
			}
		}
	}
	return Task{}, false
}

// Question returns the question with the given ID and the quiz it belongs to.
func (p *Plan) Question(id string) (Question, Quiz, bool) {
	for _, q := range p.Quizzes {
		for _, qq := range q.Questions {
			if qq.ID == id {
				return qq, q, true
			}
		}
	}
	return Question{}, Quiz{}, false
}

// LinkTitle is a readable name for a plan link ("Take stock › Find every place …"), or ""
// when the link points nowhere known.
func (p *Plan) LinkTitle(link string) string {
	kind, target, ok := splitLink(link)
	if !ok {
		return ""
	}
	switch kind {
	case "task":
		if t, ok := p.Task(target); ok {
			s, _ := p.Step(t.StepID)
			return s.Title + " › " + t.Title
		}
	case "step":
		if s, ok := p.Step(target); ok {
			return s.Title
		}
	case "quiz":
		if q, ok := p.Quiz(target); ok {
			return "Check yourself › " + q.Title
		}
	case "screen":
		if knownScreen(target) {
			return target
		}
	}
	return ""
}
