// Package term holds the streams a command reads and writes (stdin, stdout,
// stderr), whether they are terminals and whether color is on. Commands get
// them from the Factory; tests build them with Test.
package term

import (
	"bytes"
	"context"
	"io"
	"os"
	"strconv"

	xterm "golang.org/x/term"
)

// IOStreams are the standard streams with what is known about them.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	inTTY, outTTY, errTTY bool
	color                 bool
	width                 int
	env                   []string
}

// System builds the streams from the process's stdin, stdout, stderr and
// environment. Color is on only for a terminal stdout, and off under NO_COLOR
// or TERM=dumb; CLICOLOR_FORCE=1 forces it on.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, env: os.Environ()}
	s.inTTY = isTerminal(os.Stdin)
	s.outTTY = isTerminal(os.Stdout)
	s.errTTY = isTerminal(os.Stderr)
	s.color = s.outTTY && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
	if v := os.Getenv("CLICOLOR_FORCE"); v != "" && v != "0" {
		s.color = true
	}
	s.width = 100
	if s.outTTY {
		if w, _, err := xterm.GetSize(int(os.Stdout.Fd())); err == nil && w > 0 {
			s.width = w
		}
	} else if c, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && c > 0 {
		s.width = c
	}
	return s
}

func isTerminal(f *os.File) bool { return xterm.IsTerminal(int(f.Fd())) }

// Test returns streams over three buffers: no terminal, no color.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, width: 100}, in, out, errOut
}

// SetTTY marks the streams as terminals or not (for tests).
func (s *IOStreams) SetTTY(in, out, errOut bool) { s.inTTY, s.outTTY, s.errTTY = in, out, errOut }

// SetColor turns color on or off (for tests).
func (s *IOStreams) SetColor(on bool) { s.color = on }

// IsStdinTTY reports whether stdin is a terminal.
func (s *IOStreams) IsStdinTTY() bool { return s.inTTY }

// IsStdoutTTY reports whether stdout is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.outTTY }

// IsStderrTTY reports whether stderr is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.errTTY }

// ColorEnabled reports whether output may carry ANSI colors.
func (s *IOStreams) ColorEnabled() bool { return s.color }

// TerminalWidth is the width of the terminal, or 100 when unknown.
func (s *IOStreams) TerminalWidth() int { return s.width }

// ReadPassword reads a line from stdin, without echo on a terminal. It
// returns ctx's error as soon as ctx ends (Ctrl-C at the prompt), with the
// terminal's echo restored; the read left blocked ends with the process.
func (s *IOStreams) ReadPassword(ctx context.Context) ([]byte, error) {
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	restore := func() {}
	if f, ok := s.In.(*os.File); ok && s.inTTY {
		fd := int(f.Fd())
		if state, err := xterm.GetState(fd); err == nil {
			restore = func() { _ = xterm.Restore(fd, state) }
		}
		go func() {
			b, err := xterm.ReadPassword(fd)
			done <- result{b, err}
		}()
	} else {
		go func() {
			b, err := readLine(s.In)
			done <- result{b, err}
		}()
	}
	select {
	case r := <-done:
		return r.b, r.err
	case <-ctx.Done():
		restore()
		return nil, ctx.Err()
	}
}

// readLine reads up to a newline, one byte at a time so that nothing after
// it is consumed.
func readLine(in io.Reader) ([]byte, error) {
	var b []byte
	buf := make([]byte, 1)
	for {
		n, err := in.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				break
			}
			b = append(b, buf[0])
		}
		if err != nil {
			if err == io.EOF {
				break
			}
			return nil, err
		}
	}
	return bytes.TrimRight(b, "\r"), nil
}
