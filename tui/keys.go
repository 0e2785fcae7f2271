package tui

import "charm.land/bubbles/v2/key"

// globalKeys are the keys the root handles on every screen.
type globalKeys struct {
	Help key.Binding
	Back key.Binding
	Quit key.Binding
	Kill key.Binding
}

func defaultGlobalKeys() globalKeys {
	return globalKeys{
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Quit: key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Kill: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// listKeys are the movement keys shared by screens that show a list.
type listKeys struct {
	Up   key.Binding
	Down key.Binding
	Open key.Binding
}

func defaultListKeys() listKeys {
	return listKeys{
		Up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
	}
}
