package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/atomicfile"
	"github.com/vouchcli/vouch/internal/output"
	"github.com/vouchcli/vouch/internal/term"
	"github.com/vouchcli/vouch/internal/ui"
	"github.com/vouchcli/vouch/templates"
)

func init() {
	extraCommands = append(extraCommands, func(f *Factory) *cobra.Command { return newCmdGaps(f, nil) })
}

// GapsOptions are the options of `gaps`.
type GapsOptions struct {
	Output    string
	AsOf      string
	Within    string
	FailOn    string
	Framework string
	Severity  []string
	Out       string
	Force     bool
	Baseline  string

	format     output.Format
	outFormat  output.Format
	asOf       time.Time
	within     controls.Period
	failOn     controls.Severity
	severities []controls.Severity
}

// outFormats maps --out extensions to formats.
var outFormats = map[string]output.Format{
	".xlsx": "xlsx", ".csv": output.CSV, ".md": output.Markdown, ".markdown": output.Markdown,
	".json": output.JSON, ".yaml": output.YAML, ".yml": output.YAML,
}

func newCmdGaps(f *Factory, runF func(*GapsOptions) error) *cobra.Command {
	opts := &GapsOptions{}
	cmd := &cobra.Command{
		Use:   "gaps",
		Short: "List the evidence gaps between the catalog and an honest \"Yes\"",
		Long: `List what stands between the catalog and an honest "Yes", by severity:
certifications not held or in progress, claimed controls without evidence,
evidence expired or expiring, reviews overdue, planned controls, hedged
claims (caveats a buyer will probe), inconsistent public claims (a security
contact that is a sales inbox, documents that disagree on a contact, no
address for vulnerability reports, subprocessors without location or DPA
reference, an unpublished subprocessor list, documents without a "last
updated" date, empty company fields the DPA needs) and framework coverage
(SOC 2 common criteria, ISO/IEC 27001:2022 Annex A).

Findings are computed for --as-of (default: today), so a run is
reproducible. Each has a stable id (GAP-<kind>-<subject>) for tickets.
--severity keeps only the listed severities; --fail-on counts what is shown.

Known, accepted gaps go in the catalog's waivers.yaml (finding id or a
pattern with *, reason, approver, expires): a waived finding is shown as
waived and does not count for --fail-on until its waiver expires. A waiver
past its expiry, or one that matches no finding, is a finding itself.
--baseline FILE (an earlier gaps -o json) makes --fail-on count only the
findings that are new since then.

EXIT STATUS
  0 success; 1 invalid catalog or unwritable --out; 2 usage error;
  3 a finding at or above the --fail-on severity was found`,
		Example: `  vouch gaps
  vouch gaps -o json
  vouch gaps --as-of 2027-03-01 --within 30d
  vouch gaps --fail-on high
  vouch gaps --framework soc2
  vouch gaps --severity high,medium -o markdown
  vouch gaps --out gaps.xlsx
  vouch gaps --out baseline.json
  vouch gaps --baseline baseline.json --fail-on high`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.validate(cmd, f); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return gapsRun(cmd, f, opts)
		},
	}
	addOutputFlag(cmd, &opts.Output, output.Table, output.JSON, output.YAML, output.CSV, output.Markdown)
	cmd.Flags().StringVar(&opts.AsOf, "as-of", "", "compute findings for this date, `YYYY-MM-DD` (default: today)")
	cmd.Flags().StringVar(&opts.Within, "within", "30d", "report evidence expiring and reviews falling due within this `window` (e.g. 30d, 6w, 2m; 0 for none)")
	cmd.Flags().StringVar(&opts.FailOn, "fail-on", "", "exit 3 when a finding at or above this severity exists: high|medium|low")
	cmd.Flags().StringVar(&opts.Framework, "framework", "", "list the criteria of this framework that no control covers: soc2|iso27001")
	cmd.Flags().StringSliceVar(&opts.Severity, "severity", nil, "show only these severities (comma-separated): high,medium,low")
	cmd.Flags().StringVar(&opts.Out, "out", "", "write the findings to `FILE` instead; format from the extension: .xlsx, .csv, .md, .json, .yaml")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "overwrite an existing --out file")
	cmd.Flags().StringVar(&opts.Baseline, "baseline", "", "an earlier `FILE` of gaps -o json: --fail-on counts only findings new since then")
	for name, values := range map[string][]string{"fail-on": sevNames(), "framework": {"soc2", "iso27001"}, "severity": sevNames()} {
		values := values
		_ = cmd.RegisterFlagCompletionFunc(name, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return values, cobra.ShellCompDirectiveNoFileComp
		})
	}
	return cmd
}

func sevNames() []string {
	out := make([]string, len(controls.Severities))
	for i, s := range controls.Severities {
		out[i] = string(s)
	}
	return out
}

// validate checks and resolves the flags; every problem is a usage error.
func (o *GapsOptions) validate(cmd *cobra.Command, f *Factory) error {
	var err error
	if o.format, err = outputFormat(cmd, o.Output); err != nil {
		return err
	}
	if o.AsOf != "" {
		d, err := controls.ParseDate(o.AsOf)
		if err != nil {
			return flagErrorf("--as-of: %v (e.g. 2027-03-01)", err)
		}
		o.asOf = d.Time
	} else {
		o.asOf = f.today()
	}
	if w := strings.TrimSpace(o.Within); w != "" && w != "0" && w != "0d" {
		p, err := controls.ParsePeriod(w)
		if err != nil {
			return flagErrorf("--within: %q is not a window: want a number of days, weeks, months or years (e.g. 30d, 6w, 2m, 1y), or 0", o.Within)
		}
		o.within = p
	}
	if o.FailOn != "" {
		if o.failOn, err = controls.ParseSeverity(o.FailOn); err != nil {
			return flagErrorf("--fail-on: invalid value %q: want one of %s", o.FailOn, strings.Join(sevNames(), ", "))
		}
	}
	o.severities = nil
	for _, s := range o.Severity {
		sv, err := controls.ParseSeverity(s)
		if err != nil {
			return flagErrorf("--severity: invalid value %q: want one or more of %s, comma-separated", s, strings.Join(sevNames(), ", "))
		}
		o.severities = append(o.severities, sv)
	}
	if o.Framework != "" {
		o.Framework = strings.ToLower(o.Framework)
		known, err := controls.LoadCriteria(templates.Frameworks())
		if err != nil {
			return err
		}
		if _, ok := known[o.Framework]; !ok {
			return flagErrorf("--framework: unknown framework %q: want one of %s", o.Framework, strings.Join(controls.FrameworkIDs(known), ", "))
		}
	}
	if o.Out != "" {
		ext := strings.ToLower(filepath.Ext(o.Out))
		format, ok := outFormats[ext]
		if !ok {
			return flagErrorf("--out: cannot tell the format of %q from its extension: use .xlsx, .csv, .md, .json or .yaml", o.Out)
		}
		o.outFormat = format
		if cmd.Flags().Changed("output") {
			return flagErrorf("--out and -o do not go together: --out takes its format from the file extension")
		}
	}
	return nil
}

func gapsRun(cmd *cobra.Command, f *Factory, opts *GapsOptions) error {
	if opts.Out != "" && !opts.Force {
		if _, err := os.Lstat(opts.Out); err == nil {
			return fmt.Errorf("%s already exists: pass --force to overwrite it", opts.Out)
		}
	}
	var baseline map[string]bool
	if opts.Baseline != "" {
		var err error
		if baseline, err = readBaseline(opts.Baseline); err != nil {
			return err
		}
	}
	cat, err := f.Catalog(cmd.Context())
	if err != nil {
		return err
	}
	noteCatalog(f, cat)
	criteria, err := controls.LoadCriteria(templates.Frameworks())
	if err != nil {
		return err
	}
	rep, err := controls.Gaps(cmd.Context(), cat, controls.GapOptions{
		AsOf: opts.asOf, Within: opts.within, Criteria: criteria, Framework: opts.Framework, Severities: opts.severities,
		Baseline: baseline,
	})
	if err != nil {
		return err
	}
	if opts.Out != "" {
		if err := writeGapsFile(opts.Out, opts.outFormat, rep, opts.Force); err != nil {
			return err
		}
		fmt.Fprintf(f.IOStreams.ErrOut, "wrote %d findings to %s (%d high, %d medium, %d low)\n",
			rep.Summary.Total, opts.Out, rep.Summary.High, rep.Summary.Medium, rep.Summary.Low)
	} else if err := writeGaps(f, opts.format, rep); err != nil {
		return err
	}
	if opts.failOn != "" {
		if n := rep.Count(opts.failOn); n > 0 {
			msg := fmt.Sprintf("%d findings at severity %s or above (--fail-on %s)", n, opts.failOn, opts.failOn)
			if s := rep.Summary; s.Waived > 0 || s.Baselined > 0 {
				msg += fmt.Sprintf("; not counted: %d waived, %d in the baseline", s.Waived, s.Baselined)
			}
			return &FoundError{Msg: msg}
		}
	}
	return nil
}

// gapsTable is the findings as the table shows them.
type gapsTable struct{ rep *controls.GapReport }

func (t gapsTable) Grid() output.Grid {
	g := output.Grid{Header: []string{"severity", "finding", "subject", "owner", "why", "what would close it"}, StatusCol: 0, Wrap: true}
	for _, f := range t.rep.Findings {
		kind, why := string(f.Kind), f.Message
		if f.Waiver != nil {
			kind += " (waived)"
			why += " Waived " + f.Waiver.String()
		}
		if f.Baseline {
			kind += " (baseline)"
		}
		g.Rows = append(g.Rows, []string{string(f.Severity), kind, f.Subject, f.Owner, why, f.Remedy})
	}
	return g
}

// readBaseline reads the finding ids of an earlier gaps -o json.
func readBaseline(name string) (map[string]bool, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, fmt.Errorf("--baseline %s: %w", name, errTextOf(err))
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("--baseline %s: not a regular file", name)
	}
	fh, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("--baseline %s: %w", name, errTextOf(err))
	}
	defer fh.Close()
	ids, err := controls.ReadBaseline(fh)
	if err != nil {
		return nil, fmt.Errorf("--baseline %s: %w", name, err)
	}
	return ids, nil
}

// gapsFull is every column of the findings (csv, markdown).
type gapsFull struct{ rep *controls.GapReport }

func (t gapsFull) Grid() output.Grid {
	h, rows := t.rep.Table()
	return output.Grid{Header: h, Rows: rows, StatusCol: 1}
}

func writeGaps(f *Factory, format output.Format, rep *controls.GapReport) error {
	ios := f.IOStreams
	switch format {
	case output.JSON, output.YAML:
		return output.Write(ios, format, rep)
	case output.CSV:
		return output.Write(ios, format, gapsFull{rep})
	case output.Markdown:
		return writeGapsMarkdown(ios.Out, rep)
	}
	st := ui.New(ios)
	var b strings.Builder
	for i, line := range rep.SummaryLines() {
		if i == 0 {
			line = st.Title.Render(line)
		}
		b.WriteString(line + "\n")
	}
	if len(rep.Findings) > 0 {
		b.WriteString("\n")
	}
	if _, err := io.WriteString(ios.Out, b.String()); err != nil {
		return err
	}
	if len(rep.Findings) == 0 {
		return nil
	}
	return output.Write(ios, output.Table, gapsTable{rep})
}

func writeGapsMarkdown(w io.Writer, rep *controls.GapReport) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Evidence gaps: %s\n\n", rep.Company)
	for _, line := range rep.SummaryLines() {
		fmt.Fprintf(&b, "- %s\n", line)
	}
	b.WriteString("\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	return output.WriteMarkdown(w, gapsFull{rep}.Grid())
}

// writeGapsFile writes the report to name atomically: a temporary file in the
// same folder, then a hard link (which fails if name appeared meanwhile) or,
// with force, a rename over it.
func writeGapsFile(name string, format output.Format, rep *controls.GapReport, force bool) error {
	var buf bytes.Buffer
	var err error
	switch format {
	case "xlsx":
		err = controls.WriteGapsXLSX(&buf, rep)
	case output.CSV:
		err = output.WriteCSV(&buf, gapsFull{rep}.Grid())
	case output.Markdown:
		err = writeGapsMarkdown(&buf, rep)
	default:
		err = output.Write(&term.IOStreams{Out: &buf, ErrOut: io.Discard}, format, rep) // json, yaml
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := atomicfile.WriteFile(name, buf.Bytes(), 0o644, force); err != nil {
		if errors.Is(err, atomicfile.ErrExists) {
			return fmt.Errorf("%s already exists: pass --force to overwrite it", name)
		}
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
