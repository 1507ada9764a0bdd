package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/vouchcli/vouch/controls"
)

// Exit codes (DESIGN.md).
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitFound       = 3
	ExitInterrupted = 130
)

// FlagError is a usage error: a bad flag, argument or value. Exit 2.
type FlagError struct{ err error }

func (e *FlagError) Error() string { return e.err.Error() }
func (e *FlagError) Unwrap() error { return e.err }

// flagErrorf builds a usage error.
func flagErrorf(format string, args ...any) error {
	return &FlagError{fmt.Errorf(format, args...)}
}

// FoundError reports that what --fail-on asked to fail on was found. Exit 3.
type FoundError struct{ Msg string }

func (e *FoundError) Error() string { return e.Msg }

// ErrSilent exits 1 without printing (the command printed already).
var ErrSilent = errors.New("silent error")

// exitCode maps an error to the process exit code.
func exitCode(err error) int {
	var fe *FlagError
	var found *FoundError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	case errors.As(err, &fe):
		return ExitUsage
	case errors.As(err, &found):
		return ExitFound
	}
	return ExitFailure
}

// printError writes err as one line on w (one line per catalog problem).
func printError(w io.Writer, err error) {
	var ve *controls.ValidationError
	switch {
	case errors.Is(err, ErrSilent):
		return
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(w, "vouch: interrupted")
		return
	case errors.As(err, &ve):
		prefix := strings.TrimSuffix(err.Error(), ve.Error())
		for _, p := range ve.Problems {
			fmt.Fprintf(w, "error: %s%s\n", prefix, oneLine(p.String()))
		}
		return
	}
	fmt.Fprintf(w, "error: %s\n", oneLine(err.Error()))
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "\r\n", " ")
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}
