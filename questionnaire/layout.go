package questionnaire

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

// headerScanRows is how many rows from the top may hold the header.
const headerScanRows = 30

// Column roles found in a header row.
const (
	roleQuestion = "question"
	roleID       = "id"
	roleAnswer   = "answer"
	roleComment  = "comment"
	roleSection  = "section"
	roleChoices  = "choices"
)

// HeaderWords lists the header words recognised, for error messages.
const HeaderWords = "Question, Control Question, Requirement, Vendor Answers, CSP CAIQ Answer, Response, Answer, Additional Information, Comments, Implementation Description, Notes, ID, #, Ref"

var (
	punct      = strings.NewReplacer("_", " ", ":", " ", "*", " ", "(", " ", ")", " ", "\n", " ", "\r", " ", "\t", " ")
	idShape    = regexp.MustCompile(`^(?:[A-Za-z][A-Za-z&]{0,9}[-_. ]?[A-Za-z]{0,4}[-_. ]?\d{1,4}(?:[.-]\d{1,4})*[a-z]?|\d{1,3}(?:\.\d{1,3})*(?:#\d+)?[a-z]?)$`)
	footerRe   = regexp.MustCompile(`(?i)^(end of|©|\(c\)\s*\d{4}|copyright)|all rights reserved|©`)
	imperative = map[string]bool{"describe": true, "provide": true, "list": true, "explain": true, "state": true, "summarize": true,
		"summarise": true, "indicate": true, "please": true, "what": true, "how": true, "when": true, "where": true, "who": true,
		"which": true, "why": true, "do": true, "does": true, "is": true, "are": true, "can": true, "will": true, "have": true,
		"has": true, "identify": true, "specify": true, "detail": true, "outline": true, "share": true, "confirm": true, "attach": true}
)

// normHeader lowercases a header cell and drops punctuation.
func normHeader(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(punct.Replace(s))), " ")
}

// headerRole classifies one header cell, or returns "".
func headerRole(cell string) string {
	h := normHeader(cell)
	if h == "" || len(h) > 60 {
		return ""
	}
	words := strings.Fields(h)
	last := words[len(words)-1]
	switch {
	case h == "#" || h == "no" || h == "no." || h == "nr" || h == "ref" || h == "ref." || h == "reference" || h == "item" ||
		h == "number" || h == "q#" || h == "qid" || h == "identifier" || h == "ref #" || h == "item #":
		return roleID
	case len(words) <= 3 && (last == "id" || last == "#" || last == "ref" || last == "no" || last == "no." || last == "num" || last == "number" || last == "identifier"):
		return roleID
	case strings.Contains(h, "analyst") || strings.Contains(h, "guidance") || strings.Contains(h, "assessor") || strings.Contains(h, "reviewer") || strings.Contains(h, "scor"):
		return ""
	case h == "choices" || h == "options" || strings.Contains(h, "possible answers") || strings.Contains(h, "allowed answers") || strings.Contains(h, "answer options") || strings.Contains(h, "answer choices"):
		return roleChoices
	case strings.Contains(h, "comment") || strings.Contains(h, "additional info") || strings.Contains(h, "implementation description") ||
		strings.Contains(h, "note") || h == "explanation" || h == "details" || strings.Contains(h, "justification") ||
		strings.Contains(h, "remark") || strings.Contains(h, "answer text") || h == "narrative" || strings.Contains(h, "supporting information") ||
		strings.Contains(h, "evidence") || strings.Contains(h, "description of control"):
		return roleComment
	case strings.Contains(h, "answer") || strings.Contains(h, "response") || strings.HasPrefix(h, "yes/no") || h == "yes / no" || h == "y/n":
		return roleAnswer
	case strings.Contains(h, "question") || strings.Contains(h, "requirement") || h == "control specification" || h == "query" || h == "request":
		return roleQuestion
	case h == "domain" || h == "section" || h == "category" || h == "control domain" || h == "area" || h == "topic" || h == "control family" || h == "group":
		return roleSection
	}
	return ""
}

// looksLikeQuestion says whether a text reads as a question or request.
func looksLikeQuestion(s string) bool {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "?") {
		return true
	}
	first := strings.ToLower(strings.TrimFunc(strings.SplitN(s+" ", " ", 2)[0], func(r rune) bool { return !unicode.IsLetter(r) }))
	return imperative[first]
}

// statementWords mark a sentence (a requirement) rather than a heading.
var statementWords = map[string]bool{"is": true, "are": true, "must": true, "shall": true, "should": true, "will": true, "be": true,
	"has": true, "have": true, "do": true, "does": true, "can": true, "we": true, "you": true, "your": true, "our": true}

// isHeading says whether a line without a question reads as a section heading.
func isHeading(s string) bool {
	w := strings.Fields(strings.ToLower(s))
	if len(w) == 0 || len(w) > 6 || strings.Contains(s, "://") || strings.HasSuffix(s, ".") {
		return false
	}
	for _, x := range w {
		if statementWords[strings.Trim(x, ",;:")] {
			return false
		}
	}
	return true
}

var instructionRe = regexp.MustCompile(`(?i)^(please (answer|complete|fill|use|read|note|select|enter|respond|provide all)|note:|notes:|instructions?\b|step \d|select (yes|an answer|from)|use the (drop|list)|answer (each|all|every) )`)

// isInstruction says whether a line tells the respondent how to fill the sheet.
func isInstruction(s string) bool { return instructionRe.MatchString(strings.TrimSpace(s)) }

func isFooter(s string) bool {
	if len(s) > 300 {
		return false // footers are short lines
	}
	l := strings.ToLower(s)
	if !strings.Contains(l, "©") && !strings.Contains(l, "(c)") && !strings.Contains(l, "end of") &&
		!strings.Contains(l, "copyright") && !strings.Contains(l, "rights reserved") {
		return false
	}
	return footerRe.MatchString(strings.TrimSpace(s))
}

// colName turns a 0-based column index into letters.
func colName(i int) string { return xlsx.ColName(i) }

// colIndex turns column letters into a 0-based index, or -1.
func colIndex(s string) int {
	if s == "" {
		return -1
	}
	n, err := excelize.ColumnNameToNumber(strings.ToUpper(strings.TrimSpace(s)))
	if err != nil {
		return -1
	}
	return n - 1
}

// grid is one sheet's cells, padded, with the merge continuations marked.
type grid struct {
	sheet string
	rows  [][]string
	// cont maps cells that hold a value propagated from a merged range to
	// that range's first cell {row, col}.
	cont map[[2]int][2]int
	// flat: one record per row (CSV); every row with text is a question.
	flat bool
	// notes are what reading the grid had to leave out.
	notes []string
	// formulas are the cells that hold a formula ({row, col}, 0-based);
	// rows holds their cached values. nil: none (a CSV). A shared
	// formula's dependent cells have no text here.
	formulas map[[2]int]xlsx.Formula
}

// isFormula says whether a cell holds a formula.
func (g *grid) isFormula(r, c int) bool {
	_, ok := g.formulas[[2]int{r, c}]
	return ok
}

func (g *grid) cell(r, c int) string {
	if c < 0 || r < 0 || r >= len(g.rows) || c >= len(g.rows[r]) {
		return ""
	}
	return strings.TrimSpace(g.rows[r][c])
}

// layoutError says what is missing on a sheet.
type layoutError struct{ msg string }

func (e *layoutError) Error() string { return e.msg }

// columns is a detected layout, 0-based, -1 for none.
type columns struct {
	header                                       int
	question, id, answer, comment, section, choi int
	headers                                      []string
	notes                                        []string
}

// sectionScanRows bounds how far down a sheet header rows are looked for.
const sectionScanRows = 5000

// rowRoles classifies the cells of a row as header cells, the first of each role.
func rowRoles(row []string) map[string]int {
	roles := map[string]int{}
	for c := range row {
		if role := headerRole(row[c]); role != "" {
			if _, dup := roles[role]; !dup {
				roles[role] = c
			}
		}
	}
	return roles
}

// findHeader scores the first rows and returns the best header row, or -1.
// When none of them is one, the first header further down is taken (a
// banner or a first section longer than headerScanRows).
func findHeader(g *grid) (int, map[string]int) {
	if r, roles := findHeaderIn(g, 0, headerScanRows); r >= 0 {
		return r, roles
	}
	return findHeaderIn(g, headerScanRows, sectionScanRows)
}

// questionRow says whether a row reads as a question: an ID-shaped cell
// and, in another, a question.
func questionRow(row []string) bool {
	for i, v := range row {
		if v = strings.TrimSpace(v); v == "" || !idShape.MatchString(v) {
			continue
		}
		for j, w := range row {
			if j != i && strings.Contains(w, "?") || (j != i && looksLikeQuestion(w) && len(strings.Fields(w)) >= 3) {
				return true
			}
		}
	}
	return false
}

// findHeaderIn is findHeader on rows from..to-1.
func findHeaderIn(g *grid, from, to int) (int, map[string]int) {
	best, bestScore := -1, 0
	var bestRoles map[string]int
	for r := from; r < len(g.rows) && r < to; r++ {
		if questionRow(g.rows[r]) {
			continue // an answer such as "See the response attached" makes no header
		}
		roles := rowRoles(g.rows[r])
		_, q := roles[roleQuestion]
		_, a := roles[roleAnswer]
		if !q && !a {
			continue
		}
		score := len(roles)
		if q {
			score += 2
		}
		if a {
			score++
		}
		if score > bestScore {
			best, bestScore, bestRoles = r, score, roles
		}
	}
	return best, bestRoles
}

// sectionRoles completes the roles of a header row from the section
// header rows below it, those that repeat its answer header in the same
// column (HECVAT: the first section's header names the answer column alone,
// the next ones add Additional Information). Only the comment column is
// taken: a question header there would be a guess. It returns what it took.
func sectionRoles(g *grid, header int, roles map[string]int) []string {
	a, ok := roles[roleAnswer]
	if header < 0 || !ok {
		return nil
	}
	answer := normHeader(g.cell(header, a))
	var notes []string
	for r := header + 1; r < len(g.rows) && r < sectionScanRows; r++ {
		if normHeader(g.cell(r, a)) != answer {
			continue
		}
		more := rowRoles(g.rows[r])
		if more[roleAnswer] != a {
			continue
		}
		c, found := more[roleComment]
		if _, have := roles[roleComment]; have || !found || slices.Contains(slices.Collect(maps.Values(roles)), c) {
			continue
		}
		roles[roleComment] = c
		notes = append(notes, fmt.Sprintf("comment column %s from the section header on row %d", colName(c), r+1))
	}
	return notes
}

// detectColumns finds the header row and the columns of a sheet, honouring the overrides.
func detectColumns(g *grid, opts ReadOptions) (columns, error) {
	cols := columns{header: -1, question: -1, id: -1, answer: -1, comment: -1, section: -1, choi: -1}
	var roles map[string]int
	if opts.HeaderRow > 0 {
		cols.header = opts.HeaderRow - 1
		roles = map[string]int{}
		if cols.header < len(g.rows) {
			for c := range g.rows[cols.header] {
				if role := headerRole(g.rows[cols.header][c]); role != "" {
					if _, dup := roles[role]; !dup {
						roles[role] = c
					}
				}
			}
		}
	} else {
		cols.header, roles = findHeader(g)
		cols.notes = append(cols.notes, sectionRoles(g, cols.header, roles)...)
	}
	get := func(role string) int {
		if c, ok := roles[role]; ok {
			return c
		}
		return -1
	}
	cols.question, cols.id, cols.answer, cols.comment = get(roleQuestion), get(roleID), get(roleAnswer), get(roleComment)
	cols.section, cols.choi = get(roleSection), get(roleChoices)
	for _, o := range []struct {
		v   string
		dst *int
		fl  string
	}{{opts.QuestionCol, &cols.question, "question"}, {opts.IDCol, &cols.id, "id"}, {opts.AnswerCol, &cols.answer, "answer"}, {opts.CommentCol, &cols.comment, "comment"}} {
		if o.v == "" {
			continue
		}
		i := colIndex(o.v)
		if i < 0 || i >= excelize.MaxColumns {
			return cols, &layoutError{fmt.Sprintf("--%s-col %q is not a column (use letters such as B)", o.fl, o.v)}
		}
		*o.dst = i
	}
	if cols.header < 0 && cols.question < 0 {
		return cols, &layoutError{"no header row found (looked in the first 30 rows for " + HeaderWords + ")"}
	}
	if cols.question < 0 {
		cols.question = inferQuestionCol(g, cols)
		if cols.question < 0 {
			return cols, &layoutError{"no question column found (a header with Question or Requirement, or a column of questions below the header)"}
		}
		cols.notes = append(cols.notes, fmt.Sprintf("question column %s guessed from its contents (no Question header)", colName(cols.question)))
	}
	if cols.id < 0 {
		if cols.id = inferIDCol(g, cols); cols.id >= 0 {
			cols.notes = append(cols.notes, fmt.Sprintf("ID column %s guessed from its values", colName(cols.id)))
		}
	}
	if cols.answer < 0 && !g.flat {
		cols.notes = append(cols.notes, "no answer column found (use --answer-col)")
	}
	if cols.header >= 0 && cols.header < len(g.rows) {
		cols.headers = g.rows[cols.header]
	}
	return cols, nil
}

func (c columns) taken(i int) bool {
	return i == c.question || i == c.id || i == c.answer || i == c.comment || i == c.section || i == c.choi
}

// inferQuestionCol picks the column below the header that reads most like questions.
func inferQuestionCol(g *grid, cols columns) int {
	scores := map[int]int{}
	for r := cols.header + 1; r < len(g.rows) && r < cols.header+400; r++ {
		for c, v := range g.rows[r] {
			if cols.taken(c) {
				continue
			}
			v = strings.TrimSpace(v)
			if strings.Contains(v, "?") {
				scores[c] += 3
			} else if looksLikeQuestion(v) {
				scores[c] += 2
			} else if len(strings.Fields(v)) >= 4 {
				scores[c]++
			}
		}
	}
	best, bestScore := -1, 2
	for c := 0; c < 1000; c++ {
		if s, ok := scores[c]; ok && s > bestScore {
			best, bestScore = c, s
		}
	}
	return best
}

// inferIDCol picks a column left of the questions whose values are shaped like IDs.
func inferIDCol(g *grid, cols columns) int {
	for c := 0; c < cols.question; c++ {
		if cols.taken(c) {
			continue
		}
		ids, other := 0, 0
		for r := cols.header + 1; r < len(g.rows) && r < cols.header+400; r++ {
			if g.cell(r, cols.question) == "" {
				continue
			}
			v := g.cell(r, c)
			switch {
			case v == "":
			case idShape.MatchString(v):
				ids++
			default:
				other++
			}
		}
		if ids >= 1 && ids*3 >= (ids+other)*2 {
			return c
		}
	}
	return -1
}

// extractQuestions walks the sheet and returns its question rows, and the
// question rows whose answer cell is a formula (answered elsewhere: they
// are not questions to answer).
// uncached counts the rows with an ID whose question cell is a formula
// without a cached value (a workbook no spreadsheet program has computed).
func extractQuestions(g *grid, cols columns) (out []Question, fed []FedCell, uncached int) {
	headerText := map[string]bool{}
	section, headerSection := "", ""
	for _, h := range cols.headers {
		if h = strings.TrimSpace(h); h != "" {
			if headerRole(h) != "" {
				headerText[strings.ToLower(h)] = true
			} else if headerSection == "" && len(strings.Fields(h)) <= 8 {
				headerSection = h // HECVAT: the header row names the first section
			}
		}
	}
	for r := range g.rows {
		if r == cols.header {
			if headerSection != "" {
				section = headerSection
			}
			continue
		}
		text := g.cell(r, cols.question)
		id := g.cell(r, cols.id)
		// A repeated header row (HECVAT: section name in A, "Vendor Answers" in C) opens a section.
		if repeatsHeader(g.rows[r], headerText) && !looksLikeQuestion(text) {
			if s := firstNonHeader(g.rows[r], headerText); s != "" {
				section = s
			}
			continue
		}
		if g.flat && text == "" && cols.choi >= 0 && g.cell(r, cols.choi) != "" {
			text = choicesText(g.cell(r, cols.choi))
		}
		if text == "" && id != "" && g.isFormula(r, cols.question) {
			uncached++
		}
		if text == "" {
			// A row with a short label and no question: a section heading.
			if s := firstText(g.rows[r]); s != "" && !isFooter(s) && len(strings.Fields(s)) <= 8 && !idShape.MatchString(s) {
				section = s
			}
			continue
		}
		if isFooter(text) || headerText[strings.ToLower(text)] || (!g.flat && id == "" && isInstruction(text)) {
			continue
		}
		if cols.section >= 0 && g.cell(r, cols.section) != "" {
			section = g.cell(r, cols.section)
		}
		// A label merged across the question column is a section heading; a
		// continuation of a question merged down is not a new question unless
		// the row has content of its own.
		if origin, ok := g.cont[[2]int{r, cols.question}]; ok {
			if origin[0] == r {
				section = text
				continue
			}
			if !rowHasOwn(g, r, cols.question) {
				continue
			}
		}
		if r < cols.header {
			// Above the header only rows that carry an ID (HECVAT's DATE-01 and GNRL rows).
			if cols.id < 0 || !idShape.MatchString(id) {
				continue
			}
		} else if !g.flat {
			switch {
			case cols.id >= 0 && id != "":
			case looksLikeQuestion(text) && (cols.id < 0 || !strings.HasPrefix(strings.ToLower(text), "http")):
				if cols.id >= 0 && !strings.Contains(text, "?") {
					// A sheet with IDs: an ID-less line without a question mark is instruction text.
					continue
				}
			case isHeading(text):
				section = text
				continue
			case cols.id >= 0:
				continue // ID-less text in a sheet with IDs: instructions
			}
		}
		q := Question{Sheet: g.sheet, Row: r + 1, ID: id, Text: text, Section: section}
		if cols.answer >= 0 && g.isFormula(r, cols.answer) {
			// A formula fills the answer (HECVAT: from START HERE): nothing
			// to write here, and writing would break the workbook.
			fed = append(fed, FedCell{Row: r + 1, ID: id, Section: section, Cell: cellName(cols.answer, r, false), Formula: g.formulas[[2]int{r, cols.answer}].Text})
			continue
		}
		// A cell covered by a merged range that starts elsewhere shows the
		// range's value, not its own: nothing written there would be seen.
		if cols.answer >= 0 {
			if o, ok := g.cont[[2]int{r, cols.answer}]; ok {
				q.Merged = fmt.Sprintf("the answer cell %s is covered by the merged cell %s", cellName(cols.answer, r, g.flat), cellName(o[1], o[0], g.flat))
			} else {
				q.AnswerCell = cellName(cols.answer, r, g.flat)
				q.Answer = g.cell(r, cols.answer)
			}
		}
		if _, ok := g.cont[[2]int{r, cols.comment}]; cols.comment >= 0 && !ok && !g.isFormula(r, cols.comment) {
			q.CommentCell = cellName(cols.comment, r, g.flat)
			q.Comment = g.cell(r, cols.comment)
		}
		if cols.choi >= 0 {
			q.Allowed, q.ChoiceKeys = ParseChoices(g.cell(r, cols.choi))
		}
		out = append(out, q)
	}
	return out, fed, uncached
}

// repeatsHeader says whether a row repeats a header cell (a section header row).
func repeatsHeader(row []string, header map[string]bool) bool {
	for _, v := range row {
		if v = strings.TrimSpace(v); v != "" && header[strings.ToLower(v)] {
			return true
		}
	}
	return false
}

func rowHasOwn(g *grid, r, skip int) bool {
	for c, v := range g.rows[r] {
		if _, cont := g.cont[[2]int{r, c}]; c != skip && strings.TrimSpace(v) != "" && !cont {
			return true
		}
	}
	return false
}

func firstText(row []string) string {
	for _, v := range row {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func firstNonHeader(row []string, header map[string]bool) string {
	for _, v := range row {
		if v = strings.TrimSpace(v); v != "" && !header[strings.ToLower(v)] {
			return v
		}
	}
	return ""
}

// cellName names a cell: "C5" in a workbook, "R5C3" in a CSV.
func cellName(col, row int, csv bool) string {
	if csv {
		return fmt.Sprintf("R%dC%d", row+1, col+1)
	}
	return colName(col) + fmt.Sprint(row+1)
}

// ParseChoices splits a choices cell: "Yes | No | N/A" or "id=Label |
// id2=Label 2". keys are the ids, one per value, or nil when the cell names
// none.
func ParseChoices(s string) (values, keys []string) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	named := false
	for _, p := range strings.Split(s, "|") {
		p = strings.TrimSpace(p)
		k := ""
		if i := strings.Index(p, "="); i > 0 && !strings.ContainsAny(p[:i], " \t") {
			k, p = p[:i], strings.TrimSpace(p[i+1:])
			named = true
		}
		if p != "" {
			values = append(values, p)
			keys = append(keys, k)
		}
	}
	if !named {
		keys = nil
	}
	return values, keys
}

func choicesText(s string) string {
	values, _ := ParseChoices(s)
	return strings.Join(values, "; ")
}

// detectLayout finds the layout of one sheet and its questions.
func detectLayout(g *grid, opts ReadOptions) (Layout, []Question, error) {
	cols, err := detectColumns(g, opts)
	if err != nil {
		return Layout{Sheet: g.sheet}, nil, err
	}
	qs, fed, uncached := extractQuestions(g, cols)
	if uncached > 0 {
		cols.notes = append(cols.notes, fmt.Sprintf("%d rows with an ID have a question formula without a cached value (not read): open and save the workbook in a spreadsheet program first", uncached))
	}
	l := Layout{Sheet: g.sheet, HeaderRow: cols.header + 1, QuestionCol: colName(cols.question), Questions: len(qs), Notes: append(cols.notes, g.notes...), FormulaFed: fed}
	seen := map[string]bool{}
	addSection := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			l.Sections = append(l.Sections, s)
		}
	}
	for i, j := 0, 0; i < len(qs) || j < len(fed); {
		if j >= len(fed) || (i < len(qs) && qs[i].Row < fed[j].Row) {
			addSection(qs[i].Section)
			i++
		} else {
			addSection(fed[j].Section)
			j++
		}
	}
	if cols.id >= 0 {
		l.IDCol = colName(cols.id)
	}
	if cols.answer >= 0 {
		l.AnswerCol = colName(cols.answer)
	}
	if cols.comment >= 0 {
		l.CommentCol = colName(cols.comment)
	}
	if cols.section >= 0 {
		l.SectionCol = colName(cols.section)
	}
	if cols.choi >= 0 {
		l.ChoicesCol = colName(cols.choi)
	}
	return l, qs, nil
}
