# zhubo — two commands on a fresh machine: `make run` and `make test`.

GO      ?= go
BIN     := bin/zhubo
# apt-get as root, through sudo otherwise.
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT     := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get
CJKFONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
# Packages the show needs at run time, and those only the tests need.
RUN_PKGS  := espeak-ng fonts-wqy-microhei
TEST_PKGS := $(RUN_PKGS) chromium

.PHONY: run build test deps test-deps vet fmt-check bench fuzz vuln clean

run: deps build
	./$(BIN) serve

build:
	$(GO) build -o $(BIN) ./cmd/zhubo

# deps installs what is missing, and only that.
deps:
	@missing=""; \
	command -v espeak-ng >/dev/null || missing="$$missing espeak-ng"; \
	[ -e $(CJKFONT) ] || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(APT) update -qq && $(APT) install -y -qq --no-install-recommends $$missing; \
	fi
	$(GO) mod download

test-deps: deps
	@command -v chromium >/dev/null || { \
		echo "installing: chromium"; \
		$(APT) update -qq && $(APT) install -y -qq --no-install-recommends chromium; }

vet:
	$(GO) vet ./...

fmt-check:
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# The renderer's pixel loops run some fifty times slower under the race
# detector; its one concurrent test runs with it, the rest without.
test: test-deps fmt-check vet
	$(GO) test -race -count=1 $$($(GO) list ./... | grep -v '/avatar/render$$')
	$(GO) test -count=1 ./avatar/render
	$(GO) test -race -count=1 -run '^TestSharedHost$$' ./avatar/render

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./avatar/... ./stream/... ./script/...

# fuzz runs every Fuzz* target for FUZZTIME each, one after another.
FUZZTIME ?= 5s
fuzz:
	@set -e; grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r f; do \
		dir=$$(dirname "$$f"); \
		for fn in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$$f"); do \
			echo "fuzz $$dir $$fn"; \
			$(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) "./$$dir"; \
		done; \
	done

# vuln checks the code against the Go vulnerability database without reaching
# vuln.go.dev: the database comes from the golang.org/x/vulndb module through
# the module proxy, and cmd/vulndb indexes it under bin/ once per version.
# govulncheck fails the target when vulnerable code is reachable. Move
# VULNDB_VERSION to the proxy's newest to refresh the database:
#   go list -m golang.org/x/vulndb@latest
GOVULNCHECK    := golang.org/x/vuln/cmd/govulncheck@v1.9.0
VULNDB_VERSION := v0.0.0-20261105234957-e22db6528018
VULNDB         := bin/vulndb/$(VULNDB_VERSION)

vuln: $(VULNDB)
	@echo "vuln: $$($(GO) version | cut -d' ' -f3), golang.org/x/vulndb@$(VULNDB_VERSION)," \
		"last modified $$(sed 's/.*"modified":"\([^"]*\)".*/\1/' $(VULNDB)/index/db.json)"
	$(GO) run $(GOVULNCHECK) -db file://$(CURDIR)/$(VULNDB) ./...

$(VULNDB): $(wildcard cmd/vulndb/*.go)
	$(GO) mod download -json golang.org/x/vulndb@$(VULNDB_VERSION) | $(GO) run ./cmd/vulndb -out $@

clean:
	rm -rf bin
