package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vouchcli/vouch/internal/output"
	"github.com/vouchcli/vouch/questionnaire"
	"github.com/vouchcli/vouch/questionnaire/match"
)

func init() {
	extraSubcommands["questionnaire"] = append(extraSubcommands["questionnaire"], func(f *Factory) *cobra.Command { return newCmdAsk(f, nil) })
}

// AskOptions are the options of `questionnaire ask`.
type AskOptions struct {
	Question      string
	ID            string
	Choices       string
	NoComment     bool
	MinConfidence float64
	Output        string
	format        output.Format
}

// askResult prints an explanation as a table of fields.
type askResult struct{ match.Explanation }

func (a askResult) Grid() output.Grid {
	g := output.Grid{Header: []string{"field", "value"}, StatusCol: -1, Wrap: true}
	add := func(k, v string) {
		if v != "" {
			g.Rows = append(g.Rows, []string{k, v})
		}
	}
	x := a.Explanation
	add("status", x.Status)
	add("verdict", x.Verdict)
	add("answer", x.Answer)
	add("comment", x.Comment)
	add("controls", strings.Join(x.Controls, ", "))
	add("library", x.Library)
	add("confidence", fmt.Sprintf("%.2f", x.Confidence))
	add("subject", strings.Join(x.Subject, ", "))
	add("context", strings.Join(x.Context, ", "))
	add("residue", strings.Join(x.Residue, " "))
	add("asks for", strings.Join(x.Asks, ", "))
	for i, r := range x.Reasons {
		add(fmt.Sprintf("reason %d", i+1), r)
	}
	for i, c := range x.Candidates {
		add(fmt.Sprintf("candidate %d", i+1), fmt.Sprintf("%s %s %s (%.2f)", c.Kind, c.ID, c.Title, c.Confidence))
	}
	return g
}

func newCmdAsk(f *Factory, runF func(*AskOptions) error) *cobra.Command {
	opts := &AskOptions{}
	cmd := &cobra.Command{
		Use:   "ask QUESTION",
		Short: "Explain how the catalog answers one question",
		Long: `Answer one question from the catalog, as fill would answer it in a
questionnaire row, and say why: the answer and comment vouch would write, the
controls and library entries used, the confidence, every reason, the
question's analysis (subject concepts, context, residue, the properties it
asks for) and the top candidates.

--choices gives the answer cell's dropdown ("Yes|No|N/A"); without it the cell
is free text. --id gives the row's question ID (a CAIQ ID uses the framework
crosswalk). --no-comment answers as for a sheet without a comment column.

EXIT STATUS
  0 success (answered or for review); 1 bad catalog; 2 usage error`,
		Example: `  vouch questionnaire ask "Do you have a documented incident response plan?"
  vouch questionnaire ask "Is data encrypted at rest?" --choices "Yes|No|N/A" -o json
  vouch q ask "Are backups tested at least annually?" --id BCR-08.1`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Question = args[0]
			var err error
			if opts.format, err = outputFormat(cmd, opts.Output); err != nil {
				return err
			}
			if !(opts.MinConfidence >= 0 && opts.MinConfidence <= 1) {
				return flagErrorf("--min-confidence: %v is out of range: want a number from 0 to 1", opts.MinConfidence)
			}
			if strings.TrimSpace(opts.Question) == "" {
				return flagErrorf("the question is empty")
			}
			if runF != nil {
				return runF(opts)
			}
			return askRun(cmd, f, opts)
		},
	}
	addOutputFlag(cmd, &opts.Output)
	fl := cmd.Flags()
	fl.StringVar(&opts.ID, "id", "", "the row's question `ID` (e.g. a CAIQ ID: IAM-02.1)")
	fl.StringVar(&opts.Choices, "choices", "", "the answer cell's dropdown values, separated by | (e.g. \"Yes|No|N/A\"); a value may be named, as a choices column names it (\"q1_yes=We keep it in a safe\")")
	fl.BoolVar(&opts.NoComment, "no-comment", false, "answer as for a row without a comment column")
	fl.Float64Var(&opts.MinConfidence, "min-confidence", match.DefaultMinConfidence, "below this confidence (0..1) the question goes to review")
	return cmd
}

func askRun(cmd *cobra.Command, f *Factory, opts *AskOptions) error {
	cat, err := f.Catalog(cmd.Context())
	if err != nil {
		return err
	}
	noteCatalog(f, cat)
	allowed, keys := questionnaire.ParseChoices(opts.Choices)
	eng := match.New(cat, match.Options{MinConfidence: opts.MinConfidence, AsOf: f.now()})
	x := eng.Explain(match.Query{ID: opts.ID, Text: opts.Question, Allowed: allowed, Keys: keys, HasComment: !opts.NoComment})
	return output.Write(f.IOStreams, opts.format, askResult{x})
}
