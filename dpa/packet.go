package dpa

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"golang.org/x/crypto/ssh"
	"golang.org/x/text/unicode/norm"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/atomicfile"
	"github.com/vouchcli/vouch/internal/text"
)

// Format is the file format of the documents.
type Format string

// The document formats.
const (
	PDF  Format = "pdf"
	XLSX Format = "xlsx"
)

// ParseFormat checks s ("pdf" or "xlsx").
func ParseFormat(s string) (Format, error) {
	switch Format(strings.ToLower(strings.TrimSpace(s))) {
	case PDF:
		return PDF, nil
	case XLSX:
		return XLSX, nil
	}
	return "", fmt.Errorf("unknown format %q: want pdf or xlsx", s)
}

// ManifestFile is the name of a packet's manifest.
const ManifestFile = "manifest.json"

// SignatureFile is the SSH signature of manifest.json (packet --sign).
const SignatureFile = ManifestFile + ".sig"

// ErrExists is returned when the output exists and Force is not set.
var ErrExists = atomicfile.ErrExists

// PacketOptions say what a packet holds and where it goes.
type PacketOptions struct {
	Options
	// Dir is the folder the packet is written in: Dir/<slug>/ or Dir/<slug>.zip.
	Dir       string
	Zip       bool
	Force     bool
	Format    Format
	Docs      []Kind // empty: all
	Password  string // non-empty: PDFs are encrypted with AES-256
	Generator string // e.g. "vouch 1.2.0"
	// Signer, when set, signs manifest.json: manifest.json.sig holds an SSH
	// signature (ssh-keygen -Y sign format, namespace "vouch-packet").
	Signer ssh.Signer
}

// Manifest is manifest.json: what the packet holds and each file's digest.
type Manifest struct {
	Generator string          `json:"generator"`
	Recipient Party           `json:"recipient"`
	Date      string          `json:"date"`
	Catalog   ManifestCatalog `json:"catalog"`
	Format    Format          `json:"format"`
	Watermark string          `json:"watermark,omitempty"`
	Encrypted bool            `json:"encrypted"`
	Documents []ManifestDoc   `json:"documents"`
	Files     []ManifestEntry `json:"files"`
	// Signature says how manifest.json is signed, when it is.
	Signature *ManifestSignature `json:"signature,omitempty"`
	// Path is where the packet was written (not part of the file).
	Path string `json:"-"`
}

// ManifestSignature names the signature of manifest.json: its file, its
// namespace and the signing key's fingerprint.
type ManifestSignature struct {
	File      string `json:"file"`
	Namespace string `json:"namespace"`
	Key       string `json:"key"`
}

// ManifestCatalog names the catalog the documents came from.
type ManifestCatalog struct {
	Vendor   string `json:"vendor"`
	Source   string `json:"source"`
	Revision string `json:"revision"`
}

// ManifestDoc is one document of the packet.
type ManifestDoc struct {
	Kind  Kind   `json:"kind"`
	Title string `json:"title"`
	File  string `json:"file"`
}

// ManifestEntry is one file with its size and SHA-256.
type ManifestEntry struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Render builds one document and renders it in the format, encrypted when
// password is set (PDF only).
func Render(ctx context.Context, cat *controls.Catalog, kind Kind, format Format, opts Options, password string) ([]byte, *Document, error) {
	doc, err := Build(cat, kind, opts)
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	switch format {
	case PDF:
		err = RenderPDF(ctx, &buf, doc)
	case XLSX:
		err = RenderXLSX(ctx, &buf, doc)
	default:
		err = fmt.Errorf("unknown format %q: want pdf or xlsx", format)
	}
	if err != nil {
		return nil, nil, err
	}
	out := buf.Bytes()
	if password != "" {
		if format != PDF {
			return nil, nil, errors.New("a password protects PDF documents only; use --format pdf")
		}
		if out, err = Encrypt(out, password); err != nil {
			return nil, nil, fmt.Errorf("encrypt %s: %w", kind.FileBase(), err)
		}
	}
	return out, doc, nil
}

var pdfcpuOnce sync.Once

// Encrypt protects a PDF with AES-256 through the standard security
// handler's revision 6 (ISO 32000-2), the form PDF 2.0 keeps. The password
// opens the document (user password); the owner password, which lifts the
// restrictions (no copying, no editing, no assembly), is random and kept by
// nobody, so that the restrictions are not cosmetic.
//
// pdfcpu v0.15 writes revision 6 only for a PDF 2.0 file and revision 5 (the
// deprecated Adobe extension) for any earlier version, so the PDF is marked
// 2.0 first: fpdf writes nothing that PDF 2.0 removed.
func Encrypt(in []byte, password string) ([]byte, error) {
	if password == "" {
		return nil, errors.New("the password is empty")
	}
	owner := make([]byte, 32)
	if _, err := rand.Read(owner); err != nil {
		return nil, fmt.Errorf("make the owner password: %w", err)
	}
	return encrypt(in, password, hex.EncodeToString(owner))
}

func encrypt(in []byte, user, owner string) ([]byte, error) {
	if user == owner {
		return nil, errors.New("the owner password must differ from the user password")
	}
	pdfcpuOnce.Do(func() { model.ConfigPath = "disable" })
	in, err := markPDF20(in)
	if err != nil {
		return nil, err
	}
	conf := model.NewAESConfiguration(user, owner, 256)
	// Printing stays allowed; copying, editing, annotating, filling forms
	// and assembling need the owner password.
	conf.Permissions = model.PermissionsPrint
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(in), &out, conf); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// markPDF20 rewrites the header's version ("%PDF-1.7") as 2.0, in place: the
// same length, so that no offset moves.
func markPDF20(in []byte) ([]byte, error) {
	if len(in) < 8 || !bytes.HasPrefix(in, []byte("%PDF-")) || in[6] != '.' {
		return nil, errors.New("not a PDF: no %PDF-x.y header")
	}
	out := bytes.Clone(in)
	copy(out[5:8], "2.0")
	return out, nil
}

// PacketPath is where WritePacket writes for the options.
func PacketPath(opts PacketOptions) string {
	p := filepath.Join(opts.Dir, Slug(opts.Customer.Name))
	if opts.Zip {
		p += ".zip"
	}
	return p
}

// WritePacket renders the documents and writes them with manifest.json to
// Dir/<slug>/ (or Dir/<slug>.zip), atomically: a temporary folder or file
// renamed into place. An existing packet is replaced only with Force.
func WritePacket(ctx context.Context, cat *controls.Catalog, opts PacketOptions) (*Manifest, error) {
	if opts.Format == "" {
		opts.Format = PDF
	}
	docs := opts.Docs
	if len(docs) == 0 {
		docs = Kinds
	}
	if opts.Password != "" && opts.Format != PDF {
		return nil, errors.New("a password protects PDF documents only; use --format pdf")
	}
	target := PacketPath(opts)
	if _, err := os.Lstat(target); err == nil && !opts.Force {
		return nil, fmt.Errorf("packet %s %w (use --force to replace it)", target, ErrExists)
	}
	m := &Manifest{
		Generator: opts.Generator,
		Recipient: opts.Customer,
		Date:      opts.Date.Format("2006-01-02"),
		Catalog:   ManifestCatalog{Vendor: text.FirstNonBlank(cat.Company.LegalName, cat.Company.Name), Source: cat.Source, Revision: cat.Revision},
		Format:    opts.Format,
		Watermark: opts.Watermark,
		Encrypted: opts.Password != "",
		Path:      target,
	}
	type file struct {
		name string
		data []byte
	}
	var files []file
	seen := map[Kind]bool{}
	for _, k := range docs {
		if seen[k] {
			continue
		}
		seen[k] = true
		data, doc, err := Render(ctx, cat, k, opts.Format, opts.Options, opts.Password)
		if err != nil {
			return nil, err
		}
		name := k.FileBase() + "." + string(opts.Format)
		files = append(files, file{name, data})
		sum := sha256.Sum256(data)
		m.Documents = append(m.Documents, ManifestDoc{Kind: k, Title: doc.Title, File: name})
		m.Files = append(m.Files, ManifestEntry{Name: name, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])})
	}
	if opts.Signer != nil {
		m.Signature = &ManifestSignature{File: SignatureFile, Namespace: SignatureNamespace, Key: ssh.FingerprintSHA256(opts.Signer.PublicKey())}
	}
	var mb bytes.Buffer
	enc := json.NewEncoder(&mb)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	files = append(files, file{ManifestFile, mb.Bytes()})
	if opts.Signer != nil {
		sig, err := SSHSign(opts.Signer, SignatureNamespace, mb.Bytes())
		if err != nil {
			return nil, err
		}
		files = append(files, file{SignatureFile, sig})
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", opts.Dir, err)
	}

	if opts.Zip {
		var zb bytes.Buffer
		zw := zip.NewWriter(&zb)
		for _, f := range files {
			h := &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: opts.Date.UTC()}
			h.SetMode(0o644)
			w, err := zw.CreateHeader(h)
			if err != nil {
				return nil, err
			}
			if _, err := w.Write(f.data); err != nil {
				return nil, err
			}
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		if err := atomicfile.WriteFile(target, zb.Bytes(), 0o644, opts.Force); err != nil {
			return nil, writeErr(target, err)
		}
		return m, nil
	}

	tmp, err := os.MkdirTemp(opts.Dir, "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create packet folder: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(tmp, f.name), f.data, 0o644); err != nil {
			return nil, fmt.Errorf("write packet: %w", err)
		}
	}
	if _, err := os.Lstat(target); err == nil {
		if !opts.Force {
			return nil, fmt.Errorf("packet %s %w (use --force to replace it)", target, ErrExists)
		}
		old := tmp + ".old"
		if err := os.Rename(target, old); err != nil {
			return nil, fmt.Errorf("replace packet %s: %w", target, err)
		}
		if err := os.Rename(tmp, target); err != nil {
			_ = os.Rename(old, target)
			return nil, fmt.Errorf("replace packet %s: %w", target, err)
		}
		done = true
		os.RemoveAll(old)
		return m, nil
	}
	if err := os.Rename(tmp, target); err != nil {
		return nil, fmt.Errorf("write packet %s: %w", target, err)
	}
	done = true
	return m, nil
}

// Verify statuses.
const (
	StatusOK      = "OK"
	StatusChanged = "CHANGED"
	StatusMissing = "MISSING"
	StatusExtra   = "EXTRA"
)

// FileCheck is the verdict on one file of a packet.
type FileCheck struct {
	Name     string `json:"name"`
	Status   string `json:"status"`
	Size     int64  `json:"size"`
	SHA256   string `json:"sha256,omitempty"`
	WantSize int64  `json:"want_size,omitempty"`
	Want     string `json:"want_sha256,omitempty"`
}

// VerifyResult is what Verify found.
type VerifyResult struct {
	Path      string `json:"path"`
	OK        bool   `json:"ok"`
	Revision  string `json:"catalog_revision"`
	Recipient string `json:"recipient"`
	Date      string `json:"date"`
	// Signature is the verdict on manifest.json.sig: "valid" (by the key
	// given), "invalid", "missing" (a key was given, no signature found),
	// "not checked" (signed, no key given) or "none".
	Signature string `json:"signature"`
	// SignatureError says why the signature is invalid.
	SignatureError string      `json:"signature_error,omitempty"`
	SignedBy       string      `json:"signed_by,omitempty"`
	Files          []FileCheck `json:"files"`
}

// Signature verdicts.
const (
	SigValid      = "valid"
	SigInvalid    = "invalid"
	SigMissing    = "missing"
	SigNotChecked = "not checked"
	SigNone       = "none"
)

// MaxManifestSize bounds what Verify reads of manifest.json: a real one is a
// few kilobytes, so a zip that claims (or inflates to) more is refused before
// it is read.
const MaxManifestSize = 1 << 20

// MaxPacketFileSize bounds one file of a packet, whatever its manifest says.
const MaxPacketFileSize = 1 << 30

// Verify checks a packet folder or .zip against its manifest: every listed
// file's size and SHA-256, files missing and files not listed. Every read is
// bounded: the manifest by MaxManifestSize, each file by the size the
// manifest states for it (a longer file is CHANGED after that many bytes and
// one more).
func Verify(ctx context.Context, path string) (*VerifyResult, error) {
	return VerifySigned(ctx, path, nil)
}

// VerifySigned is Verify, and with a key also checks manifest.json.sig: an
// SSH signature by that key over manifest.json, in the "vouch-packet"
// namespace. A missing or invalid signature makes the packet fail.
func VerifySigned(ctx context.Context, path string, key ssh.PublicKey) (*VerifyResult, error) {
	p, err := openPacket(path)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	mb, err := p.read(ManifestFile, MaxManifestSize)
	if err != nil {
		return nil, fmt.Errorf("packet %s: %w", path, err)
	}
	m, err := parseManifest(mb)
	if err != nil {
		return nil, fmt.Errorf("packet %s: %s: %w", path, ManifestFile, err)
	}
	res := &VerifyResult{Path: path, OK: true, Revision: m.Catalog.Revision, Recipient: m.Recipient.Name, Date: m.Date}
	if err := p.checkSignature(res, key, mb); err != nil {
		return nil, fmt.Errorf("packet %s: %w", path, err)
	}
	listed := map[string]bool{ManifestFile: true, SignatureFile: true}
	for _, e := range m.Files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		listed[e.Name] = true
		fc := FileCheck{Name: e.Name, WantSize: e.Size, Want: e.SHA256}
		n, sum, err := p.hash(ctx, e.Name, e.Size+1)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			fc.Status = StatusMissing
			res.OK = false
			res.Files = append(res.Files, fc)
			continue
		case err != nil:
			return nil, fmt.Errorf("packet %s: read %s: %w", path, e.Name, err)
		}
		fc.Size, fc.SHA256 = n, sum
		fc.Status = StatusOK
		if n != e.Size || fc.SHA256 != strings.ToLower(e.SHA256) {
			fc.Status = StatusChanged
			res.OK = false
		}
		res.Files = append(res.Files, fc)
	}
	var extra []FileCheck
	err = fs.WalkDir(p.fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() || listed[name] {
			return nil
		}
		fc := FileCheck{Name: name, Status: StatusExtra}
		if info, err := d.Info(); err == nil {
			fc.Size = info.Size()
		}
		extra = append(extra, fc)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("packet %s: %w", path, err)
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i].Name < extra[j].Name })
	if len(extra) > 0 {
		res.OK = false
	}
	res.Files = append(res.Files, extra...)
	return res, nil
}

// checkSignature sets res.Signature from manifest.json.sig.
func (p *packetReader) checkSignature(res *VerifyResult, key ssh.PublicKey, manifest []byte) error {
	sig, err := p.read(SignatureFile, maxSignatureSize)
	switch {
	case err != nil && p.exists(SignatureFile):
		return err
	case err != nil && key != nil:
		res.Signature, res.OK = SigMissing, false
		res.SignatureError = "no " + SignatureFile + " in the packet"
	case err != nil:
		res.Signature = SigNone
	case key == nil:
		res.Signature = SigNotChecked
	default:
		if err := SSHVerify(key, SignatureNamespace, manifest, sig); err != nil {
			res.Signature, res.OK, res.SignatureError = SigInvalid, false, err.Error()
			return nil
		}
		res.Signature, res.SignedBy = SigValid, ssh.FingerprintSHA256(key)
	}
	return nil
}

// exists says whether the packet holds name.
func (p *packetReader) exists(name string) bool {
	_, err := fs.Stat(p.fsys, name)
	return err == nil
}

// parseManifest decodes manifest.json strictly and checks what a packet
// needs: at least one file, safe and unique names, sizes and digests of the
// right shape, and every document listed among the files.
func parseManifest(b []byte) (*Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value")
	}
	if len(m.Files) == 0 {
		return nil, errors.New("lists no files: there is nothing to verify")
	}
	seen := map[string]bool{}
	for _, e := range m.Files {
		if !fs.ValidPath(e.Name) || strings.Contains(e.Name, "/") || e.Name == ManifestFile || e.Name == SignatureFile || e.Name == "." {
			return nil, fmt.Errorf("lists an unsafe file name %q", e.Name)
		}
		if seen[e.Name] {
			return nil, fmt.Errorf("lists %q twice", e.Name)
		}
		seen[e.Name] = true
		if e.Size < 0 || e.Size > MaxPacketFileSize {
			return nil, fmt.Errorf("%s: size %d is outside 0..%d", e.Name, e.Size, int64(MaxPacketFileSize))
		}
		if len(e.SHA256) != 64 || strings.Trim(strings.ToLower(e.SHA256), "0123456789abcdef") != "" {
			return nil, fmt.Errorf("%s: %q is not a SHA-256 in hex", e.Name, e.SHA256)
		}
	}
	for _, d := range m.Documents {
		if !seen[d.File] {
			return nil, fmt.Errorf("document %q names %q, which is not among the files", d.Kind, d.File)
		}
	}
	return &m, nil
}

// packetReader reads the files of a packet folder or zip, each read bounded.
type packetReader struct {
	fsys fs.FS
	dir  string          // the folder, or ""
	zr   *zip.ReadCloser // the zip, or nil
}

func openPacket(path string) (*packetReader, error) {
	info, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("packet %s: no such file or folder", path)
		}
		return nil, fmt.Errorf("packet %s: %w", path, err)
	}
	if info.IsDir() {
		return &packetReader{fsys: os.DirFS(path), dir: path}, nil
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("packet %s: not a packet folder or zip (not a regular file)", path)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("packet %s: not a packet folder or zip: %w", path, err)
	}
	return &packetReader{fsys: zr, zr: zr}, nil
}

func (p *packetReader) Close() error {
	if p.zr != nil {
		return p.zr.Close()
	}
	return nil
}

// open opens one file of the packet, refusing what is not a regular file
// (a FIFO would block, a device never ends) and, for a zip entry, one whose
// header claims more than limit bytes.
func (p *packetReader) open(name string, limit int64) (io.ReadCloser, error) {
	if p.dir != "" {
		info, err := os.Stat(filepath.Join(p.dir, name))
		if err != nil {
			return nil, err
		}
		if !info.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is not a regular file", name)
		}
	} else {
		for _, f := range p.zr.File {
			if f.Name == name && f.UncompressedSize64 > uint64(limit) {
				return nil, fmt.Errorf("%s: the zip says it holds %d bytes, more than the %d expected", name, f.UncompressedSize64, limit)
			}
		}
	}
	return p.fsys.Open(name)
}

// read reads one whole file of at most limit bytes.
func (p *packetReader) read(name string, limit int64) ([]byte, error) {
	f, err := p.open(name, limit)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no %s", name)
		}
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, zipEntryErr(err))
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", name, limit)
	}
	return b, nil
}

// hash returns the size and SHA-256 of the first limit bytes of a file,
// checking ctx between chunks.
func (p *packetReader) hash(ctx context.Context, name string, limit int64) (int64, string, error) {
	// A longer entry is read up to limit only: it is CHANGED all the same.
	f, err := p.open(name, math.MaxInt64)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	var n int64
	buf := make([]byte, 256<<10)
	r := io.LimitReader(f, limit)
	for {
		if err := ctx.Err(); err != nil {
			return 0, "", err
		}
		k, err := r.Read(buf)
		h.Write(buf[:k])
		n += int64(k)
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, "", zipEntryErr(err)
		}
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// zipEntryErr says what archive/zip's errors mean for a packet entry: its
// data does not match its header (a corrupt entry, or one that inflates
// past the size it states).
func zipEntryErr(err error) error {
	if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) {
		return fmt.Errorf("the zip entry's data does not match its header: it is corrupt or inflates past the size it states (%w)", err)
	}
	return err
}

// translit spells letters that Unicode decomposition leaves alone.
var translit = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'ł': "l", 'Ł': "l", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o",
	'œ': "oe", 'Œ': "oe", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th",
	'ı': "i", 'ħ': "h", 'Ħ': "h", 'ŀ': "l", 'Ŀ': "l", '&': "and",
}

var windowsReserved = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true}

const slugMax = 60

// Slug makes a folder name safe on every file system from a customer name:
// ASCII lowercase letters, digits and single hyphens, accents transliterated
// (é→e, ü→u, ł→l, ß→ss), other characters dropped, at most 60 characters
// (a long name keeps a short hash so that two long names do not collide),
// never empty, never "." or "..", never a reserved Windows device name.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(name) {
		var s string
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			s = string(unicode.ToLower(r))
		case translit[r] != "":
			s = translit[r]
		case unicode.Is(unicode.Mn, r):
			continue // combining accent of the previous letter
		case r < 0x80 && r != '\'':
			// ASCII punctuation and spaces separate words
			if b.Len() > 0 {
				dash = true
			}
			continue
		default:
			continue // other scripts, emoji, apostrophes: dropped
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(s)
	}
	slug := b.String()
	sum := sha256.Sum256([]byte(name))
	short := hex.EncodeToString(sum[:4])
	if len(slug) > slugMax {
		slug = strings.TrimRight(slug[:slugMax-len(short)-1], "-") + "-" + short
	}
	if slug == "" {
		return "customer-" + short
	}
	// Slugs hold no dot, so only the bare device names are reserved.
	if windowsReserved[slug] || (len(slug) == 4 && (strings.HasPrefix(slug, "com") || strings.HasPrefix(slug, "lpt")) && slug[3] >= '0' && slug[3] <= '9') {
		slug = "customer-" + slug
	}
	return slug
}

// writeErr says what went wrong writing path, with the --force hint for an
// existing output.
func writeErr(path string, err error) error {
	if errors.Is(err, ErrExists) {
		return fmt.Errorf("%w (use --force to replace it)", err)
	}
	return fmt.Errorf("write %s: %w", path, err)
}

// WriteFile writes one document to path atomically; an existing path is
// replaced only with force.
func WriteFile(path string, data []byte, force bool) error {
	if err := atomicfile.WriteFile(path, data, 0o644, force); err != nil {
		return writeErr(path, err)
	}
	return nil
}
