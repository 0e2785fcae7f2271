package tui

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/stockade/stockade/checklist"
	"github.com/stockade/stockade/store"
)

// testModel builds the root over a fresh store kept in a HOME-relative temp folder, so the
// header shows a stable "~/stockade.db".
func testModel(t *testing.T) Model {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("NO_COLOR", "")
	st, err := store.Open(filepath.Join(home, "stockade.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	plan, err := checklist.Load()
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(st, plan)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func press(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// send feeds messages to the model, running the commands they return and feeding their
// messages back the way the program would (timers that wait are dropped), and returns the
// model with the last command of the last message.
func send(m tea.Model, msgs ...tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	for _, msg := range msgs {
		m, cmd = m.Update(msg)
		m = drain(m, cmd, 0)
	}
	return m, cmd
}

var cmdType = reflect.TypeOf(tea.Cmd(nil))

func drain(m tea.Model, cmd tea.Cmd, depth int) tea.Model {
	if cmd == nil || depth > 30 {
		return m
	}
	msg := runQuick(cmd)
	switch msg := msg.(type) {
	case nil, tea.QuitMsg:
		return m
	case tea.BatchMsg:
		for _, c := range msg {
			m = drain(m, c, depth+1)
		}
		return m
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType { // tea.Sequence
		for i := range v.Len() {
			m = drain(m, v.Index(i).Interface().(tea.Cmd), depth+1)
		}
		return m
	}
	m, next := m.Update(msg)
	return drain(m, next, depth+1)
}

// runQuick runs a command and returns its message, or nil for commands that wait (timers
// such as a cursor's blink), which the tests do not need.
func runQuick(cmd tea.Cmd) tea.Msg {
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		return msg
	case <-time.After(50 * time.Millisecond):
		return nil
	}
}

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func screenText(m tea.Model) string { return ansi.Strip(m.View().Content) }

func TestHomeNavigation(t *testing.T) {
	tests := []struct {
		keys  []string
		title string // header title after the keys, "" for home
	}{
		{[]string{"enter"}, "Take stock"},
		{[]string{"j", "enter"}, "Scale down"},
		{[]string{"down", "down", "enter"}, "Lock it"},
		{[]string{"k", "enter"}, "Plan ahead"}, // up from the top wraps to the bottom
		{[]string{"j", "j", "k", "enter"}, "Scale down"},
		{[]string{"4"}, "Pitch it"},
		{[]string{"n"}, "List every place personal data lives"},
		{[]string{"c"}, "Check yourself"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.keys, ","), func(t *testing.T) {
			mm, _ := send(testModel(t), tea.WindowSizeMsg{Width: 80, Height: 24})
			for _, k := range tt.keys {
				mm, _ = send(mm, press(k))
			}
			root := mm.(Model)
			if got := root.active().Title(); got != tt.title {
				t.Errorf("active screen %q, want %q", got, tt.title)
			}
			if !strings.Contains(screenText(mm), "Stockade › "+tt.title) {
				t.Errorf("header does not show the step:\n%s", screenText(mm))
			}
			mm, _ = send(mm, press("esc"))
			if got := mm.(Model).active().Title(); got != "Home" {
				t.Errorf("esc went to %q, want Home", got)
			}
		})
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		m := testModel(t)
		if _, cmd := m.Update(press(k)); !isQuit(cmd) {
			t.Errorf("%s on home did not quit", k)
		}
	}
	// esc on home does nothing (no quit, still home).
	m := testModel(t)
	mm, cmd := m.Update(press("esc"))
	if isQuit(cmd) || mm.(Model).active().Title() != "Home" {
		t.Error("esc on home should stay on home")
	}
}

func TestHelpToggle(t *testing.T) {
	var m tea.Model = testModel(t)
	m, _ = send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	short := screenText(m)
	m, _ = send(m, press("?"))
	full := screenText(m)
	if strings.Contains(short, "ctrl+c") || !strings.Contains(full, "ctrl+c") {
		t.Errorf("? should toggle the full help (with ctrl+c)\nshort:\n%s\nfull:\n%s", short, full)
	}
}

func TestLayoutFitsWindow(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 20}, {120, 40}} {
		for _, keys := range [][]string{nil, {"enter"}} {
			mm, _ := send(testModel(t), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			for _, k := range keys {
				mm, _ = send(mm, press(k))
			}
			lines := strings.Split(screenText(mm), "\n")
			if len(lines) != size[1] {
				t.Errorf("%dx%d %v: %d lines, want %d", size[0], size[1], keys, len(lines), size[1])
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%dx%d %v: line %d is %d wide: %q", size[0], size[1], keys, i, w, l)
				}
			}
			text := screenText(mm)
			if keys == nil {
				for _, label := range []string{"Take stock", "Scale down", "Lock it", "Pitch it", "Plan ahead", "0%"} {
					if !strings.Contains(text, label) {
						t.Errorf("%dx%d: home lacks %q", size[0], size[1], label)
					}
				}
			}
		}
	}
}

func TestHomeGolden(t *testing.T) {
	tm := teatest.NewTestModel(t, testModel(t), teatest.WithInitialTermSize(80, 24))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "Plan ahead") },
		teatest.WithDuration(5*time.Second))
	tm.Send(press("q"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
	golden.RequireEqual(t, []byte(screenText(final)))
}
