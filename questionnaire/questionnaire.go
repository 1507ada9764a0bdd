// Package questionnaire reads buyers' security questionnaires (.xlsx and
// .csv), finds their layout (header row, question, ID, answer and comment
// columns, dropdown values), fills a copy with the answers of an Answerer and
// reports what it did. It never prints and never modifies its input.
package questionnaire

import (
	"github.com/vouchcli/vouch/questionnaire/match"
)

// Question is one question row of a questionnaire.
type Question struct {
	Sheet   string `json:"sheet" yaml:"sheet"`
	Row     int    `json:"row" yaml:"row"` // 1-based, as in the workbook (for CSV: the record number, header = 1)
	ID      string `json:"id" yaml:"id"`
	Text    string `json:"question" yaml:"question"`
	Section string `json:"section,omitempty" yaml:"section,omitempty"`
	// AnswerCell and CommentCell are "C5" style for xlsx; for CSV "R<row>C<col>" (1-based).
	// Empty: none.
	AnswerCell  string `json:"answer_cell" yaml:"answer_cell"`
	CommentCell string `json:"comment_cell,omitempty" yaml:"comment_cell,omitempty"`
	// Allowed are the dropdown values of the answer cell, as spelled; nil for free text.
	Allowed []string `json:"allowed,omitempty" yaml:"allowed,omitempty"`
	// ChoiceKeys are the names the sheet gives the dropdown values, one per
	// value ("application_authz_vertical_yes"); nil when it names none.
	ChoiceKeys []string `json:"choice_keys,omitempty" yaml:"choice_keys,omitempty"`
	// Answer and Comment are the cells' existing contents (a filled workbook).
	Answer  string `json:"answer,omitempty" yaml:"answer,omitempty"`
	Comment string `json:"comment,omitempty" yaml:"comment,omitempty"`
	// Merged says why the row has no answer cell of its own (its cell is
	// covered by a merged range starting in another row or column).
	Merged string `json:"merged,omitempty" yaml:"merged,omitempty"`
	// DateCell says that the answer cell has a date number format (read for date fields only).
	DateCell bool `json:"-" yaml:"-"`
}

// Layout is what vouch found on one sheet.
type Layout struct {
	Sheet       string `json:"sheet" yaml:"sheet"`
	HeaderRow   int    `json:"header_row" yaml:"header_row"` // 1-based
	QuestionCol string `json:"question_col" yaml:"question_col"`
	IDCol       string `json:"id_col,omitempty" yaml:"id_col,omitempty"`
	AnswerCol   string `json:"answer_col,omitempty" yaml:"answer_col,omitempty"`
	CommentCol  string `json:"comment_col,omitempty" yaml:"comment_col,omitempty"`
	SectionCol  string `json:"section_col,omitempty" yaml:"section_col,omitempty"`
	ChoicesCol  string `json:"choices_col,omitempty" yaml:"choices_col,omitempty"`
	// AppendedAnswer and AppendedComment say that the sheet had no such
	// column and the output gets one after the last used column.
	AppendedAnswer  bool `json:"appended_answer,omitempty" yaml:"appended_answer,omitempty"`
	AppendedComment bool `json:"appended_comment,omitempty" yaml:"appended_comment,omitempty"`
	Questions       int  `json:"questions" yaml:"questions"`
	// Sections are the section names found, in sheet order.
	Sections []string `json:"sections,omitempty" yaml:"sections,omitempty"`
	// FormulaFed are the question rows whose answer cell holds a formula:
	// answered elsewhere, never written, not counted in Questions.
	FormulaFed []FedCell `json:"formula_fed,omitempty" yaml:"formula_fed,omitempty"`
	Dropdowns  []string  `json:"dropdowns,omitempty" yaml:"dropdowns,omitempty"` // distinct allowed-value lists, "Yes | No"
	Notes      []string  `json:"notes,omitempty" yaml:"notes,omitempty"`         // what was guessed or missing
}

// FedCell is a question row whose answer cell holds a formula.
type FedCell struct {
	Row     int    `json:"row" yaml:"row"`
	ID      string `json:"id,omitempty" yaml:"id,omitempty"`
	Section string `json:"section,omitempty" yaml:"section,omitempty"`
	Cell    string `json:"cell" yaml:"cell"`                     // the answer cell, "C13"
	Formula string `json:"formula" yaml:"formula"`               // without "="
	From    string `json:"from,omitempty" yaml:"from,omitempty"` // where the answer is given, "START HERE!C13"
}

// SheetInfo describes one sheet of the input.
type SheetInfo struct {
	Name   string `json:"name" yaml:"name"`
	Hidden bool   `json:"hidden" yaml:"hidden"`
	Rows   int    `json:"rows" yaml:"rows"`
	Used   bool   `json:"used" yaml:"used"`                         // questions were read from it
	Reason string `json:"reason,omitempty" yaml:"reason,omitempty"` // why it was not used
}

// Document is a read questionnaire.
type Document struct {
	Path      string      `json:"path" yaml:"path"`
	Format    string      `json:"format" yaml:"format"` // xlsx | csv
	Sheets    []SheetInfo `json:"sheets" yaml:"sheets"`
	Layouts   []Layout    `json:"layouts" yaml:"layouts"`
	Questions []Question  `json:"questions" yaml:"questions"`

	csv *csvData // the parsed CSV, for writing
	// formulas: the workbook has formulas (a sheet read holds some, or it
	// has a calculation chain), which may read the answers written
	formulas bool
}

// ReadOptions override layout detection and bound the reading.
type ReadOptions struct {
	Sheet       string // read only this sheet
	HeaderRow   int    // 1-based; 0: detect
	QuestionCol string // column letters; "": detect
	IDCol       string
	AnswerCol   string
	CommentCol  string
	Password    string // of an encrypted workbook
	// MaxUnzipBytes bounds what an .xlsx may unzip to (default 256 MiB; a
	// package may unzip to 64 times its size on disk, at most 2 GiB, when
	// that is more: see unzipLimit).
	MaxUnzipBytes int64
}

// DefaultMaxUnzipBytes bounds the unzipped size of a workbook.
const DefaultMaxUnzipBytes int64 = 256 << 20

// Answerer answers one question; *match.Engine is one.
type Answerer interface {
	Answer(match.Query) match.Result
}

// FillOptions are the options of Fill.
type FillOptions struct {
	ReadOptions
	Out       string // output path; default <name>.filled.<ext> beside the input
	Force     bool   // replace an existing output
	Overwrite bool   // replace existing answers
	Progress  func(done, total int)
}

// Report is the stable report contract of DESIGN.md "Filling a questionnaire".
type Report struct {
	Input   string  `json:"input" yaml:"input"`
	Output  string  `json:"output" yaml:"output"`
	Summary Summary `json:"summary" yaml:"summary"`
	Items   []Item  `json:"items" yaml:"items"`

	elsewhere, elsewhereSheets int // formula-fed answer cells, and the sheets that have them
}

// AnsweredElsewhere says how many question rows have a formula in their
// answer cell (answered elsewhere, not written), on how many sheets (not
// part of the contract).
func (r *Report) AnsweredElsewhere() (cells, sheets int) { return r.elsewhere, r.elsewhereSheets }

// Counts counts items by status.
type Counts struct {
	Questions int `json:"questions" yaml:"questions"`
	Answered  int `json:"answered" yaml:"answered"`
	Review    int `json:"review" yaml:"review"`
	Skipped   int `json:"skipped" yaml:"skipped"`
}

// add counts one item of the status.
func (c *Counts) add(status string) {
	c.Questions++
	switch status {
	case StatusAnswered:
		c.Answered++
	case StatusReview:
		c.Review++
	default:
		c.Skipped++
	}
}

// Summary counts the items by status, in all and per sheet.
type Summary struct {
	Counts `yaml:",inline"`
	Sheets []SheetSummary `json:"sheets,omitempty" yaml:"sheets,omitempty"`
}

// SheetSummary counts the items of one sheet.
type SheetSummary struct {
	Sheet  string `json:"sheet" yaml:"sheet"`
	Counts `yaml:",inline"`
}

// Item is one question of the report.
type Item struct {
	Sheet      string   `json:"sheet" yaml:"sheet"`
	Row        int      `json:"row" yaml:"row"`
	ID         string   `json:"id" yaml:"id"`
	Question   string   `json:"question" yaml:"question"`
	Status     string   `json:"status" yaml:"status"`   // answered | review | skipped
	Verdict    string   `json:"verdict" yaml:"verdict"` // yes | no | partial | na | ""
	Answer     string   `json:"answer" yaml:"answer"`
	Comment    string   `json:"comment" yaml:"comment"`
	Controls   []string `json:"controls" yaml:"controls"`
	Library    string   `json:"library" yaml:"library"`
	Confidence float64  `json:"confidence" yaml:"confidence"`
	Reasons    []string `json:"reasons" yaml:"reasons"`

	candidates []match.Candidate
}

// Candidates returns the match candidates of a review item (not part of the contract).
func (it Item) Candidates() []match.Candidate { return it.candidates }

// The item statuses.
const (
	StatusAnswered = "answered"
	StatusReview   = "review"
	StatusSkipped  = "skipped"
)
