package cmd

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/vouchcli/vouch/internal/outfile"
	"github.com/vouchcli/vouch/internal/term"
	"github.com/vouchcli/vouch/internal/testutil"
)

// onFull is a stderr that calls fn once, the moment the progress bar
// reaches 100%: answering is over and the writing of the outputs begins.
type onFull struct {
	bytes.Buffer
	once sync.Once
	fn   func()
}

func (w *onFull) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("100%")) {
		w.once.Do(w.fn)
	}
	return w.Buffer.Write(p)
}

// runAt runs vouch with a terminal stderr that calls fn when the fill's
// answering ends (more than 300 questions draw the bar).
func runAt(t *testing.T, ctx context.Context, fn func(), args ...string) result {
	t.Helper()
	ios, _, out, _ := term.Test()
	errOut := &onFull{fn: fn}
	ios.ErrOut = errOut
	ios.SetTTY(false, false, true)
	return runIOS(t, ctx, ios, out, errOut, args...)
}

// TestFillReportSameFileAsOut: --report and --out name one file in any
// spelling: refused before anything is written.
func TestFillReportSameFileAsOut(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	questionBook(t, dir, 0)
	os.Symlink("r.xlsx", "link.xlsx")
	os.Mkdir("sub", 0o755)
	for _, pair := range [][2]string{
		{"r.xlsx", "./r.xlsx"},
		{"r.xlsx", filepath.Join(dir, "r.xlsx")},
		{"r.xlsx", "sub/../r.xlsx"},
		{"link.xlsx", "r.xlsx"},    // a symlink to the report's name, neither written yet
		{".", "buyer.filled.xlsx"}, // --out a folder: the copy's name inside it
	} {
		r := run(t, "q", "fill", "buyer.xlsx", "--out", pair[0], "--report", pair[1])
		if r.code != ExitUsage || !strings.Contains(r.err, "are the same file") {
			t.Errorf("--out %s --report %s: code %d, %q", pair[0], pair[1], r.code, r.err)
		}
	}
	// An existing file reached through a hard link, with --force.
	if r := run(t, "q", "fill", "buyer.xlsx", "--out", "a.xlsx"); r.code != 0 {
		t.Fatal(r.err)
	}
	os.Link("a.xlsx", "hard.json")
	if r := run(t, "q", "fill", "buyer.xlsx", "--out", "a.xlsx", "--report", "hard.json", "--force"); r.code != ExitUsage {
		t.Errorf("hard link: code %d, %q", r.code, r.err)
	}
	wantFolder(t, dir, "a.xlsx,buyer.xlsx,hard.json,link.xlsx,sub")
}

// TestFillReportFailureLeavesNothing: when the report cannot be written,
// the filled copy is not left behind (a retry would fail on it).
func TestFillReportFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	in := questionBook(t, dir, 320)
	repDir := filepath.Join(dir, "reports")
	os.Mkdir(repDir, 0o755)
	out := filepath.Join(dir, "out.xlsx")
	// The report's folder goes away while the questions are answered.
	r := runAt(t, context.Background(), func() { os.RemoveAll(repDir) }, "q", "fill", in, "--out", out, "--report", filepath.Join(repDir, "r.json"))
	if r.code != ExitFailure || !strings.Contains(r.err, "cannot write") {
		t.Fatalf("code %d, %q", r.code, r.err)
	}
	wantFolder(t, dir, "buyer.xlsx")
	// The report's name is taken by someone else meanwhile: the copy is
	// taken back and the other file is left as it was.
	os.Mkdir(repDir, 0o755)
	rep := filepath.Join(repDir, "r.json")
	r = runAt(t, context.Background(), func() { os.WriteFile(rep, []byte("theirs"), 0o644) }, "q", "fill", in, "--out", out, "--report", rep)
	if r.code != ExitFailure || !strings.Contains(r.err, "r.json already exists") {
		t.Fatalf("code %d, %q", r.code, r.err)
	}
	wantFolder(t, dir, "buyer.xlsx,reports")
	if b, _ := os.ReadFile(rep); string(b) != "theirs" {
		t.Errorf("the other report was replaced: %q", b)
	}
	// The retry works.
	os.Remove(rep)
	if r := run(t, "q", "fill", in, "--out", out, "--report", rep); r.code != 0 {
		t.Errorf("retry: %d %s", r.code, r.err)
	}
}

// TestFillLocksItsOutput: a second vouch writing the same --out fails at
// once, naming the file, instead of silently replacing the first's copy.
func TestFillLocksItsOutput(t *testing.T) {
	dir := t.TempDir()
	in := questionBook(t, dir, 0)
	out := filepath.Join(dir, "out.xlsx")
	l, err := outfile.Acquire(context.Background(), out, false)
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, "q", "fill", in, "--out", out, "--force")
	if r.code != ExitFailure || !strings.Contains(r.err, "out.xlsx is being written by another vouch process") {
		t.Errorf("code %d, %q", r.code, r.err)
	}
	l.Release()
	if r := run(t, "q", "fill", in, "--out", out); r.code != 0 {
		t.Errorf("after release: %d %s", r.code, r.err)
	}
	wantFolder(t, dir, "buyer.xlsx,out.xlsx")
}

// TestFillInterruptedWhileWriting: a signal that arrives once the questions
// are answered, while the CSV copy is written, ends the fill with 130 and
// nothing under the output's name.
func TestFillInterruptedWhileWriting(t *testing.T) {
	// One CPU: the fill answers on one goroutine, whose loop does not look at
	// the context after its last question, so the signal lands in the write.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("ID,Question,Answer,Comment\n")
	for i := 0; i < 400; i++ {
		fmt.Fprintf(&b, "Q%d,Do you review firewall rule set number %d?,,\n", i, i)
	}
	in := filepath.Join(dir, "buyer.csv")
	os.WriteFile(in, []byte(b.String()), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := runAt(t, ctx, cancel, "q", "fill", in, "--report", filepath.Join(dir, "r.json"))
	if r.code != ExitInterrupted || !strings.Contains(r.err, "interrupted") {
		t.Errorf("code %d, %q", r.code, r.err)
	}
	wantFolder(t, dir, "buyer.csv")
}

// TestInputFormatsNamed: an input vouch cannot read names the formats it reads.
func TestInputFormatsNamed(t *testing.T) {
	dir := t.TempDir()
	in := questionBook(t, dir, 0)
	ods := filepath.Join(dir, "buyer.ods")
	b, _ := os.ReadFile(in)
	os.WriteFile(ods, b, 0o644) // a zip, as an OpenDocument file is
	for _, args := range [][]string{{"q", "fill", ods}, {"q", "inspect", ods}, {"q", "learn", ods, "--catalog", dir}} {
		r := run(t, args...)
		if r.code != ExitFailure || !strings.Contains(r.err, "buyer.ods: a .ods (OpenDocument spreadsheet) file: vouch reads questionnaires in .xlsx, .xlsm and .csv") {
			t.Errorf("%v: code %d, %q", args, r.code, r.err)
		}
	}
	wantFolder(t, dir, "buyer.ods,buyer.xlsx")
	// The copy keeps the input's format; the message names the output as
	// given, not the temporary file the copy is written to first.
	r := run(t, "q", "fill", in, "--out", filepath.Join(dir, "x.csv"))
	if r.code != ExitFailure || !strings.Contains(r.err, "x.csv: the filled copy keeps the input's format (xlsx)") || strings.Contains(r.err, ".vouch-") {
		t.Errorf("--out x.csv: code %d, %q", r.code, r.err)
	}
	wantFolder(t, dir, "buyer.ods,buyer.xlsx")
}

// TestMissingOutputFolderNamed: --out or --report into a folder that does
// not exist names that folder, not a temporary file.
func TestMissingOutputFolderNamed(t *testing.T) {
	dir := t.TempDir()
	in := questionBook(t, dir, 0)
	nodir := filepath.Join(dir, "nodir")
	for _, args := range [][]string{
		{"q", "fill", in, "--out", filepath.Join(nodir, "x.xlsx")},
		{"q", "fill", in, "--out", filepath.Join(dir, "x.xlsx"), "--report", filepath.Join(nodir, "r.json")},
		{"nda", "--customer", "Acme Inc.", "--law", "the laws of Ireland", "--out", filepath.Join(nodir, "x.pdf")},
		{"dpa", "--customer", "Acme Inc.", "--out", filepath.Join(nodir, "x.xlsx")},
	} {
		r := run(t, args...)
		if r.code != ExitFailure || !strings.Contains(r.err, "the output folder "+nodir+" does not exist") || strings.Contains(r.err, ".tmp") {
			t.Errorf("%v: code %d, %q", args, r.code, r.err)
		}
	}
	wantFolder(t, dir, "buyer.xlsx")
}

// wantFolder fails the test unless dir holds exactly the names in want
// (comma-separated, sorted).
func wantFolder(t *testing.T, dir, want string) {
	t.Helper()
	if got := strings.Join(testutil.ListDir(t, dir), ","); got != want {
		t.Errorf("%s holds %s, want %s", dir, got, want)
	}
}
