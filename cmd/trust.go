package cmd

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/output"
	"github.com/vouchcli/vouch/trust"
)

func init() {
	extraCommands = append(extraCommands, func(f *Factory) *cobra.Command { return newCmdTrust(f, nil) })
}

// TrustOptions are the options of `vouch trust`.
type TrustOptions struct {
	Out         string
	Title       string
	Logo        string
	Date        string
	OnlyDomains []string
	Exclude     []string
	JSON        bool
	Force       bool
	Output      string

	date time.Time
}

type trustFiles struct{ *trust.Result }

func (r trustFiles) Grid() output.Grid {
	g := output.Grid{Header: []string{"file", "size"}, StatusCol: -1}
	for _, f := range r.Files {
		g.Rows = append(g.Rows, []string{f.Name, strconv.Itoa(f.Size)})
	}
	return g
}

func newCmdTrust(f *Factory, runF func(*TrustOptions) error) *cobra.Command {
	opts := &TrustOptions{}
	cmd := &cobra.Command{
		Use:   "trust --out DIR",
		Short: "Write a static trust page for prospects from the catalog",
		Long: `Write a static trust page from the catalog into DIR: index.html with its
stylesheet (trust.css) and fonts beside it. The page needs no JavaScript and
no network. It shows the company's security and privacy contacts as
published, every control by domain with its status in words (a partial
control's limit next to its claim, a planned control as planned), each
certification as it stands ("Not held" said plainly), the subprocessors (or
that the list is available on request), the documents shared on request or
under NDA with whom to ask, the public documents' "last updated" dates, and
the catalog revision and generation date in the footer.

--json also writes trust.json, the same content for a buyer's tooling.
--only-domains keeps the listed control domains; --exclude leaves out
sections (contacts, certifications, controls, subprocessors, documents) or
domains. A catalog's templates/ folder overrides trust.html (an Go
html/template) and trust.css.

The same catalog and --date give the same bytes. Each file is written
atomically; existing files are replaced only with --force.

EXIT STATUS
  0 success; 1 failure (catalog, template, logo, existing files, I/O);
  2 usage error (unknown flag, section or domain, bad date)`,
		Example: `  vouch trust --out site/
  vouch trust --out site/ --date 2026-12-01 --json --logo logo.svg --title "Kora Studio Trust Center"
  vouch trust --out site/ --exclude subprocessors,privacy --force
  vouch trust --out site/ --only-domains encryption,access`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := outputFormat(cmd, opts.Output)
			if err != nil {
				return err
			}
			if opts.Out == "" {
				return flagErrorf("--out DIR is required: the folder the site is written in")
			}
			if opts.Date == "" {
				opts.date = f.today()
			} else {
				d, err := controls.ParseDate(opts.Date)
				if err != nil {
					return flagErrorf("--date: %q is not a date: want YYYY-MM-DD", opts.Date)
				}
				opts.date = d.Time
			}
			if runF != nil {
				return runF(opts)
			}
			return trustRun(cmd, f, opts, format)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Out, "out", "", "`DIR` to write the site in (created if missing)")
	fl.StringVar(&opts.Title, "title", "", "page `title` (default: \"<company> Trust Center\")")
	fl.StringVar(&opts.Logo, "logo", "", "logo image `FILE` (PNG, JPEG, GIF, WebP or SVG), copied beside the page")
	fl.StringVar(&opts.Date, "date", "", "generation `date`, YYYY-MM-DD (default: today); the same date gives the same bytes")
	fl.StringSliceVar(&opts.OnlyDomains, "only-domains", nil, "show only these control `domains` (comma-separated)")
	fl.StringSliceVar(&opts.Exclude, "exclude", nil, "leave out these `sections or domains` (comma-separated)")
	fl.BoolVar(&opts.JSON, "json", false, "also write trust.json, the page's content as JSON")
	fl.BoolVar(&opts.Force, "force", false, "replace existing files of the site")
	addOutputFlag(cmd, &opts.Output)
	return cmd
}

func trustRun(cmd *cobra.Command, f *Factory, opts *TrustOptions, format output.Format) error {
	var logo []byte
	if opts.Logo != "" {
		b, err := os.ReadFile(opts.Logo)
		if err != nil {
			return fmt.Errorf("read logo: %w", err)
		}
		logo = b
	}
	cat, err := f.Catalog(cmd.Context())
	if err != nil {
		return err
	}
	noteCatalog(f, cat)
	start := time.Now()
	res, err := trust.Write(cmd.Context(), cat, opts.Out, trust.Options{
		Title: opts.Title, OnlyDomains: opts.OnlyDomains, Exclude: opts.Exclude, Date: opts.date,
		Generator: "vouch " + Version, Logo: logo, JSON: opts.JSON,
	}, opts.Force)
	if err != nil {
		if errors.Is(err, trust.ErrUnknownName) {
			return &FlagError{err}
		}
		if opts.Logo != "" && errors.Is(err, trust.ErrLogo) {
			return fmt.Errorf("logo %s: %w", opts.Logo, err)
		}
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "wrote %s (%d controls, %d with a limit shown, %d files) in %d ms\n",
		res.Dir, res.Controls, res.Caveats, len(res.Files), time.Since(start).Milliseconds())
	return output.Write(f.IOStreams, format, trustFiles{res})
}
