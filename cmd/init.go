package cmd

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/examples"
	"github.com/vouchcli/vouch/templates"
)

// InitOptions are the options of `vouch init`.
type InitOptions struct {
	Dir     string
	Company string
	Example string
	Force   bool
}

// exampleCatalogs are the catalogs init --example copies, names unchanged.
var exampleCatalogs = map[string]func() fs.FS{
	"kora":  templates.DefaultCatalog,
	"proto": examples.ProtoStudio,
}

func newCmdInit(f *Factory) *cobra.Command {
	opts := &InitOptions{}
	cmd := &cobra.Command{
		Use:   "init DIR",
		Short: "Write an editable catalog: a starter for your company, or an example",
		Long: `Write a catalog directory (company.yaml, controls/, certifications.yaml,
subprocessors.yaml, processing.yaml, library.yaml).

--company NAME writes a starter for your company: company.yaml with its name
and the fields and contacts to fill, the usual control topics (governance,
access, encryption, logging, incident response, continuity, development,
vulnerabilities, vendors, privacy, retention, people) with every control a
draft whose statement you write, and nothing else. It claims nothing: fill
sends every draft to review and vouch gaps lists what is still to do.

--example kora|proto copies an example catalog as it is, names unchanged
(Kora Studio's is the embedded default, Proto Studio's is in examples/): to
read, to try vouch on, never to answer for your company.

EXIT STATUS
  0 written; 1 the directory is not empty (without --force) or not writable; 2 usage error`,
		Example: `  vouch init catalog --company "Acme Inc."
  vouch init kora-catalog --example kora
  vouch gaps --catalog catalog`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = args[0]
			var src fs.FS
			switch {
			case opts.Company != "" && opts.Example != "":
				return flagErrorf("--company and --example do not go together: a starter for your company, or an example as it is")
			case opts.Example != "":
				load, ok := exampleCatalogs[strings.ToLower(opts.Example)]
				if !ok {
					return flagErrorf("--example: unknown example %q: want kora or proto", opts.Example)
				}
				src = load()
			case cmd.Flags().Changed("company"):
				starter, err := controls.Starter(opts.Company)
				if err != nil {
					return &FlagError{fmt.Errorf("--company: %w", err)}
				}
				src = starter
			default:
				return flagErrorf("give --company NAME for a starter catalog of your own, or --example kora|proto for an example")
			}
			files, err := controls.Init(cmd.Context(), src, opts.Dir, controls.InitOptions{Force: opts.Force})
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "wrote %d files to %s\nnext: edit %s/company.yaml and %s/controls/, then run: vouch gaps --catalog %s\n",
				len(files), opts.Dir, opts.Dir, opts.Dir, opts.Dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.Company, "company", "", "write a starter catalog for this company `NAME`")
	cmd.Flags().StringVar(&opts.Example, "example", "", "copy an example catalog as it is: kora|proto")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "write into a non-empty directory")
	_ = cmd.RegisterFlagCompletionFunc("example", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"kora", "proto"}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func newCmdVersion(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print vouch's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(f.IOStreams.Out, "vouch %s\n", Version)
			return err
		},
	}
}
