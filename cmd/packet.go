package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"
	"golang.org/x/crypto/ssh"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/dpa"
	"github.com/vouchcli/vouch/internal/output"
	"github.com/vouchcli/vouch/internal/text"
)

func init() {
	extraCommands = append(extraCommands,
		func(f *Factory) *cobra.Command { return newCmdPacket(f, nil) },
		func(f *Factory) *cobra.Command { return newCmdDocument(f, dpa.KindDPA, nil) },
		func(f *Factory) *cobra.Command { return newCmdDocument(f, dpa.KindNDA, nil) },
	)
}

// DocFlags are the recipient flags shared by packet, dpa and nda.
type DocFlags struct {
	Customer     string
	Address      string
	Signatory    string
	Email        string
	Date         string
	Law          string
	Watermark    bool
	Encrypt      bool
	PasswordFile string
	Password     string
	Force        bool
	Out          string
	Font         string
	values       [][2]string // the recipient flags as given, for messages
}

func addDocFlags(cmd *cobra.Command, o *DocFlags) {
	fl := cmd.Flags()
	fl.StringVar(&o.Customer, "customer", "", "the recipient's legal `name`, printed as given (required)")
	fl.StringVar(&o.Address, "customer-address", "", "the recipient's registered `address` (default: \"as stated in the Agreement\")")
	fl.StringVar(&o.Signatory, "signatory", "", "the recipient's signatory, `\"name, title\"`")
	fl.StringVar(&o.Email, "customer-email", "", "the recipient's contact `email` for notices")
	fl.StringVar(&o.Date, "date", "", "document `date`, YYYY-MM-DD (default: today); the same date gives the same bytes")
	fl.StringVar(&o.Law, "law", "", "governing `law`, e.g. \"the laws of England and Wales\" (default: company.yaml governing_law)")
	fl.BoolVar(&o.Watermark, "watermark", false, "stamp every PDF page \"Confidential — prepared for <customer>\"")
	fl.BoolVar(&o.Encrypt, "encrypt", false, "protect the PDFs with a password (AES-256), asked for on the terminal")
	fl.StringVar(&o.PasswordFile, "password-file", "", "protect the PDFs (AES-256) with the password in `FILE` (first line)")
	fl.StringVar(&o.Password, "password", "", "protect the PDFs with this password (insecure: visible in the process list and shell history; prefer --password-file)")
	fl.BoolVar(&o.Force, "force", false, "replace an existing output")
	fl.StringVar(&o.Font, "font", "", "TrueType `FILE` (.ttf) for characters the embedded fonts lack, such as Japanese or Arabic (default: a system font found with fontconfig)")
}

// docOptions validates the shared flags into library options.
func docOptions(f *Factory, o *DocFlags, pdfOut bool) (dpa.Options, error) {
	var opts dpa.Options
	name := strings.TrimSpace(o.Customer)
	if name == "" {
		return opts, flagErrorf("--customer is required: the recipient's legal name")
	}
	for _, fv := range [][2]string{{"--customer", o.Customer}, {"--customer-address", o.Address}, {"--signatory", o.Signatory}, {"--customer-email", o.Email}, {"--law", o.Law}} {
		flag, v := fv[0], fv[1]
		if strings.IndexFunc(v, func(r rune) bool { return unicode.IsControl(r) }) >= 0 {
			return opts, flagErrorf("%s holds a control character (newline or tab); give it on one line", flag)
		}
		if pdfOut {
			if err := dpa.CheckPrintable(flag, v); err != nil {
				return opts, &FlagError{err}
			}
		}
		o.values = append(o.values, fv)
	}
	if len([]rune(name)) > 500 {
		return opts, flagErrorf("--customer is %d characters long; at most 500", len([]rune(name)))
	}
	opts.Customer = dpa.Party{Name: name, Address: strings.TrimSpace(o.Address), Signatory: strings.TrimSpace(o.Signatory), Email: strings.TrimSpace(o.Email)}
	if o.Date == "" {
		opts.Date = f.today()
	} else {
		d, err := time.Parse(time.DateOnly, o.Date)
		if err != nil {
			return opts, flagErrorf("--date %q is not a date (want YYYY-MM-DD)", o.Date)
		}
		if err := dpa.CheckDate(d); err != nil {
			return opts, flagErrorf("--date %s: %v", o.Date, err)
		}
		opts.Date = d
	}
	opts.Fonts = dpa.SystemFonts()
	if o.Font != "" {
		opts.Fonts = dpa.FontFile(o.Font)
	}
	opts.Law = strings.TrimSpace(o.Law)
	if n := len([]rune(opts.Law)); n > dpa.MaxLaw {
		return opts, flagErrorf("--law is %d characters long; at most %d (name the law, e.g. \"the laws of England and Wales\")", n, dpa.MaxLaw)
	}
	if o.Watermark {
		opts.Watermark = "Confidential — prepared for " + name
	}
	n := 0
	for _, set := range []bool{o.Encrypt, o.PasswordFile != "", o.Password != ""} {
		if set {
			n++
		}
	}
	if n > 1 {
		return opts, flagErrorf("use one of --encrypt, --password-file and --password")
	}
	return opts, nil
}

// password reads the PDF password from --password-file, --password (with a
// warning) or the terminal; "" when no encryption was asked for.
func password(ctx context.Context, f *Factory, o *DocFlags) (string, error) {
	switch {
	case o.PasswordFile != "":
		b, err := os.ReadFile(o.PasswordFile)
		if err != nil {
			return "", fmt.Errorf("read password file: %w", err)
		}
		pw := string(b)
		if i := strings.IndexByte(pw, '\n'); i >= 0 {
			if strings.TrimSpace(pw[i:]) != "" {
				return "", fmt.Errorf("password file %s holds more than one line; put the password alone on the first line", o.PasswordFile)
			}
			pw = pw[:i]
		}
		pw = strings.TrimSuffix(pw, "\r")
		if pw == "" {
			return "", fmt.Errorf("password file %s is empty", o.PasswordFile)
		}
		return pw, nil
	case o.Password != "":
		fmt.Fprintln(f.IOStreams.ErrOut, "warning: --password is visible to other users and kept in shell history; prefer --password-file or --encrypt")
		return o.Password, nil
	case o.Encrypt:
		if !f.IOStreams.IsStdinTTY() {
			return "", flagErrorf("--encrypt asks for the password on a terminal; stdin is not one: use --password-file")
		}
		fmt.Fprint(f.IOStreams.ErrOut, "PDF password: ")
		a, err := f.IOStreams.ReadPassword(ctx)
		fmt.Fprintln(f.IOStreams.ErrOut)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprint(f.IOStreams.ErrOut, "Repeat password: ")
		b, err := f.IOStreams.ReadPassword(ctx)
		fmt.Fprintln(f.IOStreams.ErrOut)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(a) != string(b) {
			return "", errors.New("the passwords do not match")
		}
		if len(a) == 0 {
			return "", errors.New("the password is empty")
		}
		return string(a), nil
	}
	return "", nil
}

// LawToBeAgreed is what an NDA says for its governing law when neither
// --law nor the catalog names one: a marked blank for the parties to fill,
// rather than a law the vendor never chose.
const LawToBeAgreed = "[governing law to be agreed]"

// lawOrBlank gives an NDA with no governing law the marked blank, and says
// so on stderr.
func lawOrBlank(f *Factory, cat *controls.Catalog, o *dpa.Options) {
	if strings.TrimSpace(o.Law) != "" || strings.TrimSpace(cat.Company.GoverningLaw) != "" {
		return
	}
	o.Law = LawToBeAgreed
	fmt.Fprintf(f.IOStreams.ErrOut, "warning: the catalog names no governing law: the NDA says %q; pass --law or set governing_law in company.yaml\n", LawToBeAgreed)
}

// docError turns library errors that are the user's flags into usage errors.
func (o *DocFlags) docError(err error) error {
	var us *dpa.UnsupportedScriptError
	if errors.As(err, &us) {
		what := o.flagOf(us.Rune)
		err := fmt.Errorf("%s is in %s script (%q, %U), which the PDF writer cannot lay out yet (right-to-left or shaped text would print wrong): use --format xlsx, which keeps any character", what, us.Script, us.Rune, us.Rune)
		if what != "the text" {
			return &FlagError{err}
		}
		return err
	}
	var mg *dpa.MissingGlyphsError
	if errors.As(err, &mg) {
		what := o.flagOf(mg.Rune)
		hint := "install a TrueType (.ttf) font that has them (for Japanese, fonts-ipafont-gothic; for Korean, fonts-nanum) or pass --font FILE.ttf"
		if o.Font != "" {
			hint = "pass --font with a TrueType font that has them"
		}
		err := fmt.Errorf("%s needs %s characters (%q, %U) that the embedded PDF fonts lack, and %s: %s (XLSX output keeps any character)", what, mg.Script, mg.Rune, mg.Rune, mg.Reason, hint)
		if what != "the text" {
			return &FlagError{err}
		}
		return err
	}
	return docError(err)
}

// flagOf names the recipient flag whose value holds r, or "the text".
func (o *DocFlags) flagOf(r rune) string {
	for _, fv := range o.values {
		if strings.ContainsRune(fv[1], r) {
			return fv[0]
		}
	}
	return "the text"
}

func docError(err error) error {
	if errors.Is(err, dpa.ErrNoLaw) {
		return flagErrorf("the NDA needs a governing law and the catalog names none: pass --law (e.g. --law \"the laws of England and Wales\") or set governing_law in company.yaml")
	}
	return err
}

// PacketOptions are the options of `vouch packet`.
type PacketOptions struct {
	DocFlags
	Sign   string
	OneWay bool
	Format string
	Docs   string
	Zip    bool
	Output string
}

// packetFiles is the packet as printed: its files.
type packetFiles struct{ *dpa.Manifest }

func (p packetFiles) Grid() output.Grid {
	g := output.Grid{Header: []string{"file", "size", "sha256"}, StatusCol: -1}
	for _, f := range p.Files {
		g.Rows = append(g.Rows, []string{f.Name, strconv.FormatInt(f.Size, 10), f.SHA256})
	}
	return g
}

func newCmdPacket(f *Factory, runF func(*PacketOptions) error) *cobra.Command {
	opts := &PacketOptions{}
	cmd := &cobra.Command{
		Use:   "packet --customer NAME --out DIR",
		Short: "Generate a DPA, NDA, security overview and subprocessor list for a prospect",
		Long: `Generate the documents a prospect's legal team asks for, from the catalog,
for a named recipient: the Data Processing Addendum (with Annex I processing
details, Annex II technical and organisational measures and Annex III
subprocessors), the NDA (mutual, or --one-way), the security overview and the
subprocessor list, as PDF (default) or XLSX, plus manifest.json with the
SHA-256 of every file.

The packet goes to DIR/<slug>/ (or DIR/<slug>.zip with --zip), where the slug
is the customer name made safe for every file system. It is written to a
temporary folder and renamed into place; an existing packet is replaced only
with --force. The same inputs and --date give the same bytes, zip entries
included (unless encrypted: encryption salts every file and draws a random
owner password).

--password-file or --encrypt protect the PDFs with AES-256 (revision 6).
--sign KEY signs manifest.json with an SSH private key into manifest.json.sig
(namespace "vouch-packet"); the recipient checks it with "vouch packet verify
--key KEY.pub" or with ssh-keygen -Y verify (see "vouch packet verify --help").

Names in scripts the embedded fonts lack (Japanese, Arabic, ...) are drawn
from a system TrueType font found with fontconfig, or from --font FILE.ttf.

A catalog's templates/ folder overrides any of the embedded templates
(dpa.md, nda.md, overview.md, subprocessors.md).

EXIT STATUS
  0 success; 1 failure (catalog, template, existing packet, I/O); 2 usage error`,
		Example: `  vouch packet --customer "Société Générale Müller GmbH" --customer-address "29 bd Haussmann, 75009 Paris" \
               --signatory "Jürgen Müller, Geschäftsführer" --date 2026-12-01 --law "the laws of France" --out packets/
  vouch packet --customer "Acme Inc." --format xlsx --docs dpa,subprocessors --zip --out packets/
  vouch packet --customer "Acme Inc." --watermark --password-file pw.txt --out packets/
  vouch packet verify packets/acme-inc/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := outputFormat(cmd, opts.Output)
			if err != nil {
				return err
			}
			docFormat, err := dpa.ParseFormat(opts.Format)
			if err != nil {
				return &FlagError{fmt.Errorf("--format: %w", err)}
			}
			var kinds []dpa.Kind
			if strings.TrimSpace(opts.Docs) != "" {
				for _, s := range strings.Split(opts.Docs, ",") {
					k, err := dpa.ParseKind(s)
					if err != nil {
						return &FlagError{fmt.Errorf("--docs: %w", err)}
					}
					kinds = append(kinds, k)
				}
			}
			if opts.Out == "" {
				return flagErrorf("--out DIR is required: the folder the packet is written in")
			}
			docOpts, err := docOptions(f, &opts.DocFlags, docFormat == dpa.PDF)
			if err != nil {
				return err
			}
			docOpts.OneWay = opts.OneWay
			if docFormat != dpa.PDF && (opts.Encrypt || opts.PasswordFile != "" || opts.Password != "" || opts.Watermark) {
				return flagErrorf("--watermark and passwords apply to PDF documents only; drop them or use --format pdf")
			}
			if runF != nil {
				return runF(opts)
			}
			cat, err := f.Catalog(cmd.Context())
			if err != nil {
				return err
			}
			noteCatalog(f, cat)
			if len(kinds) == 0 || slices.Contains(kinds, dpa.KindNDA) {
				lawOrBlank(f, cat, &docOpts)
			}
			pkt := dpa.PacketOptions{Options: docOpts, Dir: opts.Out, Zip: opts.Zip, Force: opts.Force, Format: docFormat, Docs: kinds, Generator: "vouch " + Version}
			pkt.Revision = cat.Revision
			// Refuse an existing packet before asking for a password.
			if target := dpa.PacketPath(pkt); !opts.Force {
				if _, err := os.Lstat(target); err == nil {
					return fmt.Errorf("packet %s already exists (use --force to replace it)", target)
				}
			}
			if pkt.Password, err = password(cmd.Context(), f, &opts.DocFlags); err != nil {
				return err
			}
			if opts.Sign != "" {
				if pkt.Signer, err = signer(cmd.Context(), f, opts.Sign); err != nil {
					return err
				}
			}
			m, err := dpa.WritePacket(cmd.Context(), cat, pkt)
			if err != nil {
				return opts.docError(err)
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "wrote %s (%d %s for %s)\n", m.Path, len(m.Documents), docWord(len(m.Documents)), m.Recipient.Name)
			if format == output.JSON || format == output.YAML {
				return output.Write(f.IOStreams, format, struct {
					Path string `json:"path" yaml:"path"`
					*dpa.Manifest
				}{m.Path, m})
			}
			return output.Write(f.IOStreams, format, packetFiles{m})
		},
	}
	addDocFlags(cmd, &opts.DocFlags)
	cmd.Flags().BoolVar(&opts.OneWay, "one-way", false, "NDA protecting the vendor's disclosures only (default: mutual)")
	cmd.Flags().StringVar(&opts.Sign, "sign", "", "sign manifest.json with the SSH private `KEY` (manifest.json.sig, checked with ssh-keygen -Y verify or packet verify --key)")
	cmd.Flags().StringVar(&opts.Format, "format", "pdf", "document format: pdf|xlsx")
	cmd.Flags().StringVar(&opts.Docs, "docs", "", "documents to include, comma-separated: "+dpa.KindNames()+" (default: all)")
	cmd.Flags().BoolVar(&opts.Zip, "zip", false, "write DIR/<slug>.zip instead of a folder")
	cmd.Flags().StringVar(&opts.Out, "out", "", "`DIR` to write the packet in (created if missing)")
	addOutputFlag(cmd, &opts.Output)
	cmd.AddCommand(newCmdPacketVerify(f, nil))
	return cmd
}

// maxKeyFile bounds an SSH key file read.
const maxKeyFile = 1 << 20

// readSmall reads a key file of at most maxKeyFile bytes.
func readSmall(what, path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return nil, fmt.Errorf("read %s %s: not a regular file", what, path)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	if len(b) > maxKeyFile {
		return nil, fmt.Errorf("%s %s is larger than %d bytes: not a key", what, path, maxKeyFile)
	}
	return b, nil
}

// signer loads the --sign private key, asking for its passphrase on the
// terminal when it has one.
func signer(ctx context.Context, f *Factory, path string) (ssh.Signer, error) {
	b, err := readSmall("signing key", path)
	if err != nil {
		return nil, err
	}
	s, err := dpa.ParseSigner(b, nil)
	if errors.Is(err, dpa.ErrPassphrase) {
		if !f.IOStreams.IsStdinTTY() {
			return nil, fmt.Errorf("signing key %s is protected by a passphrase and stdin is not a terminal to ask for it (load it without a passphrase, or run on a terminal)", path)
		}
		fmt.Fprintf(f.IOStreams.ErrOut, "Passphrase for %s: ", path)
		pw, perr := f.IOStreams.ReadPassword(ctx)
		fmt.Fprintln(f.IOStreams.ErrOut)
		if perr != nil {
			return nil, fmt.Errorf("read passphrase: %w", perr)
		}
		s, err = dpa.ParseSigner(b, pw)
	}
	if err != nil {
		return nil, fmt.Errorf("signing key %s: %w", path, err)
	}
	return s, nil
}

// VerifyOptions are the options of `vouch packet verify`.
type VerifyOptions struct {
	Path   string
	Key    string
	Output string
}

type verifyRows struct{ *dpa.VerifyResult }

func (v verifyRows) Grid() output.Grid {
	g := output.Grid{Header: []string{"file", "status", "size", "sha256"}, StatusCol: 1}
	for _, fc := range v.Files {
		g.Rows = append(g.Rows, []string{fc.Name, fc.Status, strconv.FormatInt(fc.Size, 10), fc.SHA256})
	}
	if v.Signature != dpa.SigNone {
		g.Rows = append(g.Rows, []string{dpa.SignatureFile, "signature " + v.Signature, "", text.FirstNonBlank(v.SignedBy, v.SignatureError)})
	}
	return g
}

func newCmdPacketVerify(f *Factory, runF func(*VerifyOptions) error) *cobra.Command {
	opts := &VerifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify DIR|ZIP",
		Short: "Check a packet's files against its manifest",
		Long: `Check every file of a packet folder or .zip against manifest.json: size
and SHA-256. Each file is OK, CHANGED, MISSING (listed but absent) or EXTRA
(present but not listed).

With --key PUB (the vendor's SSH public key, a .pub line), the signature
manifest.json.sig is checked too: it must be an SSH signature by that key over
manifest.json in the "vouch-packet" namespace. The same check without vouch:

  echo "vendor $(cat vendor.pub)" > allowed_signers
  ssh-keygen -Y verify -f allowed_signers -I vendor -n vouch-packet \
      -s manifest.json.sig < manifest.json

EXIT STATUS
  0 every file matches (and, with --key, the signature is valid); 1 a file
  changed, is missing or extra, the signature is missing or invalid, or the
  packet cannot be read; 2 usage error`,
		Example: `  vouch packet verify packets/acme-inc/
  vouch packet verify packets/acme-inc.zip --key kora-packets.pub -o json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := outputFormat(cmd, opts.Output)
			if err != nil {
				return err
			}
			opts.Path = args[0]
			if runF != nil {
				return runF(opts)
			}
			var key ssh.PublicKey
			if opts.Key != "" {
				b, err := readSmall("public key", opts.Key)
				if err != nil {
					return err
				}
				if key, err = dpa.ParsePublicKey(b); err != nil {
					return fmt.Errorf("--key %s: %w", opts.Key, err)
				}
			}
			res, err := dpa.VerifySigned(cmd.Context(), opts.Path, key)
			if err != nil {
				return err
			}
			if err := output.Write(f.IOStreams, format, verifyRows{res}); err != nil {
				return err
			}
			if !res.OK {
				counts := map[string]int{}
				for _, fc := range res.Files {
					counts[fc.Status]++
				}
				if res.Signature == dpa.SigInvalid || res.Signature == dpa.SigMissing {
					return fmt.Errorf("packet %s: signature %s: %s", filepath.Clean(opts.Path), res.Signature, res.SignatureError)
				}
				return fmt.Errorf("packet %s does not match its manifest: %d changed, %d missing, %d extra",
					filepath.Clean(opts.Path), counts[dpa.StatusChanged], counts[dpa.StatusMissing], counts[dpa.StatusExtra])
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.Key, "key", "", "the vendor's SSH public `KEY` (.pub): check manifest.json.sig too")
	addOutputFlag(cmd, &opts.Output)
	return cmd
}

// DocumentOptions are the options of `vouch dpa` and `vouch nda`.
type DocumentOptions struct {
	DocFlags
	Kind   dpa.Kind
	OneWay bool
	Format dpa.Format
}

func newCmdDocument(f *Factory, kind dpa.Kind, runF func(*DocumentOptions) error) *cobra.Command {
	opts := &DocumentOptions{Kind: kind}
	short, what := "Generate a Data Processing Addendum for a prospect", "the Data Processing Addendum with its annexes (processing details, technical and organisational measures, subprocessors)"
	if kind == dpa.KindNDA {
		short, what = "Generate a non-disclosure agreement for a prospect", "the non-disclosure agreement (mutual, or --one-way for the vendor's disclosures only; governing law from company.yaml or --law)"
	}
	cmd := &cobra.Command{
		Use:   string(kind) + " --customer NAME --out FILE.pdf|FILE.xlsx",
		Short: short,
		Long: fmt.Sprintf(`Generate %s
for a named recipient, as one PDF or XLSX file (from the extension of --out).
The file is written atomically; an existing file is replaced only with --force.

EXIT STATUS
  0 success; 1 failure (catalog, template, existing file, I/O); 2 usage error`, what),
		Example: fmt.Sprintf(`  vouch %[1]s --customer "Acme Inc." --out acme-%[1]s.pdf
  vouch %[1]s --customer "Acme Inc." --date 2026-12-01 --watermark --out acme-%[1]s.pdf`, kind),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Out == "" {
				return flagErrorf("--out FILE is required (.pdf or .xlsx)")
			}
			format, err := dpa.ParseFormat(strings.TrimPrefix(filepath.Ext(opts.Out), "."))
			if err != nil {
				return flagErrorf("--out %s: the file must end in .pdf or .xlsx", opts.Out)
			}
			opts.Format = format
			docOpts, err := docOptions(f, &opts.DocFlags, format == dpa.PDF)
			if err != nil {
				return err
			}
			docOpts.OneWay = opts.OneWay
			if format != dpa.PDF && (opts.Encrypt || opts.PasswordFile != "" || opts.Password != "" || opts.Watermark) {
				return flagErrorf("--watermark and passwords apply to PDF documents only")
			}
			if runF != nil {
				return runF(opts)
			}
			if !opts.Force {
				if _, err := os.Lstat(opts.Out); err == nil {
					return fmt.Errorf("%s already exists (use --force to replace it)", opts.Out)
				}
			}
			if err := checkOutDir(opts.Out); err != nil {
				return err
			}
			cat, err := f.Catalog(cmd.Context())
			if err != nil {
				return err
			}
			noteCatalog(f, cat)
			docOpts.Revision = cat.Revision
			if kind == dpa.KindNDA {
				lawOrBlank(f, cat, &docOpts)
			}
			pw, err := password(cmd.Context(), f, &opts.DocFlags)
			if err != nil {
				return err
			}
			data, doc, err := dpa.Render(cmd.Context(), cat, kind, format, docOpts, pw)
			if err != nil {
				return opts.docError(err)
			}
			if err := dpa.WriteFile(opts.Out, data, opts.Force); err != nil {
				return err
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "wrote %s (%s for %s, %d bytes)\n", opts.Out, doc.Title, doc.Customer.Name, len(data))
			fmt.Fprintln(f.IOStreams.Out, opts.Out)
			return nil
		},
	}
	addDocFlags(cmd, &opts.DocFlags)
	if kind == dpa.KindNDA {
		cmd.Flags().BoolVar(&opts.OneWay, "one-way", false, "protect the vendor's disclosures only (default: mutual)")
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "output `FILE` (.pdf or .xlsx)")
	return cmd
}

func docWord(n int) string {
	if n == 1 {
		return "document"
	}
	return "documents"
}
