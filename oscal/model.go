// Package oscal writes a vouch catalog as an OSCAL 1.1 document (a
// component definition, or a catalog) and reads an OSCAL component
// definition back into a new catalog directory. It never prints and never
// exits.
//
// The types below are the part of NIST's OSCAL JSON model that vouch writes,
// with fields in the schema's order; encoding/json keeps that order, so the
// same catalog always gives the same bytes.
package oscal

// Version is the OSCAL version vouch writes.
const Version = "1.1.3"

// NS is the namespace of the props vouch defines (OSCAL's own props, such as
// implementation-status, carry no ns).
const NS = "https://github.com/vouchcli/vouch/ns/oscal"

// Document is the top-level OSCAL JSON object: exactly one model.
type Document struct {
	Schema              string               `json:"$schema,omitempty"`
	Catalog             *Catalog             `json:"catalog,omitempty"`
	ComponentDefinition *ComponentDefinition `json:"component-definition,omitempty"`
}

// Metadata is OSCAL's document metadata.
type Metadata struct {
	Title        string  `json:"title"`
	LastModified string  `json:"last-modified"`
	Version      string  `json:"version"`
	OSCALVersion string  `json:"oscal-version"`
	Props        []Prop  `json:"props,omitempty"`
	Roles        []Role  `json:"roles,omitempty"`
	Parties      []Party `json:"parties,omitempty"`
}

// Prop is a name/value property.
type Prop struct {
	Name  string `json:"name"`
	UUID  string `json:"uuid,omitempty"`
	NS    string `json:"ns,omitempty"`
	Value string `json:"value"`
	Class string `json:"class,omitempty"`
	Group string `json:"group,omitempty"`
}

// Link points to a resource, within the document ("#uuid") or outside it.
type Link struct {
	Href string `json:"href"`
	Rel  string `json:"rel,omitempty"`
	Text string `json:"text,omitempty"`
}

// Role is a role that responsible-roles refer to.
type Role struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Party is a person or organization.
type Party struct {
	UUID      string    `json:"uuid"`
	Type      string    `json:"type"`
	Name      string    `json:"name,omitempty"`
	ShortName string    `json:"short-name,omitempty"`
	Props     []Prop    `json:"props,omitempty"`
	Links     []Link    `json:"links,omitempty"`
	Addresses []Address `json:"addresses,omitempty"`
}

// Address is a postal address.
type Address struct {
	AddrLines []string `json:"addr-lines,omitempty"`
	Country   string   `json:"country,omitempty"`
}

// ResponsibleRole names a role responsible for something.
type ResponsibleRole struct {
	RoleID     string   `json:"role-id"`
	PartyUUIDs []string `json:"party-uuids,omitempty"`
}

// BackMatter holds the resources that links point to.
type BackMatter struct {
	Resources []Resource `json:"resources,omitempty"`
}

// Resource is a back-matter resource.
type Resource struct {
	UUID        string  `json:"uuid"`
	Title       string  `json:"title,omitempty"`
	Description string  `json:"description,omitempty"`
	Props       []Prop  `json:"props,omitempty"`
	RLinks      []RLink `json:"rlinks,omitempty"`
}

// RLink is a resource's link to its content.
type RLink struct {
	Href string `json:"href"`
}

// ComponentDefinition is OSCAL's component-definition model.
type ComponentDefinition struct {
	UUID       string      `json:"uuid"`
	Metadata   Metadata    `json:"metadata"`
	Components []Component `json:"components,omitempty"`
	BackMatter *BackMatter `json:"back-matter,omitempty"`
}

// Component is a defined component: for vouch, the vendor's service.
type Component struct {
	UUID                   string                  `json:"uuid"`
	Type                   string                  `json:"type"`
	Title                  string                  `json:"title"`
	Description            string                  `json:"description"`
	Props                  []Prop                  `json:"props,omitempty"`
	Links                  []Link                  `json:"links,omitempty"`
	ResponsibleRoles       []ResponsibleRole       `json:"responsible-roles,omitempty"`
	ControlImplementations []ControlImplementation `json:"control-implementations,omitempty"`
}

// ControlImplementation is a set of implemented requirements against one
// source of controls.
type ControlImplementation struct {
	UUID                    string                   `json:"uuid"`
	Source                  string                   `json:"source"`
	Description             string                   `json:"description"`
	ImplementedRequirements []ImplementedRequirement `json:"implemented-requirements"`
}

// ImplementedRequirement is how the component implements one control.
type ImplementedRequirement struct {
	UUID             string            `json:"uuid"`
	ControlID        string            `json:"control-id"`
	Description      string            `json:"description"`
	Props            []Prop            `json:"props,omitempty"`
	Links            []Link            `json:"links,omitempty"`
	ResponsibleRoles []ResponsibleRole `json:"responsible-roles,omitempty"`
	Remarks          string            `json:"remarks,omitempty"`
}

// Catalog is OSCAL's catalog model.
type Catalog struct {
	UUID       string      `json:"uuid"`
	Metadata   Metadata    `json:"metadata"`
	Groups     []Group     `json:"groups,omitempty"`
	BackMatter *BackMatter `json:"back-matter,omitempty"`
}

// Group is a group of controls: for vouch, a domain.
type Group struct {
	ID       string           `json:"id,omitempty"`
	Title    string           `json:"title"`
	Controls []CatalogControl `json:"controls,omitempty"`
}

// CatalogControl is a control of an OSCAL catalog.
type CatalogControl struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Props []Prop `json:"props,omitempty"`
	Links []Link `json:"links,omitempty"`
	Parts []Part `json:"parts,omitempty"`
}

// Part is a part of a control's text.
type Part struct {
	ID    string `json:"id,omitempty"`
	Name  string `json:"name"`
	NS    string `json:"ns,omitempty"`
	Prose string `json:"prose,omitempty"`
}
