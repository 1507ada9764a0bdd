package cmd

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/outfile"
	"github.com/vouchcli/vouch/internal/output"
	"github.com/vouchcli/vouch/questionnaire"
	"github.com/vouchcli/vouch/questionnaire/match"
)

func init() {
	extraSubcommands["questionnaire"] = append(extraSubcommands["questionnaire"], newCmdLearn)
}

// LearnOptions are the options of `questionnaire learn`.
type LearnOptions struct {
	Files  []string
	Output string
	DryRun bool
	Read   questionnaire.ReadOptions
}

type learnResult struct {
	Catalog   string              `json:"catalog" yaml:"catalog"`
	Files     []learnFile         `json:"files" yaml:"files"`
	Added     int                 `json:"added" yaml:"added"`
	Merged    int                 `json:"merged" yaml:"merged"`
	Unchanged int                 `json:"unchanged" yaml:"unchanged"` // learned before from the same file and row
	Library   int                 `json:"library" yaml:"library"`
	Linked    int                 `json:"linked" yaml:"linked"`
	Fields    int                 `json:"fields" yaml:"fields"` // form fields, learned apart: never reused as claims
	Conflicts []controls.Conflict `json:"conflicts" yaml:"conflicts"`
	DryRun    bool                `json:"dry_run" yaml:"dry_run"`
}

type learnFile struct {
	Path     string `json:"path" yaml:"path"`
	Answered int    `json:"answered" yaml:"answered"`
}

func (r learnResult) Grid() output.Grid {
	g := output.Grid{Header: []string{"library", "question", "conflict"}, StatusCol: -1, Wrap: true}
	for _, c := range r.Conflicts {
		g.Rows = append(g.Rows, []string{c.ID, c.Question, c.Message})
	}
	return g
}

func newCmdLearn(f *Factory) *cobra.Command {
	opts := &LearnOptions{}
	cmd := &cobra.Command{
		Use:   "learn ANSWERED.xlsx|csv...",
		Short: "Add the answered questions of filled questionnaires to the answer library",
		Long: `Read filled questionnaires with the same layout detection as fill and store
each answered question in the catalog's library.yaml: question, verdict,
answer, narrative (the comment column), source file/sheet/row and date,
linked to the best-matching control where the match is confident.

Questions already in the library (or repeated across the files) are merged
into one entry with several sources; one answered Yes in one file and No in
another is marked as a conflict and reported: fill sends it to review until
you settle it in library.yaml. A catalog with only a library and no controls
works: that is how a vendor starts from its past answers.

Needs a catalog directory (--catalog, VOUCH_CATALOG or vouch.yaml).

EXIT STATUS
  0 learned (conflicts are reported, not fatal); 1 unreadable file or catalog; 2 usage error`,
		Example: `  vouch questionnaire learn answered-2025.xlsx --catalog ./catalog
  vouch questionnaire learn a.xlsx b.csv --catalog ./catalog --dry-run -o json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			format, err := outputFormat(cmd, opts.Output)
			if err != nil {
				return err
			}
			if hr, _ := cmd.Flags().GetString("header-row"); hr != "" {
				n, err := strconv.Atoi(hr)
				if err != nil || n < 1 {
					return flagErrorf("--header-row: %q is not a row number (1, 2, ...)", hr)
				}
				opts.Read.HeaderRow = n
			}
			for _, file := range opts.Files {
				if err := checkInput(file); err != nil {
					return err
				}
			}
			dir := f.Config().Catalog
			if dir == "" {
				return fmt.Errorf("learn writes the answer library: give a catalog directory with --catalog (vouch init DIR makes one)")
			}
			// One learn at a time per library: the second waits, then reads
			// the library the first wrote, so neither's answers are lost.
			lock, err := lockLibrary(cmd.Context(), f, dir)
			if err != nil {
				return err
			}
			defer lock.Release()
			cat, err := f.Catalog(cmd.Context())
			if err != nil {
				return err
			}
			engine := match.New(cat, match.Options{AsOf: f.now()})
			link := func(q string) (string, bool) {
				if len(cat.Controls) == 0 {
					return "", false
				}
				c, ok := engine.BestControl(q)
				if !ok || c.Kind != "control" {
					return "", false
				}
				return c.ID, true
			}
			res := learnResult{Catalog: dir, DryRun: opts.DryRun, Conflicts: []controls.Conflict{}}
			var all []controls.Learned
			for _, file := range opts.Files {
				learned, _, err := questionnaire.Learn(cmd.Context(), file, questionnaire.LearnOptions{ReadOptions: opts.Read, Now: f.now, Link: link, IsField: match.IsFormField})
				if err != nil {
					return err
				}
				res.Files = append(res.Files, learnFile{Path: file, Answered: len(learned)})
				for _, l := range learned {
					// A form field ("Date", "Vendor Name") is not a question to reuse.
					if l.Kind == controls.AnswerField {
						res.Fields++ // kept apart: it fills only the same field
					}
					if l.Control != "" {
						res.Linked++
					}
					all = append(all, l)
				}
			}
			// One entry per question: the same words. Two questions that
			// differ in a word ("network" or "host" intrusion detection)
			// are two entries, however alike.
			same := controls.SameQuestion
			merged := controls.MergeLibrary(cat.Library, all, same)
			res.Added, res.Merged, res.Unchanged, res.Conflicts, res.Library = merged.Added, merged.Merged, merged.Unchanged, merged.Conflicts, len(merged.Library)
			if !opts.DryRun {
				if err := controls.SaveLibrary(cmd.Context(), dir, merged.Library); err != nil {
					return err
				}
			}
			if format != output.Table {
				return output.Write(f.IOStreams, format, res)
			}
			for _, lf := range res.Files {
				fmt.Fprintf(f.IOStreams.Out, "%s: %d answered questions\n", lf.Path, lf.Answered)
			}
			verb := "library.yaml now holds"
			if opts.DryRun {
				verb = "dry run: library.yaml would hold"
			}
			fmt.Fprintf(f.IOStreams.Out, "%s %d answers (%d added, %d merged into existing entries, %d already learned from the same rows, %d linked to controls, %d conflicts; %d form fields kept apart)\n",
				verb, res.Library, res.Added, res.Merged, res.Unchanged, res.Linked, len(res.Conflicts), res.Fields)
			if len(res.Conflicts) > 0 {
				fmt.Fprintln(f.IOStreams.Out)
				return output.Write(f.IOStreams, format, res)
			}
			return nil
		},
	}
	addOutputFlag(cmd, &opts.Output, output.Table, output.JSON, output.YAML)
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "report what would be learned without writing library.yaml")
	cmd.Flags().StringVar(&opts.Read.Sheet, "sheet", "", "read only this sheet")
	cmd.Flags().String("header-row", "", "the header row (1-based) when it cannot be detected")
	cmd.Flags().StringVar(&opts.Read.QuestionCol, "question-col", "", "question column letter")
	cmd.Flags().StringVar(&opts.Read.IDCol, "id-col", "", "question ID column letter")
	cmd.Flags().StringVar(&opts.Read.AnswerCol, "answer-col", "", "answer column letter")
	cmd.Flags().StringVar(&opts.Read.CommentCol, "comment-col", "", "comment column letter")
	return cmd
}

// lockLibrary locks dir's library.yaml for a read-merge-write, waiting (and
// saying so on stderr) while another vouch holds it.
func lockLibrary(ctx context.Context, f *Factory, dir string) (*outfile.Lock, error) {
	lib := filepath.Join(dir, "library.yaml")
	l, err := outfile.Acquire(ctx, lib, false)
	if errors.Is(err, outfile.ErrBusy) {
		fmt.Fprintf(f.IOStreams.ErrOut, "waiting for another vouch to finish writing %s\n", lib)
		l, err = outfile.Acquire(ctx, lib, true)
	}
	return l, err
}
