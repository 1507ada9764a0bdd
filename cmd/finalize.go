package cmd

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vouchcli/vouch/internal/output"
	"github.com/vouchcli/vouch/questionnaire"
)

// FinalizeOptions are the options of `questionnaire finalize`.
type FinalizeOptions struct {
	Input     string
	Out       string
	Force     bool
	AllowOpen bool
	Output    string

	format output.Format
}

func newCmdQuestionnaireFinalize(f *Factory, runF func(*FinalizeOptions) error) *cobra.Command {
	opts := &FinalizeOptions{}
	cmd := &cobra.Command{
		Use:   "finalize FILLED",
		Short: "Make the copy of a filled questionnaire that goes back to the buyer",
		Long: `Make the copy of a filled questionnaire that goes back to the buyer: what
vouch added for its reviewer is removed, the answers and comments stay.

From a workbook: the "vouch review" sheet, the "vouch: ..." notes and the
highlight fills vouch added, as the fill recorded them in the workbook
(customXml/vouch-fill.xml, removed too). Nothing of the buyer's is touched:
their formulas, styles, dropdowns and notes stay as they are.
From a CSV: the "vouch review" column fill appended.

Finalize refuses while rows are still marked for review, and lists them: a
row is done once its line is deleted from the "vouch review" sheet (in a
CSV: once its "vouch review" cell is cleared). --allow-open finalizes anyway.
The input is never modified.

EXIT STATUS
  0 success; 1 bad input, rows still for review, or unwritable output;
  2 usage error`,
		Example: `  vouch questionnaire finalize buyer.filled.xlsx --out for-buyer.xlsx --allow-open
  vouch q finalize buyer.filled.csv --out for-buyer.csv --allow-open -o json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Input = args[0]
			var err error
			if opts.format, err = outputFormat(cmd, opts.Output); err != nil {
				return err
			}
			if opts.Out == "" {
				return flagErrorf("--out is required: the copy for the buyer is a new file")
			}
			if runF != nil {
				return runF(opts)
			}
			return finalizeRun(cmd, f, opts)
		},
	}
	addOutputFlag(cmd, &opts.Output, output.Table, output.JSON, output.YAML)
	cmd.Flags().StringVar(&opts.Out, "out", "", "write the buyer's copy to `FILE` (required)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace an existing --out file")
	cmd.Flags().BoolVar(&opts.AllowOpen, "allow-open", false, "finalize although rows are still marked for review")
	return cmd
}

func finalizeRun(cmd *cobra.Command, f *Factory, opts *FinalizeOptions) error {
	if err := checkInput(opts.Input); err != nil {
		return err
	}
	if err := checkOutDir(opts.Out); err != nil {
		return err
	}
	rep, err := questionnaire.Finalize(cmd.Context(), opts.Input, questionnaire.FinalizeOptions{
		Out: opts.Out, Force: opts.Force, AllowOpen: opts.AllowOpen,
	})
	var open *questionnaire.OpenError
	if errors.As(err, &open) {
		writeOpenRows(f.IOStreams.ErrOut, open.Rows)
	}
	if err != nil {
		return err
	}
	if opts.format != output.Table {
		return output.Write(f.IOStreams, opts.format, rep)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "finalized %s into %s\n", rep.Input, rep.Output)
	for _, s := range rep.ReviewSheets {
		fmt.Fprintf(&b, "  removed the %q sheet\n", s)
	}
	fmt.Fprintf(&b, "  removed %d notes and %d highlights", rep.Notes, rep.Highlights)
	if rep.Styles > 0 {
		fmt.Fprintf(&b, " (%d cell formats vouch had added)", rep.Styles)
	}
	b.WriteString("\n")
	for _, c := range rep.Columns {
		fmt.Fprintf(&b, "  removed the %q column\n", c)
	}
	if _, err := io.WriteString(f.IOStreams.Out, b.String()); err != nil {
		return err
	}
	if len(rep.Open) > 0 {
		fmt.Fprintf(f.IOStreams.ErrOut, "warning: %d rows were still marked for review (--allow-open):\n", len(rep.Open))
		writeOpenRows(f.IOStreams.ErrOut, rep.Open)
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(f.IOStreams.ErrOut, "warning: %s\n", w)
	}
	return nil
}

// writeOpenRows lists the rows still for review, one a line.
func writeOpenRows(w io.Writer, rows []questionnaire.OpenRow) {
	for _, r := range rows {
		q := []rune(strings.Join(strings.Fields(r.Question), " "))
		if len(q) > 90 {
			q = append(q[:89], '…')
		}
		fmt.Fprintf(w, "  %s row %d  %s  %s\n", r.Sheet, r.Row, r.ID, string(q))
	}
}
