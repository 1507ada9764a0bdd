// Package ui is vouch's one style sheet: every color and text style that a
// command shows on a terminal is declared here, and nowhere else.
package ui

import (
	"charm.land/lipgloss/v2"

	"github.com/vouchcli/vouch/internal/term"
)

// Styles are the styles of one output stream; all plain when color is off.
type Styles struct {
	Header lipgloss.Style
	Title  lipgloss.Style
	Label  lipgloss.Style
	Dim    lipgloss.Style
	OK     lipgloss.Style
	Warn   lipgloss.Style
	Bad    lipgloss.Style
	Accent lipgloss.Style
	Border lipgloss.Style
	Cell   lipgloss.Style
}

var (
	green   = lipgloss.Color("2")
	yellow  = lipgloss.Color("3")
	red     = lipgloss.Color("1")
	blue    = lipgloss.Color("4")
	magenta = lipgloss.Color("5")
	grey    = lipgloss.Color("8")
)

// New returns the style sheet for the streams.
func New(ios *term.IOStreams) Styles {
	plain := lipgloss.NewStyle()
	cell := lipgloss.NewStyle().PaddingRight(1)
	if !ios.ColorEnabled() {
		return Styles{Header: plain.Bold(false), Title: plain, Label: plain, Dim: plain, OK: plain,
			Warn: plain, Bad: plain, Accent: plain, Border: plain, Cell: cell}
	}
	return Styles{
		Header: lipgloss.NewStyle().Bold(true).PaddingRight(1),
		Title:  lipgloss.NewStyle().Bold(true).Foreground(blue),
		Label:  lipgloss.NewStyle().Bold(true),
		Dim:    lipgloss.NewStyle().Foreground(grey),
		OK:     lipgloss.NewStyle().Foreground(green),
		Warn:   lipgloss.NewStyle().Foreground(yellow),
		Bad:    lipgloss.NewStyle().Foreground(red).Bold(true),
		Accent: lipgloss.NewStyle().Foreground(magenta),
		Border: lipgloss.NewStyle().Foreground(grey),
		Cell:   cell,
	}
}

// ForStatus styles a control status, a certification status, a severity or an
// answer status; unknown words stay plain.
func (s Styles) ForStatus(word string) lipgloss.Style {
	switch word {
	case "implemented", "held", "answered", "yes", "ok", "low":
		if word == "low" {
			return s.Dim
		}
		return s.OK
	case "partial", "in-progress", "review", "medium", "alternative":
		return s.Warn
	case "planned", "not-held", "not-pursued", "high", "no", "failed":
		return s.Bad
	case "not-applicable", "skipped", "na":
		return s.Dim
	}
	return lipgloss.NewStyle()
}
