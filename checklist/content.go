package checklist

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed content
var contentFS embed.FS

// Limits the content must respect.
const (
	MinTasks     = 6
	MaxTasks     = 15
	MinQuestions = 8
)

// Load parses and validates the embedded content.
func Load() (*Plan, error) {
	sub, err := fs.Sub(contentFS, "content")
	if err != nil {
		return nil, fmt.Errorf("open embedded plan content: %w", err)
	}
	return LoadFS(sub)
}

// LoadFS parses and validates content laid out as steps/*.md and quizzes/*.yaml.
func LoadFS(fsys fs.FS) (*Plan, error) {
	p := &Plan{}
	steps, err := fs.Glob(fsys, "steps/*.md")
	if err != nil {
		return nil, fmt.Errorf("list steps: %w", err)
	}
	for _, name := range steps {
		s, err := parseStep(fsys, name)
		if err != nil {
			return nil, err
		}
		p.Steps = append(p.Steps, s)
	}
	sort.SliceStable(p.Steps, func(i, j int) bool { return p.Steps[i].Order < p.Steps[j].Order })
	quizzes, err := fs.Glob(fsys, "quizzes/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list quizzes: %w", err)
	}
	for _, name := range quizzes {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		var q Quiz
		if err := strictYAML(data, &q); err != nil {
			return nil, fmt.Errorf("content %s: %w", name, err)
		}
		p.Quizzes = append(p.Quizzes, q)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

func strictYAML(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return err
	}
	return nil
}

// parseStep reads a step file: YAML front matter between "---" lines, then the Markdown body.
func parseStep(fsys fs.FS, name string) (Step, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return Step{}, fmt.Errorf("read %s: %w", name, err)
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return Step{}, fmt.Errorf("content %s: must start with a '---' line and front matter", name)
	}
	front, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return Step{}, fmt.Errorf("content %s: front matter has no closing '---' line", name)
	}
	var s Step
	if err := strictYAML(front, &s); err != nil {
		return Step{}, fmt.Errorf("content %s: %w", name, err)
	}
	s.Body = strings.TrimSpace(string(body))
	for i := range s.Tasks {
		s.Tasks[i].StepID = s.ID
		s.Tasks[i].ID = s.ID + "/" + s.Tasks[i].ID
		s.Tasks[i].Body = strings.TrimSpace(s.Tasks[i].Body)
	}
	return s, nil
}

// StepIDs are the five steps, in order, with their exact titles.
var StepIDs = []struct{ ID, Title string }{
	{"take-stock", "Take stock"},
	{"scale-down", "Scale down"},
	{"lock-it", "Lock it"},
	{"pitch-it", "Pitch it"},
	{"plan-ahead", "Plan ahead"},
}

var linkRE = regexp.MustCompile(`\]\(([a-z]+:[^)\s]*)\)`)

// Validate reports every problem in the content at once.
func (p *Plan) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }

	if len(p.Steps) != len(StepIDs) {
		bad("plan has %d steps, want the five: %v", len(p.Steps), StepIDs)
	}
	for i, want := range StepIDs {
		if i < len(p.Steps) && (p.Steps[i].ID != want.ID || p.Steps[i].Title != want.Title) {
			bad("step %d is %q %q, want %q %q", i+1, p.Steps[i].ID, p.Steps[i].Title, want.ID, want.Title)
		}
	}
	ids := map[string]string{}
	unique := func(kind, id string) {
		if id == "" {
			bad("a %s has no id", kind)
			return
		}
		if prev, ok := ids[id]; ok {
			bad("%s id %q is used twice (also a %s)", kind, id, prev)
		}
		ids[id] = kind
	}
	var links []struct{ where, link string }
	link := func(where, text string) {
		for _, m := range linkRE.FindAllStringSubmatch(text, -1) {
			links = append(links, struct{ where, link string }{where, m[1]})
		}
	}
	for _, s := range p.Steps {
		unique("step", "step:"+s.ID)
		where := "step " + s.ID
		if strings.TrimSpace(s.Summary) == "" || strings.TrimSpace(s.Body) == "" {
			bad("%s needs a summary and an explanation", where)
		}
		if n := len(s.Tasks); n < MinTasks || n > MaxTasks {
			bad("%s has %d tasks, want %d to %d", where, n, MinTasks, MaxTasks)
		}
		link(where, s.Body)
		for _, t := range s.Tasks {
			unique("task", "task:"+t.ID)
			if !validName(strings.TrimPrefix(t.ID, s.ID+"/")) {
				bad("task id %q: use lower-case letters, digits and dashes", t.ID)
			}
			if strings.TrimSpace(t.Title) == "" || strings.TrimSpace(t.Body) == "" {
				bad("task %s needs a title and a body", t.ID)
			}
			if t.Screen != "" && !knownScreen(t.Screen) {
				bad("task %s names unknown screen %q (known: %s)", t.ID, t.Screen, strings.Join(Screens, ", "))
			}
			if t.Priority < 0 || t.Priority > 3 {
				bad("task %s has priority %d, want 1 to 3", t.ID, t.Priority)
			}
			link("task "+t.ID, t.Body)
		}
	}
	total := 0
	for _, q := range p.Quizzes {
		unique("quiz", "quiz:"+q.ID)
		where := "quiz " + q.ID
		if strings.TrimSpace(q.Title) == "" {
			bad("%s has no title", where)
		}
		if q.Step != "" {
			if _, ok := p.Step(q.Step); !ok {
				bad("%s names unknown step %q", where, q.Step)
			}
		}
		if len(q.Questions) < MinQuestions {
			bad("%s has %d questions, want at least %d", where, len(q.Questions), MinQuestions)
		}
		total += len(q.Questions)
		for _, qq := range q.Questions {
			unique("question", "question:"+qq.ID)
			qw := "question " + qq.ID
			if strings.TrimSpace(qq.Prompt) == "" || strings.TrimSpace(qq.Explain) == "" {
				bad("%s needs a prompt and an explanation", qw)
			}
			if qq.See == "" {
				bad("%s needs 'see', a plan link to read more", qw)
			} else {
				links = append(links, struct{ where, link string }{qw, qq.See})
			}
			right := 0
			for _, o := range qq.Options {
				if strings.TrimSpace(o.Text) == "" {
					bad("%s has an empty option", qw)
				}
				if o.Correct {
					right++
				}
			}
			switch qq.Kind {
			case Single:
				if len(qq.Options) < 2 || right != 1 {
					bad("%s: single choice needs 2+ options and exactly one right (has %d of %d)", qw, right, len(qq.Options))
				}
			case Multi:
				if len(qq.Options) < 3 || right < 2 || right == len(qq.Options) {
					bad("%s: multiple choice needs 3+ options, 2+ right and 1+ wrong (has %d of %d)", qw, right, len(qq.Options))
				}
			case Open:
				if strings.TrimSpace(qq.Answer) == "" || len(qq.Options) > 0 {
					bad("%s: open answer needs a model answer and no options", qw)
				}
			default:
				bad("%s has kind %q, want single, multi or open", qw, qq.Kind)
			}
		}
	}
	if total < 60 && len(p.Quizzes) > 0 {
		bad("the quizzes hold %d questions, want at least 60", total)
	}
	for _, l := range links {
		if p.LinkTitle(l.link) == "" {
			bad("%s links to %q, which is not a known task, step, quiz or screen", l.where, l.link)
		}
	}
	return errors.Join(errs...)
}

func splitLink(link string) (kind, target string, ok bool) {
	kind, target, ok = strings.Cut(link, ":")
	return kind, target, ok && target != ""
}

func knownScreen(id string) bool { return slices.Contains(Screens, id) }

func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Links lists the plan links in a Markdown text, in order.
func Links(markdown string) []string {
	var out []string
	for _, m := range linkRE.FindAllStringSubmatch(markdown, -1) {
		out = append(out, m[1])
	}
	return out
}
