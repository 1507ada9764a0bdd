package match

// synonym folds phrases to one canonical term before indexing and querying.
// A phrase is plain English, stemmed when compiled, so plurals and verb forms
// match too; a phrase written "=word" matches that raw word only (for words
// whose stem is too broad: "yearly" stems to "year").
type synonym struct {
	canon   string
	phrases []string
}

// synonyms is the table. Each canonical term is one token that no English
// stem produces, so it cannot collide with ordinary words.
var synonyms = []synonym{
	{"mfa", []string{"=2fa", "two-factor", "two factor authentication", "two-factor authentication", "multi-factor",
		"multi-factor authentication", "multifactor authentication", "multifactor", "second factor", "2-step verification",
		"two-step verification", "two-step authentication", "strong customer authentication"}},
	{"sso", []string{"single sign-on", "single sign on", "singlesignon", "saml", "saml2", "oidc", "openid connect", "federated login", "federated authentication"}},
	{"bcdr", []string{"dr", "disaster recovery", "business continuity", "bc/dr", "bcp", "continuity plan", "continuity planning", "business resumption", "continuity"}},
	{"pentest", []string{"pen test", "pen testing", "pentesting", "penetration test", "penetration testing", "penetration tested", "ethical hacking"}},
	{"tls", []string{"ssl", "https", "in transit", "in-transit", "transport encryption", "transport layer security", "data in motion", "encrypted channel", "secure transport"}},
	{"atrest", []string{"at rest", "at-rest", "stored data encryption", "encryption of stored data", "storage encryption", "disk encryption"}},
	{"rbac", []string{"role-based access", "role based access", "role-based access control", "role-based permissions", "role based permissions"}},
	{"leastpriv", []string{"least privilege", "least-privilege", "least privileged", "need-to-know", "need to know", "minimum necessary access", "principle of least privilege"}},
	{"incidentresp", []string{"ir", "incident response", "incident handling", "incident management", "security incident response", "csirt"}},
	{"sdlc", []string{"software development lifecycle", "software development life cycle", "secure development lifecycle", "development lifecycle", "development life cycle", "ssdlc", "secure sdlc"}},
	{"vuln", []string{"vulnerability", "vulnerabilities", "vulns", "security flaw", "security weakness", "security hole", "security holes"}},
	{"dpa", []string{"data processing agreement", "data processing addendum", "data protection agreement", "data processing terms"}},
	{"pii", []string{"personal data", "personal information", "personally identifiable information", "personal identifiable information", "personal details",
		"student data", "student information", "student personal information", "student records", "pupil data", "personal info"}},
	{"subprocessor", []string{"sub-processor", "sub processor", "third-party processor", "third party processor", "service provider", "supplier",
		"vendor management", "third-party vendor", "third party vendor", "vendor risk", "outsourced provider", "processor"}},
	{"log", []string{"logs", "logging", "audit trail", "audit log", "audit logging", "event log", "log files"}},
	{"login", []string{"log in", "log on", "logon", "sign in", "sign-in", "signin", "sign on"}},
	{"backup", []string{"backups", "back up", "back-up", "data backup", "backup copies"}},
	{"keymgmt", []string{"key management", "encryption key", "cryptographic key", "kms", "secrets", "secret management", "secrets management",
		"key vault", "key storage"}},
	{"patch", []string{"patches", "patching", "patch management", "security updates", "security patches"}},
	{"publish", []string{"published", "publishes", "publicly", "public", "publicly available", "made public", "make public", "on your website", "on our website"}},
	{"sell", []string{"sale", "sold", "selling", "sells", "sell or rent", "rent", "monetize", "monetise", "monetizes", "monetises", "monetization", "monetisation"}},
	{"247", []string{"24/7", "24x7", "24 x 7", "24/7/365", "round the clock", "around the clock", "round-the-clock", "24 hours a day"}},
	{"annual", []string{"=annually", "=yearly", "every year", "once a year", "each year", "per year", "every twelve months", "every 12 months", "at least annually", "at least once a year"}},
	{"quarterly", []string{"=quarterly", "every quarter", "each quarter", "every three months", "every 3 months"}},
	{"monthly", []string{"=monthly", "every month", "each month", "once a month"}},
	{"backgroundcheck", []string{"background check", "background checks", "background screening", "background verification", "background investigation",
		"criminal record check", "criminal background", "pre-employment screening", "employee screening", "personnel screening", "screening of employees"}},
	{"personnel", []string{"employee", "employees", "staff", "staff members", "workforce", "personnel", "workers", "team members"}},
	{"hsm", []string{"hardware security module", "hardware security modules", "hsms"}},
	{"fips", []string{"fips 140", "fips 140-2", "fips 140-3", "fips-140", "fips 140 2"}},
	{"siem", []string{"security information and event management", "security information event management"}},
	{"dlp", []string{"data loss prevention", "data leakage prevention", "data leak prevention"}},
	{"idsips", []string{"=ids", "=ips", "ids/ips", "intrusion detection", "intrusion prevention", "intrusion detection system", "intrusion prevention system", "hids", "nids"}},
	{"aes", []string{"aes-256", "aes 256", "aes256", "aes-128", "256-bit aes", "advanced encryption standard", "aes-gcm"}},
	{"thirdparty", []string{"third-party", "third party", "3rd party", "3rd-party"}},
	{"dsar", []string{"data subject request", "data subject access request", "privacy request", "privacy rights request", "subject access request", "rights request"}},
	{"deletion", []string{"delete", "deleted", "erase", "erasure", "purge", "purged", "disposal", "dispose", "destruction", "right to be forgotten"}},
	{"retention", []string{"retain", "retained", "retention period", "data retention"}},
	{"sectraining", []string{"security awareness training", "security awareness", "security training", "awareness training", "phishing training", "privacy training"}},
	{"antimalware", []string{"antivirus", "anti-virus", "anti-malware", "malware protection", "endpoint protection", "edr", "endpoint detection and response", "virus protection"}},
	{"accessreview", []string{"access review", "access reviews", "user access review", "access recertification", "entitlement review"}},
	{"dpo", []string{"data protection officer", "chief privacy officer"}},
	{"notify", []string{"notification", "notifications", "notified", "notice of breach", "inform customers", "=inform", "=informed", "=informs",
		"tell us", "tell you", "tell customers", "let us know", "let you know", "let customers know", "warn us"}},
	{"customer", []string{"customers", "client", "clients", "tenant", "tenants", "end customer"}},
	{"firewall", []string{"firewalls", "network filter"}},
	{"waf", []string{"web application firewall", "web application firewalls"}},
	{"gdpr", []string{"general data protection regulation", "uk gdpr", "eu gdpr"}},
	{"sca", []string{"software composition analysis", "dependency scanning", "dependency management", "third-party libraries", "open source dependencies", "vulnerable dependencies"}},
	{"mdm", []string{"mobile device management"}},
	{"admin", []string{"administrator", "administrators", "admins", "administrative", "privileged user", "privileged users", "privileged account", "privileged accounts"}},
	{"email", []string{"e-mail", "e mail", "emails"}},
	{"password", []string{"passwords", "passphrase", "passphrases", "password policy"}},
	{"securitytesting", []string{"security testing", "security test", "security tests", "application security testing"}},
	{"vulnscan", []string{"vulnerability scan", "vulnerability scanning", "vulnerability scans", "vulnerability scanner", "network scan", "network scanning",
		"scanned for vulnerabilities", "scan for vulnerabilities", "scanning for vulnerabilities", "scans for vulnerabilities"}},
	{"a11y", []string{"=accessibility", "=accessible", "a11y", "accessible to users with disabilities", "accessible to people with disabilities",
		"accessible to persons with disabilities", "accessible to individuals with disabilities", "accessible to disabled users", "accessible to screen readers",
		"accessible by screen readers", "accessible to assistive technologies", "accessible by assistive technologies"}},
	// a card's primary account number (PAN) is its card number
	{"cardnumber", []string{"card number", "card numbers", "=pan", "=pans", "primary account number", "primary account numbers"}},
	{"documented", []string{"=documented", "=written", "=formal", "=formally", "=formalized", "=formalised", "in writing"}},
	{"timeframe", []string{"timeframes", "time frame", "time frames", "timeline", "timelines", "time limit", "time limits"}},
	// reported "anonymously" is no anonymised data: both stem to "anonym"
	{"withoutname", []string{"=anonymous", "=anonymously"}},
	// a supervisory "authority" is no authorization: both stem to "author"
	{"authoritybody", []string{"=authority", "=authorities"}},
	// user "IDs" are identifiers, not an IDS (intrusion detection)
	{"userids", []string{"user ids", "user id", "unique ids", "unique id", "login ids", "login id", "account ids", "employee ids",
		"identifications ids", "identification ids", "identifiers ids"}},
	{"sessionids", []string{"session ids", "session id", "session identifiers", "session identifier"}},
	// "international(ly)" is not "internal(ly)": all four stem to "intern"
	{"intl", []string{"=international"}},
	{"intlly", []string{"=internationally"}},
	// a trust "federation" (InCommon) is not "federal", nor SSO support:
	// "federation" and "federal" both stem to "feder"
	{"federationidp", []string{"=federation", "=federations"}},
	// a "period" of time is not "periodically" (a cadence): both stem to "period"
	{"timeperiod", []string{"=period", "=periods"}},
	// a "data processor" is a role under privacy law (the vendor's own, for
	// its customers' data), not a subprocessor the vendor engages
	{"processorrole", []string{"data processor", "data processors", "as a processor", "as processor", "as a data processor", "a processor on", "the processor"}},
	// to hand data over or pass it along is to share it
	{"share", []string{"hand over", "hands over", "handed over", "handing over", "pass along", "passes along", "passed along", "pass on", "passes on", "passed on"}},
	// a service "aimed at" children is "directed to" them
	{"directedat", []string{"aimed at", "directed to", "directed at", "targeted at", "intended for use by", "intended for"}},
	// "recover" and "recovery" stem apart ("recov", "recoveri")
	{"recoveryof", []string{"recover", "recovers", "recovered", "recovering", "recovery", "recoveries"}},
	// privileged account management is no administrators managing (both
	// would fold to "admin manag")
	{"pam", []string{"privileged account management", "privileged access management", "privileged identity management"}},
	// to "retain ownership" of data is to own it, not to retain (keep) it
	{"keepsownership", []string{"retain ownership", "retains ownership", "retain full ownership", "retains full ownership", "retain all ownership",
		"retains all ownership", "retain title", "retains title", "retain all rights", "retains all rights", "retain ownership rights"}},
	// "client systems" are the machines people work on; "customer systems"
	// are the customers' (both would fold to "customer system")
	{"clientmachines", []string{"=client systems", "=client system", "=client devices", "=client device", "=client machines", "=client computers"}},
	// "minors" (children) are no "minor releases"
	{"underage", []string{"=minors", "=underage"}},
	// a "designated" contact or owner is no "design": both stem to "design"
	{"designatedas", []string{"=designated"}},
	// a "regulator" is no "regulation": both stem to "regul"
	{"regulatorbody", []string{"=regulator", "=regulators"}},
	// "user management" is no "users manage (their cookie preferences)": both stem to "user manag"
	{"usermgmt", []string{"=user management"}},
	// "government" is no "governance": both stem to "govern"
	{"governmentbody", []string{"=government", "=governments", "=governmental"}},
	// "integration" frames ("integration with other authentication systems");
	// "integrity", which stems to "integr" too, does not
	{"integratewith", []string{"=integrate", "=integrates", "=integrated", "=integrating", "=integration", "=integrations"}},
	// verbs that frame a question, kept apart from the nouns of their stem:
	// "find" from audit "findings", "configure" from "configuration",
	// "execute" from "executive", "generate" from backup "generators"
	{"findwhere", []string{"=find"}},
	{"configurewith", []string{"=configure", "=configured", "=configures", "=configuring"}},
	{"executewith", []string{"=execute", "=executed", "=executes", "=executing"}},
	{"generatewith", []string{"=generate", "=generated", "=generates"}},
}

// canonical is the set of canonical terms: never dropped as stop words.
var canonical = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range synonyms {
		m[s.canon] = true
	}
	return m
}()

// stopWords are dropped after folding: English function words and the words
// that frame a question without saying what it is about.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
		"be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
		"does", "doing", "done", "down", "during", "each", "either", "else", "etc", "every", "few", "for", "from", "further",
		"had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is",
		"it", "its", "itself", "just", "may", "me", "might", "more", "most", "must", "my", "no", "nor", "not", "of", "off",
		"on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "per", "same", "shall", "she", "should",
		"so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this",
		"those", "through", "to", "too", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "were", "what",
		"when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "would",
		"yes", "you", "your", "yours", "yourself", "e", "g", "eg", "ie", "i.e", "e.g", "n", "na", "a.", "s",
		// question framing
		"please", "describe", "explain", "detail", "details", "outline", "specify", "indicate", "state", "summarize",
		"company", "organization", "organisation", "organizations", "organisations", "organization's", "firm",
		"currently", "applicable", "following", "regarding", "related", "relevant", "appropriate", "appropriately",
		"used", "using", "use", "uses", "place", "exist", "exists", "existing", "able", "include", "includes", "including",
		"ensure", "ensures", "ensuring", "maintain", "maintains", "maintained", "implemented", "implement", "implements",
		"established", "establish", "defined", "define", "perform", "performed", "performs", "conduct", "conducted",
		"conducts", "supports", "supported", "offer", "offers", "available", "kora", "studio", "kora's",
		"solution", "product", "service", "services", "system", "systems", "platform", "application", "applications",
		"vendor", "vendor's", "csp", "procedures", "procedure", "processes", "process",
		"program", "programs", "programme", "practice", "practices", "controls", "control", "measures", "measure",
		"mechanism", "mechanisms", "refrain", "refrains", "abstain", "abstains", "forbid", "forbids", "prohibit", "prohibits",
		"prohibited", "avoid", "avoids", "commit", "commits", "committed", "guarantee", "guarantees", "promise", "never",
		// generic words a catalog never needs and that say nothing about the topic
		"similar", "method", "methods", "affected", "adequate", "adequately", "specific", "specifically", "manner", "way",
		"ways", "type", "types", "kind", "kinds", "additional", "various", "certain", "example", "examples", "like",
		"across", "able", "capable", "capability", "capabilities", "currently", "current", "following", "respect",
		"respective", "applicable", "accordance", "relevant", "sufficient", "effective", "effectively", "properly",
		"proper", "overall", "general", "generally", "typically", "usually", "whenever", "wherever", "particular", "place", "provide", "provides", "provided", "providing", "documentation", "evidence",
	} {
		m[w] = true
	}
	return m
}()
