// Package tui is Stockade's terminal interface: a root [Model] that routes messages between
// screens, draws the header and the footer, and owns the global keys.
//
// A screen is one type with its own key map (see [Screen]). The root forwards a message only to
// the active screen, except window sizes, which every screen gets. Styles live in one place
// ([Styles]), rebuilt when the terminal reports its background colour.
package tui
