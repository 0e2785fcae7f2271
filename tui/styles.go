package tui

import (
	"image/color"
	"os"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles holds every style the interface uses. Build it with [NewStyles]; nothing else in the
// package picks colours.
type Styles struct {
	IsDark  bool
	NoColor bool

	Header     lipgloss.Style
	HeaderApp  lipgloss.Style
	HeaderPath lipgloss.Style
	Footer     lipgloss.Style

	Title    lipgloss.Style
	Subtitle lipgloss.Style
	Text     lipgloss.Style
	Muted    lipgloss.Style
	Cursor   lipgloss.Style
	Selected lipgloss.Style
	Accent   lipgloss.Style
	Good     lipgloss.Style
	Warn     lipgloss.Style
	Error    lipgloss.Style

	BarFull  color.Color
	BarEmpty color.Color

	Help help.Styles
}

// NewStyles builds the theme for a dark or light background. With noColor it uses no colour
// at all, only bold and faint, as NO_COLOR asks.
func NewStyles(isDark, noColor bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	s := &Styles{IsDark: isDark, NoColor: noColor}
	var (
		accent = ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#B9A5FF"))
		muted  = ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#9A9A9A"))
		text   = ld(lipgloss.Color("#1F1F1F"), lipgloss.Color("#E6E6E6"))
		good   = ld(lipgloss.Color("#1E7A3C"), lipgloss.Color("#6BD38A"))
		warn   = ld(lipgloss.Color("#9A5B00"), lipgloss.Color("#F2B85B"))
		bad    = ld(lipgloss.Color("#B00020"), lipgloss.Color("#FF7A85"))
		selBg  = ld(lipgloss.Color("#ECE8FB"), lipgloss.Color("#2E2848"))
		empty  = ld(lipgloss.Color("#D6D6D6"), lipgloss.Color("#444444"))
	)
	if noColor {
		s.Header = lipgloss.NewStyle().Padding(0, 1)
		s.HeaderApp = lipgloss.NewStyle().Bold(true)
		s.HeaderPath = lipgloss.NewStyle().Faint(true)
		s.Footer = lipgloss.NewStyle().Padding(0, 1)
		s.Title = lipgloss.NewStyle().Bold(true)
		s.Subtitle = lipgloss.NewStyle().Faint(true)
		s.Text = lipgloss.NewStyle()
		s.Muted = lipgloss.NewStyle().Faint(true)
		s.Cursor = lipgloss.NewStyle().Bold(true)
		s.Selected = lipgloss.NewStyle().Bold(true)
		s.Accent = lipgloss.NewStyle().Bold(true)
		s.Good = lipgloss.NewStyle()
		s.Warn = lipgloss.NewStyle().Bold(true)
		s.Error = lipgloss.NewStyle().Bold(true)
		s.Help = help.Styles{
			ShortKey: lipgloss.NewStyle().Bold(true), ShortDesc: lipgloss.NewStyle(),
			ShortSeparator: lipgloss.NewStyle().Faint(true), Ellipsis: lipgloss.NewStyle().Faint(true),
			FullKey: lipgloss.NewStyle().Bold(true), FullDesc: lipgloss.NewStyle(),
			FullSeparator: lipgloss.NewStyle().Faint(true),
		}
		return s
	}
	s.Header = lipgloss.NewStyle().Padding(0, 1)
	s.HeaderApp = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.HeaderPath = lipgloss.NewStyle().Foreground(muted)
	s.Footer = lipgloss.NewStyle().Padding(0, 1)
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(text)
	s.Subtitle = lipgloss.NewStyle().Foreground(muted)
	s.Text = lipgloss.NewStyle().Foreground(text)
	s.Muted = lipgloss.NewStyle().Foreground(muted)
	s.Cursor = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Selected = lipgloss.NewStyle().Bold(true).Foreground(accent).Background(selBg)
	s.Accent = lipgloss.NewStyle().Foreground(accent)
	s.Good = lipgloss.NewStyle().Foreground(good)
	s.Warn = lipgloss.NewStyle().Foreground(warn)
	s.Error = lipgloss.NewStyle().Bold(true).Foreground(bad)
	s.BarFull = accent
	s.BarEmpty = empty
	s.Help = help.DefaultStyles(isDark)
	return s
}

// noColorEnv reports whether the NO_COLOR convention asks for no colour.
func noColorEnv() bool { return os.Getenv("NO_COLOR") != "" }
