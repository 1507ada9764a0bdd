package questionnaire

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

// resolveDropdowns sets the allowed values of each question's answer cell
// from the sheet's list validations.
func (x *xlsxReader) resolveDropdowns(sheet string, l *Layout, qs []Question) {
	var vals []xlsx.Validation
	seen := map[string]bool{}
	add := func(v xlsx.Validation) {
		k := v.Sqref + "\x00" + v.Formula
		if !seen[k] && strings.EqualFold(v.Type, "list") {
			seen[k] = true
			vals = append(vals, v)
		}
	}
	for _, v := range x.validations(sheet) {
		add(v)
	}
	if x.scanned(sheet) {
		for _, v := range x.pkg.X14[sheet] {
			add(v)
		}
	}
	if len(vals) == 0 {
		return
	}
	type area struct{ c1, r1, c2, r2 int }
	type list struct {
		areas  []area
		values []string
	}
	var lists []list
	lists = make([]list, 0, len(vals))
	listSeen := map[string]bool{}
	for _, v := range vals {
		values, note := x.listValues(sheet, v.Formula)
		if note != "" {
			l.Notes = append(l.Notes, fmt.Sprintf("dropdown on %s: %s", v.Sqref, note))
		}
		if len(values) == 0 {
			continue
		}
		var li list
		li.values = values
		for _, ref := range strings.Fields(v.Sqref) {
			a, b, _ := strings.Cut(ref, ":")
			if b == "" {
				b = a
			}
			c1, r1, err1 := excelize.CellNameToCoordinates(strings.ReplaceAll(a, "$", ""))
			c2, r2, err2 := excelize.CellNameToCoordinates(strings.ReplaceAll(b, "$", ""))
			if err1 == nil && err2 == nil {
				li.areas = append(li.areas, area{c1, r1, c2, r2})
			}
		}
		lists = append(lists, li)
	}
	for i := range qs {
		if qs[i].AnswerCell == "" {
			continue
		}
		c, r, err := excelize.CellNameToCoordinates(qs[i].AnswerCell)
		if err != nil {
			continue
		}
		for _, li := range lists {
			for _, a := range li.areas {
				if c >= a.c1 && c <= a.c2 && r >= a.r1 && r <= a.r2 {
					qs[i].Allowed, qs[i].ChoiceKeys = li.values, nil
				}
			}
		}
		if qs[i].Allowed != nil {
			k := strings.Join(qs[i].Allowed, " | ")
			if !listSeen[k] && len(l.Dropdowns) < maxShownLists {
				listSeen[k] = true
				l.Dropdowns = append(l.Dropdowns, k)
			}
		}
	}
}

// maxShownLists bounds the dropdown lists a layout shows.
const maxShownLists = 10

// maxListCells bounds a dropdown's source range.
const maxListCells = 2000

// listValues resolves a list xlsx.Validation's formula: an inline list, a
// defined name or a range (on this or another sheet).
func (x *xlsxReader) listValues(sheet, formula string) ([]string, string) {
	f := strings.TrimPrefix(strings.TrimSpace(formula), "=")
	if f == "" {
		return nil, "empty list formula"
	}
	if strings.HasPrefix(f, `"`) {
		f = strings.TrimSuffix(strings.TrimPrefix(f, `"`), `"`)
		f = strings.ReplaceAll(f, `""`, `"`)
		var out []string
		for _, p := range strings.Split(f, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out, ""
	}
	if !strings.ContainsAny(f, "!:$(") {
		ref, ok := x.definedName(sheet, f)
		if !ok {
			return nil, fmt.Sprintf("list %q names no defined range", f)
		}
		f = strings.TrimPrefix(ref, "=")
	}
	if strings.Contains(f, "(") {
		return nil, fmt.Sprintf("list formula %q is not a plain range (not resolved)", f)
	}
	target := sheet
	if i := strings.LastIndex(f, "!"); i >= 0 {
		target = strings.ReplaceAll(strings.Trim(f[:i], "'"), "''", "'")
		f = f[i+1:]
	}
	a, b, _ := strings.Cut(strings.ReplaceAll(f, "$", ""), ":")
	if b == "" {
		b = a
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil {
		return nil, fmt.Sprintf("list range %q not understood", formula)
	}
	if (c2-c1+1)*(r2-r1+1) > maxListCells {
		return nil, fmt.Sprintf("list range %q is too large", formula)
	}
	if idx, err := x.f.GetSheetIndex(target); err != nil || idx < 0 {
		return nil, fmt.Sprintf("list sheet %q not found", target)
	}
	var out []string
	for r := r1; r <= r2; r++ {
		for c := c1; c <= c2; c++ {
			name, _ := excelize.CoordinatesToCellName(c, r)
			v, err := x.f.GetCellValue(target, name)
			if err != nil {
				return nil, fmt.Sprintf("list range %q: %v", formula, err)
			}
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	return out, ""
}

// definedName looks a name up, sheet scope first, case-insensitively.
func (x *xlsxReader) definedName(sheet, name string) (string, bool) {
	if x.pkg != nil {
		idx := -1
		for i, s := range x.f.GetSheetList() {
			if s == sheet {
				idx = i
			}
		}
		ref := ""
		for _, d := range x.pkg.Names {
			if strings.EqualFold(d.Name, name) {
				if d.LocalSheet == idx {
					return d.RefersTo, true
				}
				if d.LocalSheet < 0 {
					ref = d.RefersTo
				}
			}
		}
		if ref != "" {
			return ref, true
		}
	}
	for _, d := range x.f.GetDefinedName() {
		if strings.EqualFold(d.Name, name) && (d.Scope == "Workbook" || d.Scope == sheet) {
			return d.RefersTo, true
		}
	}
	return "", false
}
