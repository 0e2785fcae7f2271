package cli

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/stockade/stockade/tui"
)

// runTUI opens the interface, or explains in one line why it cannot (exit 2).
func (a *app) runTUI(ctx context.Context) error {
	if !a.io.IsTerminal {
		return exitError{code: ExitUsage, msg: fmt.Sprintf(
			"no terminal: the interface needs one; without it use one of: %s (see 'stockade --help')",
			strings.Join(nonInteractive, ", "))}
	}
	plan, st, err := a.openPlan()
	if err != nil {
		return err
	}
	defer st.Close()
	m, err := tui.New(st, plan)
	if err != nil {
		return err
	}
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(a.io.In), tea.WithOutput(a.io.Out))
	if _, err := p.Run(); err != nil {
		return fmt.Errorf("run the interface: %w", err)
	}
	return nil
}
