package cmd

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/vouchcli/vouch/internal/output"
	"github.com/vouchcli/vouch/questionnaire/match"
)

func init() {
	extraSubcommands["questionnaire"] = append(extraSubcommands["questionnaire"], newCmdConcepts)
}

// conceptRows prints the vocabulary.
type conceptRows []match.Concept

func (c conceptRows) Grid() output.Grid {
	g := output.Grid{Header: []string{"id", "broader", "generic", "phrases"}, StatusCol: -1, Wrap: true}
	for _, x := range c {
		generic := ""
		if x.Generic {
			generic = "generic"
		}
		g.Rows = append(g.Rows, []string{x.ID, strings.Join(x.Broader, ", "), generic, strings.Join(x.Phrases, "; ")})
	}
	return g
}

func newCmdConcepts(f *Factory) *cobra.Command {
	var out, grep string
	cmd := &cobra.Command{
		Use:   "concepts",
		Short: "List the concept vocabulary the matcher tags questions and controls with",
		Long: `List the embedded vocabulary of security and privacy concepts
(questionnaire/match/concepts.yaml): each concept's ID, its broader concepts,
whether it is generic (the subject only when nothing more specific is named)
and the phrases that name it. A control's topics: list takes these IDs.

EXIT STATUS
  0 success; 2 usage error`,
		Example: `  vouch questionnaire concepts --grep encryption
  vouch q concepts -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := outputFormat(cmd, out)
			if err != nil {
				return err
			}
			rows := conceptRows{}
			for _, c := range match.Concepts() {
				if grep == "" || strings.Contains(c.ID, strings.ToLower(grep)) || strings.Contains(strings.ToLower(strings.Join(c.Phrases, " ")), strings.ToLower(grep)) {
					rows = append(rows, c)
				}
			}
			return output.Write(f.IOStreams, format, rows)
		},
	}
	addOutputFlag(cmd, &out)
	cmd.Flags().StringVar(&grep, "grep", "", "only the concepts whose ID or phrases hold `TEXT`")
	return cmd
}
