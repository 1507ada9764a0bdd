# vouch — build, demo, test, lint.
GO      ?= go
BIN     := bin/vouch
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/vouchcli/vouch/cmd.Version=$(VERSION)
DEMO    := demo-out
# Where `make install` puts vouch: where `go install` would (GOBIN, else the
# first GOPATH entry's bin). Override with make install BINDIR=/usr/local/bin.
BINDIR  ?= $(or $(shell $(GO) env GOBIN),$(firstword $(subst :, ,$(shell $(GO) env GOPATH)))/bin)

.PHONY: build install demo test lint bench fuzz clean

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) .

install: build
	@mkdir -p "$(DESTDIR)$(BINDIR)"
	install -m 0755 $(BIN) "$(DESTDIR)$(BINDIR)/vouch"
	@case ":$$PATH:" in \
	  *":$(BINDIR):"*) echo "installed $(BINDIR)/vouch: run vouch --help" ;; \
	  *) echo "installed $(BINDIR)/vouch; $(BINDIR) is not on your PATH: add it (export PATH=\"$(BINDIR):\$$PATH\") or use make install BINDIR=/usr/local/bin" ;; \
	esac

# The main job on the embedded default catalog (Kora Studio): validate the
# catalog, fill a questionnaire, list the gaps, generate a packet and the trust page.
demo: build
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN) controls validate
	$(BIN) controls list --status partial
	$(BIN) questionnaire fill examples/questionnaire/vendor-security-questionnaire.xlsx \
		--out $(DEMO)/vendor-security-questionnaire.filled.xlsx --report $(DEMO)/report.json
	$(BIN) gaps --severity high
	$(BIN) packet --customer "Société Générale Müller GmbH" --customer-address "29 bd Haussmann, 75009 Paris" \
		--signatory "Jürgen Müller, Geschäftsführer" --date 2026-12-01 --law "the laws of Ireland" --out $(DEMO)/packets
	$(BIN) trust --out $(DEMO)/site --date 2026-12-01 --json
	@echo "demo outputs in $(DEMO)/"

test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...
	@if command -v staticcheck >/dev/null; then staticcheck ./...; else echo "staticcheck not installed: skipped"; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzAnswer -fuzztime 30s ./questionnaire/match
	$(GO) test -run '^$$' -fuzz FuzzDetectLayout -fuzztime 30s ./questionnaire
	$(GO) test -run '^$$' -fuzz FuzzReadCSV -fuzztime 30s ./questionnaire
	$(GO) test -run '^$$' -fuzz FuzzDecode -fuzztime 30s ./oscal
	$(GO) test -run '^$$' -fuzz FuzzVerify -fuzztime 30s ./dpa

clean:
	rm -rf bin $(DEMO)
