package cmd

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

func init() {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	Version = versionFrom(Version, info)
}

// versionFrom is the version vouch reports: the one set with -ldflags when
// there is one, else the module version of `go install module@version`, else
// the VCS revision the go tool stamped into the build ("dev (1a2b3c4d5e6f)",
// "+dirty" for uncommitted changes), else "dev".
func versionFrom(ldflags string, info *debug.BuildInfo) string {
	if ldflags != "" && ldflags != "dev" {
		return ldflags
	}
	if info == nil {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev string
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+dirty"
	}
	return "dev (" + rev + ")"
}

// harden gives every command group the same behaviour: with no subcommand it
// prints its help, with an unknown one it is a usage error (exit 2) that
// carries cobra's suggestions. It adds cobra's completion command first so
// that `completion tcsh` is refused like any other unknown subcommand.
func harden(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	walk(root, func(c *cobra.Command) {
		if !c.HasSubCommands() {
			return
		}
		if c.Run != nil || c.RunE != nil {
			// A command that runs and has subcommands (packet, packet
			// verify): arguments it refuses are a misspelt subcommand.
			if args := c.Args; args != nil {
				c.Args = func(cmd *cobra.Command, a []string) error {
					if err := args(cmd, a); err != nil && len(a) > 0 {
						return unknownCommand(cmd, a[0])
					}
					return nil
				}
			}
			return
		}
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(cmd, args[0])
			}
			return cmd.Help()
		}
	})
}

// unknownCommand is the usage error for a subcommand name that cmd lacks.
func unknownCommand(cmd *cobra.Command, name string) error {
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	msg := fmt.Sprintf("unknown command %q for %q", name, cmd.CommandPath())
	if s := cmd.SuggestionsFor(name); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return &FlagError{fmt.Errorf("%s", msg)}
}

// interruptGrace is how long a step has, after a signal, to notice it and
// return on its own.
const interruptGrace = 2 * time.Second

// finish runs run and returns its exit code. Once ctx ends (a signal), run
// has grace to return; a step that does not look at the context by then is
// given up: cleanup removes the temporary files of the outputs not yet
// committed (outfile.Cleanup: no output appears under its name) and vouch
// exits 130.
func finish(ctx context.Context, grace time.Duration, errOut io.Writer, cleanup func(), run func() int) int {
	done := make(chan int, 1)
	go func() { done <- run() }()
	select {
	case code := <-done:
		return code
	case <-ctx.Done():
	}
	select {
	case code := <-done:
		return code
	case <-time.After(grace):
		cleanup()
		fmt.Fprintln(errOut, "vouch: interrupted")
		return ExitInterrupted
	}
}
