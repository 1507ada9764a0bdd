// Package cmd holds vouch's cobra commands. Each command binds its flags into
// an Options struct, validates them, calls one library function and passes
// the result to internal/output. Main is the only place that prints errors
// and picks the exit code.
package cmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/outfile"
	"github.com/vouchcli/vouch/internal/output"
	"github.com/vouchcli/vouch/internal/term"
	"github.com/vouchcli/vouch/templates"
)

// Version is set at build time with -ldflags "-X github.com/vouchcli/vouch/cmd.Version=...".
var Version = "dev"

// Config is vouch's configuration, resolved once from flags, VOUCH_*
// environment variables and vouch.yaml.
type Config struct {
	Catalog    string // catalog directory; empty: the embedded default
	ConfigFile string // the vouch.yaml used, if any
	// Defaults of command flags, as text ("" when not set): min_confidence
	// (questionnaire fill --min-confidence), governing_law (--law of the
	// documents), output (-o, where the command offers that format).
	MinConfidence string
	GoverningLaw  string
	Output        string
	// Signatory is the vendor's signatory for its documents. The documents
	// do not print a vendor signatory yet; it is read and checked so that a
	// vouch.yaml holding it is valid. It is never used as --signatory, which
	// is the recipient's.
	Signatory string
}

// Factory hands commands their dependencies, lazily.
type Factory struct {
	IOStreams *term.IOStreams
	Now       func() time.Time
	config    *Config
	catalog   *controls.Catalog
}

// Config returns the resolved configuration.
func (f *Factory) Config() *Config {
	if f.config == nil {
		f.config = &Config{}
	}
	return f.config
}

// now is the time the commands work at: f.Now, or the clock when a
// Factory was built without one.
func (f *Factory) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

// today is the date of now, at midnight UTC.
func (f *Factory) today() time.Time {
	t := f.now()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// CatalogName says which catalog commands read: a path or "embedded default".
func (f *Factory) CatalogName() string {
	if dir := f.Config().Catalog; dir != "" {
		return dir
	}
	return "embedded default (Kora Studio)"
}

// CatalogFS returns the catalog's file system and its name.
func (f *Factory) CatalogFS() (fs.FS, string, error) {
	dir := f.Config().Catalog
	if dir == "" {
		return templates.DefaultCatalog(), f.CatalogName(), nil
	}
	info, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, dir, fmt.Errorf("catalog %s: no such directory", dir)
		}
		return nil, dir, fmt.Errorf("catalog %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, dir, fmt.Errorf("catalog %s: not a directory", dir)
	}
	return os.DirFS(dir), dir, nil
}

// Catalog loads (once) and returns the validated catalog.
func (f *Factory) Catalog(ctx context.Context) (*controls.Catalog, error) {
	if f.catalog != nil {
		return f.catalog, nil
	}
	fsys, name, err := f.CatalogFS()
	if err != nil {
		return nil, err
	}
	cat, err := controls.Load(ctx, fsys, name)
	if err != nil {
		return nil, err
	}
	if dir := f.Config().Catalog; dir != "" {
		if rev := gitRevision(dir); rev != "" {
			if strings.HasSuffix(rev, "+dirty") {
				rev += " " + cat.Revision // uncommitted edits: the content hash tells them apart
			}
			cat.Revision = rev
		}
	}
	f.catalog = cat
	return cat, nil
}

// Main runs vouch and returns the exit code.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first signal the default handlers are back: a second one
	// ends vouch at once, whatever step it is in.
	context.AfterFunc(ctx, stop)
	ios := term.System()
	return finish(ctx, interruptGrace, ios.ErrOut, outfile.Cleanup, func() int { return Run(ctx, &Factory{IOStreams: ios, Now: time.Now}, os.Args[1:]) })
}

// Run executes the command line args with the factory's streams, prints any
// error as one line on stderr and returns the exit code.
func Run(ctx context.Context, f *Factory, args []string) int {
	root := NewCmdRoot(f)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	printError(f.IOStreams.ErrOut, err)
	var fe *FlagError
	if errors.As(err, &fe) {
		if c, _, cerr := root.Find(args); cerr == nil && c != nil {
			fmt.Fprintf(f.IOStreams.ErrOut, "Run '%s --help' for usage.\n", c.CommandPath())
		}
	}
	return exitCode(err)
}

// NewCmdRoot builds the whole command tree.
func NewCmdRoot(f *Factory) *cobra.Command {
	v := viper.New()
	root := &cobra.Command{
		Use:   "vouch",
		Short: "Answer security reviews from one honest control catalog",
		Long: `vouch keeps your security control catalog (YAML in git), fills buyers'
security questionnaires from it (XLSX or CSV, their own file back), generates
DPA and NDA packets for prospects and lists the evidence gaps that stand
between the catalog and an honest "Yes".

With no --catalog, VOUCH_CATALOG or vouch.yaml, vouch uses its embedded
default catalog (Kora Studio's, built from its public Security page and
Privacy Policy).

EXIT STATUS
  0  success
  1  failure (bad input, I/O, invalid catalog)
  2  usage error (unknown flag, missing argument, bad value)
  3  finished, but what --fail-on asked to fail on was found
  130 interrupted`,
		Version:       Version,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return resolveConfig(f, v, cmd)
		},
	}
	root.SetIn(f.IOStreams.In)
	root.SetOut(f.IOStreams.Out)
	root.SetErr(f.IOStreams.ErrOut)
	root.PersistentFlags().String("catalog", "", "catalog `DIR` (default: VOUCH_CATALOG, vouch.yaml, else the embedded default)")
	root.PersistentFlags().String("config", "", "config `FILE` (default: ./vouch.yaml, then $XDG_CONFIG_HOME/vouch/vouch.yaml)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &FlagError{err} })
	root.SetVersionTemplate("vouch {{.Version}}\n")

	root.AddCommand(newCmdControls(f))
	root.AddCommand(newCmdInit(f))
	root.AddCommand(newCmdVersion(f))
	for _, add := range extraCommands {
		root.AddCommand(add(f))
	}
	for _, c := range root.Commands() {
		for _, add := range extraSubcommands[c.Name()] {
			c.AddCommand(add(f))
		}
	}
	harden(root)
	addCompletions(f, root)
	// Usage errors from argument validators and unknown commands exit 2.
	walk(root, func(c *cobra.Command) {
		if c.Args != nil {
			args := c.Args
			c.Args = func(cmd *cobra.Command, a []string) error {
				if err := args(cmd, a); err != nil {
					return &FlagError{err}
				}
				return nil
			}
		}
	})
	return root
}

// extraCommands are added by the files of other command groups (init funcs),
// so that each group registers itself.
var extraCommands []func(*Factory) *cobra.Command

// extraSubcommands are added under the top-level command of the key's name,
// so that a subcommand can live in its own file.
var extraSubcommands = map[string][]func(*Factory) *cobra.Command{}

func walk(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, sub := range c.Commands() {
		walk(sub, fn)
	}
}

// addOutputFlag registers -o/--output with the allowed formats.
func addOutputFlag(cmd *cobra.Command, p *string, allowed ...output.Format) {
	if len(allowed) == 0 {
		allowed = output.Formats
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	cmd.Flags().StringVarP(p, "output", "o", string(output.Table), "output format: "+strings.Join(names, "|"))
	_ = cmd.RegisterFlagCompletionFunc("output", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	cmd.Annotations = map[string]string{"formats": strings.Join(names, ",")}
}

// outputFormat validates the -o value of cmd.
func outputFormat(cmd *cobra.Command, s string) (output.Format, error) {
	var allowed []output.Format
	for _, n := range strings.Split(cmd.Annotations["formats"], ",") {
		allowed = append(allowed, output.Format(n))
	}
	f, err := output.ParseFormat(s, allowed)
	if err != nil {
		return "", &FlagError{err}
	}
	return f, nil
}

// noteCatalog tells a terminal user on stderr which catalog is read.
func noteCatalog(f *Factory, cat *controls.Catalog) {
	if f.IOStreams.IsStderrTTY() {
		fmt.Fprintf(f.IOStreams.ErrOut, "catalog: %s (%d controls)\n", cat.Source, len(cat.Controls))
	}
}
