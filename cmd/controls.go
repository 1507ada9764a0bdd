package cmd

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/output"
	"github.com/vouchcli/vouch/internal/ui"
	"github.com/vouchcli/vouch/questionnaire/match"
)

func newCmdControls(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "controls",
		Short: "List, show, validate and edit the control catalog",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newCmdControlsList(f, nil), newCmdControlsShow(f, nil), newCmdControlsValidate(f, nil), newCmdControlsSet(f, nil), newCmdControlsEvidence(f, nil))
	return cmd
}

// ListOptions are the options of `controls list`.
type ListOptions struct {
	Output    string
	Domain    string
	Status    string
	Framework string
	Search    string
}

// controlRows is the list of controls as printed.
type controlRows []controls.Control

func (r controlRows) Grid() output.Grid {
	g := output.Grid{Header: []string{"id", "domain", "status", "title", "caveat"}, StatusCol: 2}
	for _, c := range r {
		g.Rows = append(g.Rows, []string{c.ID, c.Domain, string(c.Status), c.Title, c.Caveat})
	}
	return g
}

func newCmdControlsList(f *Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the catalog's controls",
		Long: `List the catalog's controls, optionally filtered by domain, status,
framework mapping or text.

EXIT STATUS
  0 success; 1 invalid catalog; 2 usage error`,
		Example: `  vouch controls list
  vouch controls list -o json --domain encryption --status partial
  vouch controls list --framework soc2 -o csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := outputFormat(cmd, opts.Output)
			if err != nil {
				return err
			}
			filter := controls.Filter{Domain: opts.Domain, Framework: opts.Framework, Text: opts.Search}
			if opts.Status != "" {
				st, err := controls.ParseStatus(opts.Status)
				if err != nil {
					return &FlagError{fmt.Errorf("--status: %w", err)}
				}
				filter.Status = st
			}
			if runF != nil {
				return runF(opts)
			}
			cat, err := f.Catalog(cmd.Context())
			if err != nil {
				return err
			}
			noteCatalog(f, cat)
			if opts.Domain != "" && !containsFold(cat.Domains(), opts.Domain) {
				return &FlagError{fmt.Errorf("--domain: unknown domain %q (catalog has: %s)", opts.Domain, strings.Join(cat.Domains(), ", "))}
			}
			list := cat.Select(filter)
			if list == nil {
				list = []controls.Control{}
			}
			return output.Write(f.IOStreams, format, controlRows(list))
		},
	}
	addOutputFlag(cmd, &opts.Output)
	cmd.Flags().StringVar(&opts.Domain, "domain", "", "only this `domain` (e.g. encryption)")
	cmd.Flags().StringVar(&opts.Status, "status", "", "only this status: implemented|partial|planned|alternative|not-applicable|draft")
	cmd.Flags().StringVar(&opts.Framework, "framework", "", "only controls mapped to this framework (soc2, iso27001, caiq, ...)")
	cmd.Flags().StringVar(&opts.Search, "search", "", "only controls whose id, title, statement or keywords contain this `text`")
	return cmd
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// controlDetail is one control as `controls show` prints it.
type controlDetail struct{ controls.Control }

func (d controlDetail) Grid() output.Grid {
	c := d.Control
	g := output.Grid{Header: []string{"field", "value"}, StatusCol: -1}
	add := func(k, v string) {
		if v != "" {
			g.Rows = append(g.Rows, []string{k, v})
		}
	}
	add("id", c.ID)
	add("title", c.Title)
	add("domain", c.Domain)
	add("status", string(c.Status))
	add("statement", c.Statement)
	add("caveat", c.Caveat)
	add("owner", c.Owner)
	add("keywords", strings.Join(c.Keywords, ", "))
	for _, k := range c.Frameworks.Keys() {
		add("framework "+k, strings.Join(c.Frameworks[k], ", "))
	}
	for _, e := range c.Evidence {
		add("evidence", evidenceLine(e))
	}
	add("reviewed", c.Reviewed.String())
	add("review every", c.ReviewEvery.String())
	add("source", c.Source)
	add("file", fmt.Sprintf("%s:%d", c.File, c.Line))
	return g
}

func evidenceLine(e controls.Evidence) string {
	parts := []string{e.Name}
	if e.Kind != "" {
		parts = append(parts, "kind "+e.Kind)
	}
	if e.Ref != "" {
		parts = append(parts, e.Ref)
	}
	if !e.Collected.IsZero() {
		parts = append(parts, "collected "+e.Collected.String())
	}
	if !e.Expires.IsZero() {
		parts = append(parts, "expires "+e.Expires.String())
	}
	return strings.Join(parts, "; ")
}

// ShowOptions are the options of `controls show`.
type ShowOptions struct {
	Output string
	ID     string
}

func newCmdControlsShow(f *Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one control: statement, caveat, evidence, mappings",
		Long: `Show one control with its statement, caveat, owner, evidence and
framework mappings.

EXIT STATUS
  0 success; 1 unknown control or invalid catalog; 2 usage error`,
		Example: "  vouch controls show ENC-02\n  vouch controls show enc-02 -o yaml",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			format, err := outputFormat(cmd, opts.Output)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			cat, err := f.Catalog(cmd.Context())
			if err != nil {
				return err
			}
			c, ok := cat.Control(opts.ID)
			if !ok {
				return fmt.Errorf("no control %q in catalog %s (see vouch controls list)", opts.ID, cat.Source)
			}
			if format == output.Table && f.IOStreams.IsStdoutTTY() {
				return renderControl(f, *c)
			}
			if format == output.JSON || format == output.YAML {
				return output.Write(f.IOStreams, format, c)
			}
			return output.Write(f.IOStreams, format, controlDetail{*c})
		},
	}
	addOutputFlag(cmd, &opts.Output)
	return cmd
}

// renderControl prints a control as a readable card on a terminal.
func renderControl(f *Factory, c controls.Control) error {
	st := ui.New(f.IOStreams)
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s\n", st.Title.Render(c.ID+" "+c.Title), st.ForStatus(string(c.Status)).Render(string(c.Status)))
	fmt.Fprintf(&b, "%s\n\n", st.Dim.Render("domain "+c.Domain+"  ·  owner "+cmp.Or(c.Owner, "none")+"  ·  "+fmt.Sprintf("%s:%d", c.File, c.Line)))
	fmt.Fprintf(&b, "%s\n", wrap(c.Statement, f.IOStreams.TerminalWidth()))
	if c.Caveat != "" {
		fmt.Fprintf(&b, "\n%s %s\n", st.Warn.Render("Caveat:"), wrap(c.Caveat, f.IOStreams.TerminalWidth()-8))
	}
	d := controlDetail{c}.Grid()
	b.WriteString("\n")
	for _, r := range d.Rows {
		switch r[0] {
		case "id", "title", "domain", "status", "statement", "caveat", "owner", "file":
			continue
		}
		fmt.Fprintf(&b, "%s %s\n", st.Label.Render(fmt.Sprintf("%-18s", r[0])), r[1])
	}
	if len(c.Evidence) == 0 {
		fmt.Fprintf(&b, "%s %s\n", st.Label.Render(fmt.Sprintf("%-18s", "evidence")), st.Warn.Render("none recorded"))
	}
	_, err := fmt.Fprint(f.IOStreams.Out, b.String())
	return err
}

func wrap(s string, width int) string {
	if width < 40 {
		width = 40
	}
	var out, line strings.Builder
	for _, w := range strings.Fields(s) {
		if line.Len() > 0 && line.Len()+1+len(w) > width {
			out.WriteString(line.String() + "\n")
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteString(" ")
		}
		line.WriteString(w)
	}
	out.WriteString(line.String())
	return out.String()
}

// ValidateOptions are the options of `controls validate`.
type ValidateOptions struct {
	Output string
}

type validateResult struct {
	Catalog  string             `json:"catalog" yaml:"catalog"`
	Valid    bool               `json:"valid" yaml:"valid"`
	Controls int                `json:"controls" yaml:"controls"`
	Problems []controls.Problem `json:"problems" yaml:"problems"`
}

func (r validateResult) Grid() output.Grid {
	g := output.Grid{Header: []string{"file", "line", "problem"}, StatusCol: -1}
	for _, p := range r.Problems {
		g.Rows = append(g.Rows, []string{p.File, fmt.Sprint(p.Line), p.Msg})
	}
	return g
}

func newCmdControlsValidate(f *Factory, runF func(*ValidateOptions) error) *cobra.Command {
	opts := &ValidateOptions{}
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Check the catalog strictly: every problem with file:line",
		Long: `Load the catalog strictly and report every problem at once, one line
each with file and line: unknown fields, wrong types, duplicate IDs, unknown
references, statuses outside the allowed set, bad dates, evidence that
expires before it was collected.

EXIT STATUS
  0 the catalog is valid; 1 it is not (or cannot be read); 2 usage error`,
		Example: "  vouch controls validate\n  vouch controls validate --catalog ./catalog",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := outputFormat(cmd, opts.Output)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			cat, err := f.Catalog(cmd.Context())
			var ve *controls.ValidationError
			if err != nil && !errors.As(err, &ve) {
				return err
			}
			res := validateResult{Catalog: f.CatalogName(), Valid: err == nil, Problems: []controls.Problem{}}
			if cat != nil {
				res.Controls = len(cat.Controls)
				// topics name concepts of the matcher's vocabulary, which
				// the catalog package does not know
				if tp := topicProblems(cat); len(tp) > 0 && ve == nil {
					ve = &controls.ValidationError{Problems: tp}
					err = ve
					res.Valid = false
				}
			}
			if ve != nil {
				res.Problems = ve.Problems
			}
			if format == output.Table {
				if ve != nil {
					return err // Main prints one line per problem on stderr
				}
				fmt.Fprintf(f.IOStreams.Out, "%s: valid (%d controls, %d certifications, %d subprocessors, %d library answers)\n",
					res.Catalog, len(cat.Controls), len(cat.Certifications), len(cat.Subprocessors.Entries), len(cat.Library))
				return nil
			}
			if werr := output.Write(f.IOStreams, format, res); werr != nil {
				return werr
			}
			if ve != nil {
				return fmt.Errorf("%s: %d problems: %w", res.Catalog, len(ve.Problems), ErrSilent)
			}
			return nil
		},
	}
	addOutputFlag(cmd, &opts.Output)
	return cmd
}

// SetOptions are the options of `controls set`.
type SetOptions struct {
	ID          string
	Status      string
	Reviewed    string
	ReviewEvery string
	Owner       string
	Caveat      string
	Evidence    []string
	change      controls.Change
}

func newCmdControlsSet(f *Factory, runF func(*SetOptions) error) *cobra.Command {
	opts := &SetOptions{}
	cmd := &cobra.Command{
		Use:   "set ID",
		Short: "Edit a control in the catalog's YAML (only the changed lines change)",
		Long: `Change a control's status, review date, review interval, owner or caveat,
or add evidence. Only the lines of the fields changed are rewritten:
comments, folded strings, quoting, key order and blank lines elsewhere stay
byte for byte, so the pull request shows the one real change. The edited
catalog is validated before the file is replaced atomically (through a
symlink, the file it points to), and nothing is written when it would be
invalid. An empty --caveat removes the caveat.
Needs a catalog directory (--catalog, VOUCH_CATALOG or vouch.yaml): the
embedded default is read-only; copy it first with vouch init.

EXIT STATUS
  0 changed; 1 invalid catalog, unknown control or unwritable file; 2 usage error`,
		Example: `  vouch controls set ENC-02 --catalog ./catalog --status implemented --reviewed 2026-11-20 \
    --evidence "name=TLS scan,ref=evidence/tls.pdf,collected=2026-11-01,expires=2027-11-01"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			ch := &opts.change
			if opts.Status != "" {
				st, err := controls.ParseStatus(opts.Status)
				if err != nil {
					return &FlagError{fmt.Errorf("--status: %w", err)}
				}
				ch.Status = st
			}
			if opts.Reviewed != "" {
				d, err := controls.ParseDate(opts.Reviewed)
				if err != nil {
					return &FlagError{fmt.Errorf("--reviewed: %w", err)}
				}
				ch.Reviewed = &d
			}
			if opts.ReviewEvery != "" {
				p, err := controls.ParsePeriod(opts.ReviewEvery)
				if err != nil {
					return &FlagError{fmt.Errorf("--review-every: %w", err)}
				}
				ch.ReviewEvery = &p
			}
			if cmd.Flags().Changed("owner") {
				ch.Owner = &opts.Owner
			}
			if cmd.Flags().Changed("caveat") {
				ch.Caveat = &opts.Caveat
			}
			for _, e := range opts.Evidence {
				ev, err := controls.ParseEvidence(e)
				if err != nil {
					return &FlagError{fmt.Errorf("--evidence: %w", err)}
				}
				ch.Evidence = append(ch.Evidence, ev)
			}
			if ch.Empty() {
				return flagErrorf("nothing to change: give --status, --reviewed, --review-every, --owner, --caveat or --evidence")
			}
			if runF != nil {
				return runF(opts)
			}
			return setRun(cmd, f, opts.ID, *ch)
		},
	}
	cmd.Flags().StringVar(&opts.Status, "status", "", "new status: implemented|partial|planned|alternative|not-applicable|draft")
	cmd.Flags().StringVar(&opts.Reviewed, "reviewed", "", "date of the last review, `YYYY-MM-DD`")
	cmd.Flags().StringVar(&opts.ReviewEvery, "review-every", "", "review interval, e.g. 90d, 6m, 1y")
	cmd.Flags().StringVar(&opts.Owner, "owner", "", "who keeps the control true")
	cmd.Flags().StringVar(&opts.Caveat, "caveat", "", "the honest limit of the claim (empty to clear)")
	cmd.Flags().StringArrayVar(&opts.Evidence, "evidence", nil, "add evidence: \"name=...,kind=...,ref=...,collected=YYYY-MM-DD,expires=YYYY-MM-DD\" (repeatable)")
	return cmd
}

// setRun applies a change to a control of the catalog directory.
func setRun(cmd *cobra.Command, f *Factory, id string, ch controls.Change) error {
	dir := f.Config().Catalog
	if dir == "" {
		return fmt.Errorf("the embedded default catalog is read-only: run 'vouch init DIR --example kora' and pass --catalog DIR")
	}
	if _, _, err := f.CatalogFS(); err != nil {
		return err
	}
	file, err := controls.Set(cmd.Context(), dir, id, ch)
	if err != nil {
		if errors.Is(err, os.ErrPermission) {
			return fmt.Errorf("%s: catalog is not writable: %w", dir, err)
		}
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "updated %s in %s\n", strings.ToUpper(id), file)
	return nil
}

// EvidenceOptions are the options of `controls evidence add|rm|replace`.
type EvidenceOptions struct {
	Op        string // add, rm, replace
	ID        string
	Name      string // rm, replace: the item's name
	Specs     []string
	Collected string // rm, replace: pick among items of the same name
	change    controls.Change
}

func newCmdControlsEvidence(f *Factory, runF func(*EvidenceOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "evidence",
		Short: "Add, remove or replace a control's evidence items",
		Long: `Keep a control's evidence current: add new items, remove one, or replace
one by a newer collection. Only the lines of the items changed are
rewritten; the rest of the file stays byte for byte.

An evidence item is "name=...,kind=...,ref=...,collected=YYYY-MM-DD,expires=YYYY-MM-DD".
An expired item that a newer, valid item of the same name or kind
supersedes no longer blocks answers (vouch gaps still notes it, low): add
the new one and keep the history, or replace the old one.`,
		Args: cobra.NoArgs,
	}
	run := func(opts *EvidenceOptions) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if opts.Op != "add" {
				opts.Name = args[1]
				opts.Specs = args[2:]
			} else {
				opts.Specs = args[1:]
			}
			if err := opts.resolve(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return setRun(cmd, f, opts.ID, opts.change)
		}
	}
	add := &EvidenceOptions{Op: "add"}
	addCmd := &cobra.Command{
		Use:   "add ID EVIDENCE...",
		Short: "Add evidence items to a control",
		Long: `Add one or more evidence items to a control.

EXIT STATUS
  0 changed; 1 invalid catalog, unknown control or unwritable file; 2 usage error`,
		Example: `  vouch controls evidence add ENC-02 "name=KMS config,kind=config,ref=evidence/kms-2026.png,collected=2026-11-01,expires=2027-11-01" --catalog ./catalog`,
		Args:    cobra.MinimumNArgs(2),
		RunE:    run(add),
	}
	rm := &EvidenceOptions{Op: "rm"}
	rmCmd := &cobra.Command{
		Use:   "rm ID NAME",
		Short: "Remove an evidence item from a control",
		Long: `Remove the evidence item NAME (case-insensitive) from a control. When
several items share the name, --collected picks one.

EXIT STATUS
  0 changed; 1 invalid catalog, unknown control or item, unwritable file; 2 usage error`,
		Example: `  vouch controls evidence rm ENC-02 "KMS config" --collected 2025-11-01 --catalog ./catalog`,
		Args:    cobra.ExactArgs(2),
		RunE:    run(rm),
	}
	rmCmd.Flags().StringVar(&rm.Collected, "collected", "", "the item collected on this date, `YYYY-MM-DD`, when several share the name")
	rep := &EvidenceOptions{Op: "replace"}
	repCmd := &cobra.Command{
		Use:   "replace ID NAME EVIDENCE",
		Short: "Replace an evidence item of a control by a new one",
		Long: `Replace the evidence item NAME of a control by EVIDENCE, in place. The keys
EVIDENCE does not give (name, kind, ref, collected, expires) keep the old
item's values: a new collection of the same artefact needs only its ref and
dates.

EXIT STATUS
  0 changed; 1 invalid catalog, unknown control or item, unwritable file; 2 usage error`,
		Example: `  vouch controls evidence replace ENC-02 "KMS config" "kind=config,ref=evidence/kms-2026.png,collected=2026-11-01,expires=2027-11-01" --catalog ./catalog`,
		Args:    cobra.ExactArgs(3),
		RunE:    run(rep),
	}
	repCmd.Flags().StringVar(&rep.Collected, "collected", "", "the item collected on this date, `YYYY-MM-DD`, when several share the name")
	cmd.AddCommand(addCmd, rmCmd, repCmd)
	return cmd
}

// resolve parses the arguments into the change; every problem is a usage error.
func (o *EvidenceOptions) resolve() error {
	o.change = controls.Change{}
	ref := controls.EvidenceRef{Name: strings.TrimSpace(o.Name)}
	if o.Op != "add" && ref.Name == "" {
		return flagErrorf("the evidence NAME is empty")
	}
	if o.Collected != "" {
		d, err := controls.ParseDate(o.Collected)
		if err != nil {
			return flagErrorf("--collected: %v", err)
		}
		ref.Collected = &d
	}
	for _, spec := range o.Specs {
		if o.Op == "replace" && !hasKey(spec, "name") {
			spec = "name=" + ref.Name + "," + spec
		}
		ev, err := controls.ParseEvidence(spec)
		if err != nil {
			return &FlagError{err}
		}
		switch o.Op {
		case "add":
			o.change.Evidence = append(o.change.Evidence, ev)
		case "replace":
			o.change.ReplaceEvidence = append(o.change.ReplaceEvidence, controls.EvidenceReplacement{Ref: ref, New: ev, Merge: true})
		}
	}
	if o.Op == "rm" {
		o.change.RemoveEvidence = []controls.EvidenceRef{ref}
	}
	return nil
}

// hasKey reports whether an evidence spec sets key.
func hasKey(spec, key string) bool {
	for _, part := range strings.Split(spec, ",") {
		k, _, ok := strings.Cut(part, "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), key) {
			return true
		}
	}
	return false
}

// topicProblems lists the topics of the catalog's controls that are no
// concept of the vocabulary (questionnaire/match/concepts.yaml).
func topicProblems(cat *controls.Catalog) []controls.Problem {
	var out []controls.Problem
	for i := range cat.Controls {
		ct := &cat.Controls[i]
		for _, t := range match.UnknownTopics(ct) {
			out = append(out, controls.Problem{File: ct.File, Line: ct.Line,
				Msg: fmt.Sprintf("control %s: topic %q is no concept of the vocabulary (vouch questionnaire concepts lists them)", ct.ID, t)})
		}
	}
	return out
}
