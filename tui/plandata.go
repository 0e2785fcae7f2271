package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/stockade/stockade/checklist"
	"github.com/stockade/stockade/store"
)

// loadStates reads every task's saved status.
func loadStates(st *store.Store) (map[string]checklist.TaskState, error) {
	var states map[string]checklist.TaskState
	err := st.View(func(tx *store.Tx) error {
		var err error
		states, err = store.TaskStates.All(tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read task progress from %s: %w", st.Path(), err)
	}
	return states, nil
}

// taskState is a task's status, todo when it was never touched.
func (c *Common) taskState(id string) checklist.TaskState {
	if ts, ok := c.States[id]; ok {
		return ts
	}
	return checklist.TaskState{Status: checklist.Todo}
}

// screenExists reports whether a screen ID named by the plan can be opened yet.
func (c *Common) screenExists(id string) bool {
	return c.openScreen(id) != nil
}

// openScreen builds the screen a plan link names, or nil when it does not exist yet.
func (c *Common) openScreen(id string) Screen {
	switch {
	case id == "quiz":
		return newQuizList(c)
	case strings.HasPrefix(id, "quiz:"):
		if q, ok := c.Plan.Quiz(strings.TrimPrefix(id, "quiz:")); ok {
			return newQuizScreen(c, q)
		}
	}
	return nil
}

// applySaved records a saved task status in memory once the store has it.
func (c *Common) applySaved(msg taskSavedMsg) tea.Cmd {
	if msg.err != nil {
		return c.flash(fmt.Sprintf("could not save: %v", msg.err), true)
	}
	c.States[msg.id] = msg.state
	return nil
}
