package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/templates"
)

// InitOptions are the options of `vouch init`.
type InitOptions struct {
	Dir     string
	Company string
	Force   bool
}

func newCmdInit(f *Factory) *cobra.Command {
	opts := &InitOptions{}
	cmd := &cobra.Command{
		Use:   "init DIR",
		Short: "Write an editable catalog, the embedded default as a starting point",
		Long: `Write a catalog directory (company.yaml, controls/, certifications.yaml,
subprocessors.yaml, processing.yaml, library.yaml) that starts as a copy of
the embedded default. With --company, the default company's name is replaced
by yours throughout; every claim still needs your review before you answer
a questionnaire from it.

EXIT STATUS
  0 written; 1 the directory is not empty (without --force) or not writable; 2 usage error`,
		Example: `  vouch init catalog --company "Acme Inc."
  vouch controls validate --catalog catalog`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = args[0]
			src := templates.DefaultCatalog()
			files, err := controls.Init(cmd.Context(), src, opts.Dir, controls.InitOptions{Company: opts.Company, From: "Kora Studio", Force: opts.Force})
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "wrote %d files to %s\nnext: edit %s/company.yaml and %s/controls/, then run: vouch controls validate --catalog %s\n",
				len(files), opts.Dir, opts.Dir, opts.Dir, opts.Dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.Company, "company", "", "your company's name, put in place of the default's")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "write into a non-empty directory")
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
