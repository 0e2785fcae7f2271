package checklist

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestEmbeddedContentIsValid(t *testing.T) {
	p, err := Load()
	if err != nil {
		t.Fatalf("embedded content: %v", err)
	}
	if len(p.Steps) != 5 {
		t.Fatalf("%d steps", len(p.Steps))
	}
	for i, want := range StepIDs {
		if p.Steps[i].Title != want.Title {
			t.Errorf("step %d title %q, want %q", i, p.Steps[i].Title, want.Title)
		}
	}
	// A quiz per step, one on AI and automation, one on responsible use.
	byStep := map[string]bool{}
	total := 0
	for _, q := range p.Quizzes {
		byStep[q.Step] = true
		total += len(q.Questions)
	}
	for _, s := range StepIDs {
		if !byStep[s.ID] {
			t.Errorf("no quiz for step %s", s.ID)
		}
	}
	for _, id := range []string{"ai-automation", "responsible-use"} {
		if _, ok := p.Quiz(id); !ok {
			t.Errorf("no quiz %s", id)
		}
	}
	if total < 60 {
		t.Errorf("%d questions, want 60+", total)
	}
	kinds := map[Kind]int{}
	for _, q := range p.Quizzes {
		for _, qq := range q.Questions {
			kinds[qq.Kind]++
		}
	}
	for _, k := range []Kind{Single, Multi, Open} {
		if kinds[k] == 0 {
			t.Errorf("no %s questions", k)
		}
	}
	// The seed's own check-yourself question, as an open answer.
	q, _, ok := p.Question("ai-seed-open")
	if !ok || q.Kind != Open || !strings.Contains(q.Prompt, "public AI tool") {
		t.Errorf("the seed's check-yourself question is missing or not open: %+v", q)
	}
}

const goodStep = `---
id: take-stock
title: Take stock
order: 1
summary: s
tasks:
  - {id: a, title: A, body: b}
  - {id: b, title: B, body: b}
  - {id: c, title: C, body: b}
  - {id: d, title: D, body: b}
  - {id: e, title: E, body: b}
  - {id: f, title: F, body: "see [x](task:take-stock/a)", screen: scan}
---
Body.
`

func TestValidateCatchesBrokenContent(t *testing.T) {
	tests := []struct {
		name string
		step string
		want string
	}{
		{"no front matter", "hello", "must start with"},
		{"unclosed front matter", "---\nid: x\n", "no closing"},
		{"unknown field", strings.Replace(goodStep, "order: 1", "order: 1\ncolour: red", 1), "colour"},
		{"duplicate task", strings.Replace(goodStep, "{id: b,", "{id: a,", 1), "used twice"},
		{"empty title", strings.Replace(goodStep, "title: B", "title: ''", 1), "needs a title"},
		{"too few tasks", strings.Replace(goodStep, "  - {id: e, title: E, body: b}\n", "", 1), "has 5 tasks"},
		{"unknown screen", strings.Replace(goodStep, "screen: scan", "screen: nowhere", 1), "unknown screen"},
		{"broken link", strings.Replace(goodStep, "task:take-stock/a", "task:take-stock/zzz", 1), "not a known"},
		{"bad id", strings.Replace(goodStep, "{id: a,", "{id: 'A b',", 1), "lower-case"},
		{"empty body", strings.Replace(goodStep, "Body.", "", 1), "explanation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"steps/1.md": {Data: []byte(tt.step)}}
			_, err := LoadFS(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestValidateQuizzes(t *testing.T) {
	p, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		mutate func(q *Question)
		want   string
	}{
		{"single with two right", func(q *Question) { q.Kind = Single; q.Options = []Option{{"a", true}, {"b", true}} }, "exactly one right"},
		{"multi with one right", func(q *Question) { q.Kind = Multi; q.Options = []Option{{"a", true}, {"b", false}, {"c", false}} }, "2+ right"},
		{"open without answer", func(q *Question) { q.Kind = Open; q.Options = nil; q.Answer = "" }, "model answer"},
		{"unknown kind", func(q *Question) { q.Kind = "essay" }, "want single"},
		{"bad see", func(q *Question) { q.See = "task:nope/nope" }, "not a known"},
		{"no explanation", func(q *Question) { q.Explain = " " }, "explanation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cp := *p
			cp.Quizzes = append([]Quiz(nil), p.Quizzes...)
			cp.Quizzes[0].Questions = append([]Question(nil), p.Quizzes[0].Questions...)
			tt.mutate(&cp.Quizzes[0].Questions[0])
			if err := cp.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func FuzzLoadFS(f *testing.F) {
	f.Add([]byte(goodStep), []byte("id: q\ntitle: Q\nquestions: []\n"))
	f.Add([]byte("---\n---\n"), []byte("{"))
	f.Add([]byte("---\ntasks: [1, 2]\n---\n"), []byte("questions: [{options: [{}]}]"))
	f.Fuzz(func(t *testing.T, step, quiz []byte) {
		fsys := fstest.MapFS{"steps/1.md": {Data: step}, "quizzes/1.yaml": {Data: quiz}}
		p, err := LoadFS(fsys)
		if err == nil && p == nil {
			t.Fatal("nil plan without error")
		}
	})
}
