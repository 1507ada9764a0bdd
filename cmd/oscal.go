package cmd

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/vouchcli/vouch/internal/atomicfile"
	"github.com/vouchcli/vouch/internal/output"
	"github.com/vouchcli/vouch/oscal"
)

func init() {
	extraCommands = append(extraCommands, func(f *Factory) *cobra.Command { return newCmdOSCAL(f, nil, nil) })
}

// OSCALExportOptions are the options of `oscal export`.
type OSCALExportOptions struct {
	Out   string
	Model string
	Force bool

	model oscal.Model
}

// OSCALImportOptions are the options of `oscal import`.
type OSCALImportOptions struct {
	File   string
	Out    string
	Force  bool
	Output string

	format output.Format
}

func newCmdOSCAL(f *Factory, exportF func(*OSCALExportOptions) error, importF func(*OSCALImportOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "oscal",
		Short: "Export the catalog as OSCAL, or start a catalog from an OSCAL component definition",
		Long: `OSCAL is NIST's open format for controls and their implementations, the one
GRC tools exchange. "vouch oscal export" writes the catalog as an OSCAL 1.1.3
component definition (or catalog); "vouch oscal import" reads a component
definition into a new catalog directory.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newCmdOSCALExport(f, exportF), newCmdOSCALImport(f, importF))
	return cmd
}

func newCmdOSCALExport(f *Factory, runF func(*OSCALExportOptions) error) *cobra.Command {
	opts := &OSCALExportOptions{}
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the catalog as an OSCAL component definition or catalog (JSON)",
		Long: `Write the catalog as one OSCAL 1.1.3 JSON document, to stdout or --out.

The default model, component-definition, has one component (the vendor's
service) with one implemented requirement per control: the statement as its
description, the status as implementation-status, the caveat as its remarks
(and after the statement), the owner as a responsible role, evidence as links
to back-matter resources with their dates, framework mappings as props.
--model catalog writes the controls themselves, grouped by domain.
Certifications, subprocessors and public documents are back-matter resources.

UUIDs are derived from the catalog's own IDs and the last-modified date from
its latest recorded date, so the same catalog gives the same bytes.

EXIT STATUS
  0 written; 1 invalid catalog, or --out exists (without --force) or is not writable; 2 usage error`,
		Example: `  vouch oscal export --out kora.component-definition.json
  vouch oscal export --model catalog --out kora.catalog.json
  vouch oscal export --catalog ./catalog --out catalog.json --force`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := oscal.ParseModel(opts.Model)
			if err != nil {
				return &FlagError{fmt.Errorf("--model: %w", err)}
			}
			opts.model = m
			if runF != nil {
				return runF(opts)
			}
			return oscalExportRun(cmd, f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "write to `FILE` instead of stdout")
	cmd.Flags().StringVar(&opts.Model, "model", string(oscal.ComponentDefinitionModel), "OSCAL model: component-definition|catalog")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "overwrite an existing --out file")
	_ = cmd.RegisterFlagCompletionFunc("model", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{string(oscal.ComponentDefinitionModel), string(oscal.CatalogModel)}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func oscalExportRun(cmd *cobra.Command, f *Factory, opts *OSCALExportOptions) error {
	cat, err := f.Catalog(cmd.Context())
	if err != nil {
		return err
	}
	noteCatalog(f, cat)
	b, err := oscal.Export(cmd.Context(), cat, opts.model)
	if err != nil {
		return err
	}
	if opts.Out == "" {
		_, err := f.IOStreams.Out.Write(b)
		return err
	}
	if err := atomicfile.WriteFile(opts.Out, b, 0o644, opts.Force); err != nil {
		if errors.Is(err, atomicfile.ErrExists) {
			return fmt.Errorf("%s already exists: pass --force to overwrite it", opts.Out)
		}
		return fmt.Errorf("write %s: %w", opts.Out, err)
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "wrote %s: OSCAL %s %s, %d controls, %s bytes\n", opts.Out, oscal.Version, opts.model, len(cat.Controls), strconv.Itoa(len(b)))
	return nil
}

func newCmdOSCALImport(f *Factory, runF func(*OSCALImportOptions) error) *cobra.Command {
	opts := &OSCALImportOptions{}
	cmd := &cobra.Command{
		Use:   "import FILE --out DIR",
		Short: "Start a catalog directory from an OSCAL component definition (JSON or YAML)",
		Long: `Read an OSCAL component definition (JSON, or YAML for a .yaml/.yml file, at
most 64 MB) into a new catalog directory: one control per implemented
requirement, with its implementation-status, remarks (the caveat), responsible
role (the owner) and evidence links; certifications, subprocessors and
documents from the back-matter of a vouch export.

Everything that could not be mapped is listed by its JSON path, never dropped
silently. A requirement without an implementation-status is recorded as
planned (never a Yes) until someone reviews it. The catalog written is
validated; when it does not pass, the files stay and each line to fix is
printed. An SSP, a profile or another model is refused, as are duplicate
UUIDs.

EXIT STATUS
  0 imported and valid; 1 bad input, DIR not empty (without --force), or the
  imported catalog needs fixing (lines printed); 2 usage error`,
		Example: `  vouch oscal import component-definition.json --out catalog
  vouch controls validate --catalog catalog
  vouch oscal import cd.yaml --out catalog --force -o json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if opts.Out == "" {
				return flagErrorf("--out DIR is required: the folder to write the catalog into")
			}
			var err error
			if opts.format, err = outputFormat(cmd, opts.Output); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return oscalImportRun(cmd, f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "catalog `DIR` to write (must be empty or absent, unless --force)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "write into a non-empty directory (files of the same name are replaced)")
	addOutputFlag(cmd, &opts.Output, output.Table, output.JSON, output.YAML)
	return cmd
}

// importReport shows the items an import could not map.
type importReport struct {
	*oscal.ImportResult `yaml:",inline"`
}

func (r importReport) Grid() output.Grid {
	g := output.Grid{Header: []string{"path", "not mapped"}, StatusCol: -1, Wrap: true}
	for _, it := range r.Unmapped {
		g.Rows = append(g.Rows, []string{it.Path, it.Note})
	}
	return g
}

func oscalImportRun(cmd *cobra.Command, f *Factory, opts *OSCALImportOptions) error {
	res, err := oscal.Import(cmd.Context(), opts.File, opts.Out, oscal.ImportOptions{Force: opts.Force})
	if res == nil {
		return err
	}
	unmapped := "everything mapped"
	if n := len(res.Unmapped); n > 0 {
		unmapped = fmt.Sprintf("%d items not mapped or mapped with a loss (listed)", n)
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "imported %s into %s: %d controls, %d certifications, %d subprocessors, %d documents; %s\n",
		res.Input, res.Dir, res.Controls, res.Certifications, res.Subprocessors, res.Documents, unmapped)
	if opts.format != output.Table || len(res.Unmapped) > 0 {
		if werr := output.Write(f.IOStreams, opts.format, importReport{res}); werr != nil {
			return werr
		}
	}
	if err == nil {
		fmt.Fprintf(f.IOStreams.ErrOut, "next: review %s, then run: vouch controls validate --catalog %s\n", res.Dir, res.Dir)
	}
	return err
}
