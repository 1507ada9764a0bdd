// Package testutil holds helpers shared by tests only.
package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// RequireTool returns the path of an external program a test needs
// (pdftotext, qpdf, soffice). Under CI=true a missing tool fails the test;
// elsewhere the test is skipped, saying so.
func RequireTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed; .ci/run installs it (poppler-utils, qpdf, libreoffice-calc-nogui, fontconfig, openssh-client)", name)
	}
	t.Skipf("%s is not installed: skipping this check (CI installs it)", name)
	return ""
}

// SharedDir returns ../shared/<sub> of the repository. Every test that reads
// ../shared gets it here. When it is absent (a fresh clone without the shared
// folder) the test is skipped, saying so; under CI=true it fails, so that a
// CI run without the shared files cannot pass by skipping them.
func SharedDir(t testing.TB, sub string) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	return sharedDir(t, filepath.Join(root, "..", "shared", sub), os.Getenv("CI") == "true")
}

func sharedDir(t testing.TB, dir string, ci bool) string {
	t.Helper()
	if _, err := os.Stat(dir); err != nil {
		if ci {
			t.Fatalf("%s is absent (CI=true): the checks on real questionnaires need ../shared beside the repository", dir)
		}
		t.Skipf("%s is absent: skipping the check on real questionnaires (under CI=true this fails)", dir)
	}
	return dir
}

// SofficeToCSV converts a workbook's first sheet to CSV with LibreOffice,
// headless, using a private profile so that parallel test packages do not
// fight over one. It returns the CSV bytes. A sheet other than the first can
// be chosen with sheet (1-based; 0 for the first).
func SofficeToCSV(t testing.TB, xlsx string, sheet int) []byte {
	t.Helper()
	filter := "csv:Text - txt - csv (StarCalc):44,34,76,1"
	if sheet > 0 {
		filter += ",,0,false,true,false,false,false," + strconv.Itoa(sheet)
	}
	out, b := soffice(t, xlsx, filter)
	base := filepath.Base(xlsx)
	name := base[:len(base)-len(filepath.Ext(base))] + ".csv"
	if sheet > 0 {
		// With a sheet number, LibreOffice names the file <name>-<SheetName>.csv.
		matches, _ := filepath.Glob(filepath.Join(out, "*.csv"))
		if len(matches) == 1 {
			name = filepath.Base(matches[0])
		}
	}
	csv, err := os.ReadFile(filepath.Join(out, name))
	if err != nil {
		t.Fatalf("soffice wrote no CSV for %s: %v\n%s", xlsx, err, b)
	}
	return csv
}

// SofficeToCSVs converts every sheet of a workbook to CSV with LibreOffice
// in one run; it returns each sheet's CSV by sheet name.
func SofficeToCSVs(t testing.TB, xlsx string) map[string][]byte {
	t.Helper()
	out, b := soffice(t, xlsx, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
	base := filepath.Base(xlsx)
	prefix := base[:len(base)-len(filepath.Ext(base))] + "-"
	matches, _ := filepath.Glob(filepath.Join(out, "*.csv"))
	sheets := map[string][]byte{}
	for _, m := range matches {
		name := filepath.Base(m)
		if !strings.HasPrefix(name, prefix) {
			continue
		}
		csv, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		sheets[strings.TrimSuffix(strings.TrimPrefix(name, prefix), ".csv")] = csv
	}
	if len(sheets) == 0 {
		t.Fatalf("soffice wrote no CSV for %s\n%s", xlsx, b)
	}
	return sheets
}

// SofficeToXLSX has LibreOffice open a workbook and save it as .xlsx (its
// own way of writing one); it returns the new file's path.
func SofficeToXLSX(t testing.TB, xlsx string) string {
	t.Helper()
	out, b := soffice(t, xlsx, "xlsx:Calc MS Excel 2007 XML")
	base := filepath.Base(xlsx)
	p := filepath.Join(out, base[:len(base)-len(filepath.Ext(base))]+".xlsx")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("soffice wrote no .xlsx for %s: %v\n%s", xlsx, err, b)
	}
	return p
}

// SofficeRecalcToXLSX is SofficeToXLSX with every formula recalculated
// when LibreOffice loads the workbook (its default for .xlsx is to keep the
// cached values): the copy it writes holds the values the formulas give.
func SofficeRecalcToXLSX(t testing.TB, xlsx string) string {
	t.Helper()
	out, b := sofficeWith(t, xlsx, "xlsx:Calc MS Excel 2007 XML", recalcAlways)
	base := filepath.Base(xlsx)
	p := filepath.Join(out, base[:len(base)-len(filepath.Ext(base))]+".xlsx")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("soffice wrote no .xlsx for %s: %v\n%s", xlsx, err, b)
	}
	return p
}

// recalcAlways is a LibreOffice profile setting: recalculate every formula
// of an OOXML workbook on load.
const recalcAlways = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`

// soffice runs one headless conversion into a new folder, with a private
// profile so that parallel test packages do not fight over one.
func soffice(t testing.TB, in, filter string) (outDir string, output []byte) {
	t.Helper()
	return sofficeWith(t, in, filter, "")
}

// sofficeWith is soffice with settings (registrymodifications.xcu) in the profile.
func sofficeWith(t testing.TB, in, filter, settings string) (outDir string, output []byte) {
	t.Helper()
	bin := RequireTool(t, "soffice")
	outDir = t.TempDir()
	dir := t.TempDir()
	if settings != "" {
		if err := os.MkdirAll(filepath.Join(dir, "user"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "user", "registrymodifications.xcu"), []byte(settings), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	profile := "file://" + filepath.ToSlash(dir)
	cmd := exec.Command(bin, "-env:UserInstallation="+profile, "--headless", "--convert-to", filter, "--outdir", outDir, in)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --convert-to %s %s: %v\n%s", filter, in, err, b)
	}
	return outDir, b
}

// BuildVouch builds the vouch binary (no -ldflags, as `go build` does) into
// a temporary folder and returns its path, for tests that need a real
// process: signals, a terminal, exit codes as a shell sees them.
func BuildVouch(t testing.TB) string {
	t.Helper()
	goBin := RequireTool(t, "go")
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	bin := filepath.Join(t.TempDir(), "vouch")
	cmd := exec.Command(goBin, "build", "-o", bin, ".")
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return bin
}
