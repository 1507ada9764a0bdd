package cmd

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/output"
	"github.com/vouchcli/vouch/questionnaire"
	"github.com/vouchcli/vouch/questionnaire/match"
)

func init() {
	extraCommands = append(extraCommands, newCmdLibrary)
}

// The answer library: list, show, rm and import (learn adds from answered
// questionnaires).

func newCmdLibrary(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "library",
		Short: "The answer library: list, show, remove and import learned answers",
		Long: `The answer library (library.yaml in the catalog) holds the answers learned from
answered questionnaires (vouch questionnaire learn) or imported from another
library. fill reuses an entry when its question is about the same subject as
the new one and states every property the new one asks for.

EXIT STATUS
  0 success; 1 unknown entry, bad file or catalog; 2 usage error`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newCmdLibraryList(f), newCmdLibraryShow(f), newCmdLibraryRm(f), newCmdLibraryImport(f))
	return cmd
}

// libraryRows prints library entries as a table.
type libraryRows []controls.Answer

func (l libraryRows) Grid() output.Grid {
	g := output.Grid{Header: []string{"id", "kind", "verdict", "question", "sources", "learned", "conflict"}, StatusCol: -1}
	for _, a := range l {
		kind := "claim"
		if a.Kind == controls.AnswerField {
			kind = "field"
		}
		learned := ""
		for _, s := range a.Sources {
			if !s.Learned.IsZero() && s.Learned.String() > learned {
				learned = s.Learned.String()
			}
		}
		g.Rows = append(g.Rows, []string{a.ID, kind, a.Verdict, a.Question, fmt.Sprint(len(a.Sources)), learned, a.Conflict})
	}
	return g
}

func newCmdLibraryList(f *Factory) *cobra.Command {
	var out string
	var conflicts bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the library's entries",
		Example: `  vouch library list
  vouch library list --catalog ./catalog -o json --conflicts`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := outputFormat(cmd, out)
			if err != nil {
				return err
			}
			cat, err := f.Catalog(cmd.Context())
			if err != nil {
				return err
			}
			rows := libraryRows{}
			for _, a := range cat.Library {
				if !conflicts || a.Conflict != "" {
					rows = append(rows, a)
				}
			}
			return output.Write(f.IOStreams, format, rows)
		},
	}
	addOutputFlag(cmd, &out)
	cmd.Flags().BoolVar(&conflicts, "conflicts", false, "only the entries in conflict")
	return cmd
}

// libraryEntry prints one entry as fields.
type libraryEntry struct{ controls.Answer }

func (e libraryEntry) Grid() output.Grid {
	a := e.Answer
	g := output.Grid{Header: []string{"field", "value"}, StatusCol: -1, Wrap: true}
	add := func(k, v string) {
		if v != "" {
			g.Rows = append(g.Rows, []string{k, v})
		}
	}
	add("id", a.ID)
	add("kind", a.Kind)
	add("question", a.Question)
	add("verdict", a.Verdict)
	add("answer", a.Answer)
	add("narrative", a.Narrative)
	add("control", a.Control)
	add("conflict", a.Conflict)
	for i, s := range a.Sources {
		add(fmt.Sprintf("source %d", i+1), s.Describe(true))
	}
	return g
}

func newCmdLibraryShow(f *Factory) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:     "show ID",
		Short:   "Show one library entry with its sources",
		Example: `  vouch library show LIB-0001 --catalog ./catalog -o yaml`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := outputFormat(cmd, out)
			if err != nil {
				return err
			}
			cat, err := f.Catalog(cmd.Context())
			if err != nil {
				return err
			}
			for _, a := range cat.Library {
				if strings.EqualFold(a.ID, args[0]) {
					if format == output.JSON || format == output.YAML {
						return output.Write(f.IOStreams, format, a)
					}
					return output.Write(f.IOStreams, format, libraryEntry{a})
				}
			}
			return fmt.Errorf("library: no entry %s (vouch library list shows them)", args[0])
		},
	}
	addOutputFlag(cmd, &out)
	return cmd
}

// libraryChange is what rm and import did.
type libraryChange struct {
	Catalog   string              `json:"catalog" yaml:"catalog"`
	Removed   []string            `json:"removed,omitempty" yaml:"removed,omitempty"`
	Added     int                 `json:"added" yaml:"added"`
	Merged    int                 `json:"merged" yaml:"merged"`
	Unchanged int                 `json:"unchanged" yaml:"unchanged"` // imported before from the same file and row
	Library   int                 `json:"library" yaml:"library"`
	Conflicts []controls.Conflict `json:"conflicts" yaml:"conflicts"`
}

func (c libraryChange) Grid() output.Grid {
	g := output.Grid{Header: []string{"library", "question", "conflict"}, StatusCol: -1, Wrap: true}
	for _, x := range c.Conflicts {
		g.Rows = append(g.Rows, []string{x.ID, x.Question, x.Message})
	}
	return g
}

// libraryToWrite checks the output format and returns the catalog directory
// a library command writes, with the catalog loaded from it.
func libraryToWrite(cmd *cobra.Command, f *Factory, out string) (output.Format, string, *controls.Catalog, error) {
	format, err := outputFormat(cmd, out)
	if err != nil {
		return "", "", nil, err
	}
	dir := f.Config().Catalog
	if dir == "" {
		return "", "", nil, fmt.Errorf("the embedded default catalog is read-only: run 'vouch init DIR --example kora' and pass --catalog DIR")
	}
	cat, err := f.Catalog(cmd.Context())
	if err != nil {
		return "", "", nil, err
	}
	return format, dir, cat, nil
}

func newCmdLibraryRm(f *Factory) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:     "rm ID...",
		Short:   "Remove library entries",
		Example: `  vouch library rm LIB-0001 --catalog ./catalog`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			format, dir, cat, err := libraryToWrite(cmd, f, out)
			if err != nil {
				return err
			}
			lib, missing := controls.RemoveAnswers(cat.Library, args)
			if len(missing) > 0 {
				return fmt.Errorf("library: no entry %s: nothing removed", strings.Join(missing, ", "))
			}
			if err := controls.SaveLibrary(cmd.Context(), dir, lib); err != nil {
				return err
			}
			res := libraryChange{Catalog: dir, Removed: args, Library: len(lib), Conflicts: []controls.Conflict{}}
			if format != output.Table {
				return output.Write(f.IOStreams, format, res)
			}
			fmt.Fprintf(f.IOStreams.Out, "removed %s; library.yaml now holds %d answers\n", strings.Join(args, ", "), len(lib))
			return nil
		},
	}
	addOutputFlag(cmd, &out, output.Table, output.JSON, output.YAML)
	return cmd
}

func newCmdLibraryImport(f *Factory) *cobra.Command {
	var out string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Import answers from another library.yaml or a CSV of questions and answers",
		Long: `Import answers into the catalog's library: another catalog's library.yaml, or a
CSV with a header holding question, answer and comment (or narrative, notes)
columns, and optionally id and verdict. Entries merge as learn merges them: the
same question becomes one entry with one more source, and two verdicts for it
are a conflict, reported and sent to review by fill until settled.

EXIT STATUS
  0 imported (conflicts are reported, not fatal); 1 unreadable file or catalog; 2 usage error`,
		Example: `  vouch library import other-catalog/library.yaml --catalog ./catalog
  vouch library import answers.csv --catalog ./catalog --dry-run -o json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			format, dir, cat, err := libraryToWrite(cmd, f, out)
			if err != nil {
				return err
			}
			today := controls.Date{Time: f.today()}
			var all []controls.Learned
			for _, file := range args {
				data, err := os.ReadFile(file)
				if err != nil {
					return fmt.Errorf("library import: %w", err)
				}
				ls, err := controls.ImportAnswers(file, data, today)
				if err != nil {
					return err
				}
				for i := range ls {
					if ls[i].Kind == "" && match.IsFormField(ls[i].Question) {
						ls[i].Kind = controls.AnswerField // kept apart, as learn keeps it
					}
					if ls[i].Verdict == "" {
						ls[i].Verdict = questionnaire.VerdictOf(ls[i].Answer)
						ls[i].Source.Verdict = ls[i].Verdict
					}
				}
				all = append(all, ls...)
			}
			merged := controls.MergeLibrary(cat.Library, all, controls.SameQuestion)
			res := libraryChange{Catalog: dir, Added: merged.Added, Merged: merged.Merged, Unchanged: merged.Unchanged, Library: len(merged.Library), Conflicts: merged.Conflicts}
			if !dryRun {
				if err := controls.SaveLibrary(cmd.Context(), dir, merged.Library); err != nil {
					return err
				}
			}
			if format != output.Table {
				return output.Write(f.IOStreams, format, res)
			}
			verb := "library.yaml now holds"
			if dryRun {
				verb = "dry run: library.yaml would hold"
			}
			fmt.Fprintf(f.IOStreams.Out, "%s %d answers (%d added, %d merged into existing entries, %d already imported from the same rows, %d conflicts)\n", verb, res.Library, res.Added, res.Merged, res.Unchanged, len(res.Conflicts))
			if len(res.Conflicts) > 0 {
				fmt.Fprintln(f.IOStreams.Out)
				return output.Write(f.IOStreams, format, res)
			}
			return nil
		},
	}
	addOutputFlag(cmd, &out, output.Table, output.JSON, output.YAML)
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "report what would be imported without writing library.yaml")
	return cmd
}
