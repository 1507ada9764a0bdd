package cmd

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"golang.org/x/crypto/ssh"

	"github.com/vouchcli/vouch/dpa"
	"github.com/vouchcli/vouch/internal/term"
	"github.com/vouchcli/vouch/internal/testutil"
)

// An example is one command line as the help or the README shows it.
type example struct {
	where string   // "vouch questionnaire fill --help", "README.md:42"
	args  []string // without the leading "vouch"
}

// TestEveryExampleRuns runs every Example line of every command's help, each
// in a fresh folder, and the README's commands in order in one folder (a
// user following the tour), on the embedded catalog with the files they
// name. Each must succeed; a --fail-on gate may exit 3.
func TestEveryExampleRuns(t *testing.T) {
	readme, err := filepath.Abs(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	help := helpExamples(t)
	tour := readmeExamples(t, readme)
	if len(help) < 30 || len(tour) < 15 {
		t.Fatalf("found %d help examples and %d README commands: the parser lost some", len(help), len(tour))
	}
	for _, ex := range help {
		t.Run(ex.where+" "+strings.Join(ex.args, " "), func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			runExample(t, ex)
		})
	}
	t.Run("README tour", func(t *testing.T) {
		dir := t.TempDir()
		t.Chdir(dir)
		var skipped []string // outputs of commands skipped for want of a font
		for _, ex := range tour {
			if reads(ex.args, skipped) {
				t.Logf("%s skipped: it reads the output of a command skipped above", ex.where)
				continue
			}
			if name, ok := needsSystemFont(ex.args); ok && os.Getenv("CI") != "true" {
				if _, err := dpa.SystemFonts().FontFor(context.Background(), []rune(name)); err != nil {
					t.Logf("%s skipped: no installed TrueType font prints %q (.ci/run installs fonts-ipafont-gothic): %v", ex.where, name, err)
					// a name with no Latin slug makes packets/customer-<hash>
					skipped = append(skipped, "packets/customer-")
					continue
				}
			}
			runExample(t, ex)
		}
	})
	t.Logf("ran %d help examples and %d README commands", len(help), len(tour))
}

// needsSystemFont returns the --customer name of a command when the
// embedded PDF fonts cannot print it (a non-Latin script).
func needsSystemFont(args []string) (string, bool) {
	for i, a := range args {
		if a == "--customer" && i+1 < len(args) {
			for _, r := range args[i+1] {
				if r > 0x24F { // beyond Latin Extended-B
					return args[i+1], true
				}
			}
		}
	}
	return "", false
}

// reads reports whether a command names a path that starts with one of
// prefixes.
func reads(args, prefixes []string) bool {
	for _, a := range args {
		for _, p := range prefixes {
			if strings.HasPrefix(a, p) {
				return true
			}
		}
	}
	return false
}

// runExample builds the fixtures the example reads, runs it and checks its
// exit code.
func runExample(t *testing.T, ex example) {
	t.Helper()
	for _, name := range inputsOf(ex.args) {
		if build, ok := fixtures[name]; ok {
			if _, err := os.Stat(name); err != nil {
				build(t, name)
			}
		}
	}
	r := run(t, ex.args...)
	want := ExitOK
	if gate(ex.args) {
		want = ExitFound
	}
	if r.code != ExitOK && r.code != want {
		t.Errorf("%s: vouch %s\nexit %d\n%s", ex.where, strings.Join(ex.args, " "), r.code, r.err)
	}
}

// gate reports whether the example asks to fail on something found.
func gate(args []string) bool {
	for _, a := range args {
		if a == "--fail-on" || strings.HasPrefix(a, "--fail-on=") {
			return true
		}
	}
	return false
}

// inputsOf is the example's arguments that may name a file it reads: not
// the values of --out and --report, nor the folder `init` creates.
func inputsOf(args []string) []string {
	if len(args) > 0 && args[0] == "init" {
		return nil // it creates its folder and reads nothing
	}
	var in []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--out" || a == "--report" {
			i++
			continue
		}
		if a == "" || strings.HasPrefix(a, "-") {
			continue
		}
		in = append(in, filepath.Clean(a))
	}
	return in
}

// fixtures build the files the examples name, by their (cleaned) names.
var fixtures = map[string]func(t *testing.T, name string){
	"buyer.xlsx": buyerWorkbook,
	"buyer.csv":  buyerCSV,
	"buyer.filled.xlsx": func(t *testing.T, name string) {
		buyerWorkbook(t, "buyer.xlsx")
		mustRun(t, "questionnaire", "fill", "buyer.xlsx", "--out", name, "--force")
	},
	"buyer.filled.csv": func(t *testing.T, name string) {
		buyerCSV(t, "buyer.csv")
		mustRun(t, "questionnaire", "fill", "buyer.csv", "--out", name, "--force")
	},
	"answered.xlsx":      answeredWorkbook,
	"answered-2025.xlsx": answeredWorkbook,
	"a.xlsx":             answeredWorkbook,
	"b.csv": func(t *testing.T, name string) {
		writeFile(t, name, "ID,Question,Answer,Comment\nB-1,Do you encrypt customer data in transit with TLS?,Yes,TLS 1.2 or later.\nB-2,Do you sell customer data?,No,\n")
	},
	"pw.txt": func(t *testing.T, name string) { writeFile(t, name, "s3cret\n") },
	"catalog": func(t *testing.T, name string) {
		mustRun(t, "init", name, "--example", "kora")
		// evidence for the examples that replace or remove it
		mustRun(t, "controls", "evidence", "add", "ENC-02", "name=KMS config,kind=config,ref=evidence/kms-2025.png,collected=2025-11-01,expires=2026-11-01", "--catalog", name)
		// a library entry for the examples that show or remove one
		answers := filepath.Join(filepath.Dir(name), "seed-answers.csv")
		writeFile(t, answers, "question,answer,comment\nDo you operate a bug bounty programme?,No,\n")
		mustRun(t, "library", "import", answers, "--catalog", name)
	},
	"answers.csv": func(t *testing.T, name string) {
		writeFile(t, name, "id,question,answer,comment\nQ-1,Do you encrypt backups?,Yes,Backups are encrypted at rest.\n")
	},
	"other-catalog/library.yaml": func(t *testing.T, name string) {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, name, "answers:\n  - id: LIB-0001\n    question: Do you keep audit logs?\n    verdict: \"yes\"\n    answer: \"Yes\"\n")
	},
	"logo.svg": func(t *testing.T, name string) {
		writeFile(t, name, `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`)
	},
	"baseline.json": func(t *testing.T, name string) { mustRun(t, "gaps", "--out", name) },
	"component-definition.json": func(t *testing.T, name string) {
		mustRun(t, "oscal", "export", "--out", name)
	},
	"cd.yaml": func(t *testing.T, name string) {
		// a YAML component definition: the JSON export is valid YAML
		mustRun(t, "oscal", "export", "--out", name+".json")
		data, err := os.ReadFile(name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, name, string(data))
	},
	"packets/acme-inc": func(t *testing.T, name string) {
		mustRun(t, "packet", "--customer", "Acme Inc.", "--format", "xlsx", "--docs", "subprocessors", "--out", filepath.Dir(name))
	},
	"packets/acme-inc.zip": func(t *testing.T, name string) {
		sshKey(t, "kora-packets")
		mustRun(t, "packet", "--customer", "Acme Inc.", "--format", "xlsx", "--docs", "subprocessors", "--zip", "--sign", "kora-packets", "--out", filepath.Dir(name))
	},
	"packets_ed25519":     sshKey,
	"packets_ed25519.pub": func(t *testing.T, name string) { sshKey(t, strings.TrimSuffix(name, ".pub")) },
	"kora-packets.pub":    func(t *testing.T, name string) { sshKey(t, strings.TrimSuffix(name, ".pub")) },
}

// sshKey writes an ed25519 key pair in OpenSSH's formats, NAME and
// NAME.pub, unless NAME exists.
func sshKey(t *testing.T, name string) {
	t.Helper()
	if _, err := os.Stat(name); err == nil {
		return
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, name, string(pem.EncodeToMemory(block)))
	writeFile(t, name+".pub", string(ssh.MarshalAuthorizedKey(sp)))
}

func mustRun(t *testing.T, args ...string) {
	t.Helper()
	if r := run(t, args...); r.code != 0 {
		t.Fatalf("fixture: vouch %s: %d %s", strings.Join(args, " "), r.code, r.err)
	}
}

func writeFile(t *testing.T, name, s string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// buyerWorkbook is a buyer's questionnaire shaped as the examples describe
// it: a "Vendor Response" sheet with title rows, the header on row 4,
// questions in C, answers in D (a Yes/No/N/A dropdown), comments in E.
func buyerWorkbook(t *testing.T, name string) {
	rows := [][]any{
		{"Acme Corp vendor security assessment"},
		{"Please answer every question."},
		{},
		{"#", "Domain", "Question", "Answer", "Comments"},
		{"1", "Encryption", "Do you encrypt customer data at rest?"},
		{"2", "Encryption", "Is customer data encrypted in transit using TLS?"},
		{"3", "Access", "Do you enforce multi-factor authentication for administrators?"},
		{"4", "Compliance", "Do you hold a current SOC 2 Type II report?"},
		{"5", "Privacy", "Do you sell customer data?"},
		{"6", "Operations", "Are backups taken regularly and tested for restore?"},
	}
	writeBook(t, name, "Vendor Response", rows, fmt.Sprintf("D5:D%d", len(rows)))
}

func buyerCSV(t *testing.T, name string) {
	writeFile(t, name, "ID,Question,Answer,Comment\n"+
		"Q1,Do you encrypt customer data at rest?,,\n"+
		"Q2,Is customer data encrypted in transit using TLS?,,\n"+
		"Q3,Do you have a documented incident response process?,,\n")
}

func answeredWorkbook(t *testing.T, name string) {
	testutil.WriteSheet(t, name, [][]string{
		{"ID", "Question", "Answer", "Comments"},
		{"A-1", "Do you encrypt customer data at rest?", "Yes", "Storage-layer encryption on all volumes."},
		{"A-2", "Do you maintain a documented incident response plan?", "Yes", "Reviewed yearly."},
		{"A-3", "Do you allow customers to perform penetration tests?", "No", ""},
	})
}

// helpExamples collects the Example lines of every command.
func helpExamples(t *testing.T) []example {
	t.Helper()
	ios, _, _, _ := term.Test()
	root := NewCmdRoot(&Factory{IOStreams: ios})
	var out []example
	walk(root, func(c *cobra.Command) {
		if c.Example == "" {
			return
		}
		for _, line := range commandLines(c.Example, false) {
			for _, args := range line.args {
				out = append(out, example{where: c.CommandPath() + " --help", args: args})
			}
		}
	})
	return out
}

// readmeExamples collects the commands that start with vouch in the
// README's code blocks, in order.
func readmeExamples(t *testing.T, path string) []example {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var block strings.Builder
	var out []example
	inBlock, start, n := false, 0, 0
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			if inBlock {
				for _, l := range commandLines(block.String(), true) {
					for _, args := range l.args {
						out = append(out, example{where: fmt.Sprintf("README.md:%d", start+l.line), args: args})
					}
				}
				block.Reset()
			}
			inBlock, start = !inBlock, n
			continue
		}
		if inBlock {
			block.WriteString(line + "\n")
		}
	}
	return out
}

// A commandLine is one vouch command of a text, with the line it starts
// on; args has several entries where a word offers alternatives (bash|zsh).
type commandLine struct {
	line int
	args [][]string
}

// commandLines splits text into shell command lines (a trailing backslash
// continues one) and keeps those that run vouch, split into words as a
// POSIX shell would: quotes, backslashes, # comments. With alternatives, an
// unquoted "a|b" word (the README's notation) gives one command per choice.
func commandLines(text string, alternatives bool) []commandLine {
	var out []commandLine
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		start := i + 1
		full := lines[i]
		for strings.HasSuffix(strings.TrimRight(full, " "), `\`) && i+1 < len(lines) {
			full = strings.TrimSuffix(strings.TrimRight(full, " "), `\`) + " " + lines[i+1]
			i++
		}
		words, choices := shellWords(full)
		if len(words) == 0 || words[0] != "vouch" {
			continue
		}
		cl := commandLine{line: start, args: [][]string{words[1:]}}
		if alternatives {
			for w, alts := range choices {
				var expanded [][]string
				for _, args := range cl.args {
					for _, alt := range alts {
						a := append([]string(nil), args...)
						a[w-1] = alt
						expanded = append(expanded, a)
					}
				}
				cl.args = expanded
			}
		}
		out = append(out, cl)
	}
	return out
}

// shellWords splits a command line into words. choices maps the index of a
// word holding an unquoted "|" to its alternatives.
func shellWords(s string) (words []string, choices map[int][]string) {
	choices = map[int][]string{}
	var w strings.Builder
	inWord, bar := false, false
	var quote rune
	flush := func() {
		if inWord {
			if bar {
				choices[len(words)] = strings.Split(w.String(), "|")
			}
			words = append(words, w.String())
		}
		w.Reset()
		inWord, bar = false, false
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				w.WriteRune(c)
			}
		case quote == '"':
			switch {
			case c == '"':
				quote = 0
			case c == '\\' && i+1 < len(rs) && strings.ContainsRune(`"\$`+"`", rs[i+1]):
				i++
				w.WriteRune(rs[i])
			default:
				w.WriteRune(c)
			}
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == '\\' && i+1 < len(rs):
			i++
			w.WriteRune(rs[i])
			inWord = true
		case c == ' ' || c == '\t':
			flush()
		case c == '#' && !inWord:
			flush()
			return words, choices
		case c == '|':
			w.WriteRune(c)
			inWord, bar = true, true
		default:
			w.WriteRune(c)
			inWord = true
		}
	}
	flush()
	return words, choices
}

func TestShellWords(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{`vouch packet --customer "Société Générale" --out packets/   # a comment`, `vouch|packet|--customer|Société Générale|--out|packets/`},
		{`vouch q fill 'a b.xlsx' --sheet "Vendor \"R\""`, `vouch|q|fill|a b.xlsx|--sheet|Vendor "R"`},
		{`vouch x a\ b c#d`, `vouch|x|a b|c#d`},
	}
	for _, tt := range tests {
		w, _ := shellWords(tt.in)
		if got := strings.Join(w, "|"); got != tt.want {
			t.Errorf("%s\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
	cl := commandLines("vouch completion bash|zsh|fish\nmake demo\nvouch a \\\n  --b c\n", true)
	if len(cl) != 2 || len(cl[0].args) != 3 || cl[0].args[2][1] != "fish" || strings.Join(cl[1].args[0], " ") != "a --b c" || cl[1].line != 3 {
		t.Errorf("commandLines: %+v", cl)
	}
}
