# rtnlx: build, test, cross-compile, benchmark, fuzz.
#
#   make test     go mod tidy -diff, vet, and everything `go test` can check
#                 here (root runs the namespace and Wine tests; what is
#                 missing skips with a one-line reason, see README.md)
#   make cross    build and vet every package and example for every OS
#   make bench    performance tables, side by side with the floor and peers
#   make storm    event storms against every watcher
#   make rtnlxdstorm  STORM_CLIENTS watchers through examples/rtnlxd during a
#                 ROUTES-route storm, the daemon's CPU against a local watcher's
#                 (RTNLXDSTORM_FLAGS: -storm-compact keeps 100 clients of
#                 100,000 routes in memory; empty for full Route states)
#   make ipsetbench  listing and adding 100,000 ipset entries, against the
#                 floor, ipset save/restore, vishvananda and pyroute2 (IPSETFLAGS)
#   make fuzz     every fuzz target for FUZZTIME each (FUZZJOBS at once)
#   make churn    the differential churn tester: CHURN_OPS operations from
#                 CHURN_SEED (fresh when empty) on the kernel (root) and on
#                 rtnlemu.Memory; CHURN_SMALL_BUFFER=1 forces resyncs

GO         ?= go
FUZZTIME   ?= 20s
FUZZJOBS   ?= 1
ROUTES     ?= 100000
STORM_CLIENTS ?= 100
RTNLXDSTORM_FLAGS ?= -storm-compact
TESTFLAGS  ?=
BENCHFLAGS ?=
CHURN_OPS  ?= 100000
CHURN_SEED ?=

# GOOS/GOARCH pairs that every package and example must build and vet for.
CROSS_TARGETS := linux/amd64 linux/arm64 windows/amd64 windows/arm64 \
	freebsd/amd64 freebsd/arm64 openbsd/amd64 openbsd/arm64 netbsd/amd64 netbsd/arm64 \
	dragonfly/amd64 darwin/amd64 darwin/arm64

# Fuzz targets as package:Target. FuzzDifferential needs root (it skips
# without): it compares the kernel in a namespace with rtnlemu.
FUZZ_TARGETS := ./netinfo:FuzzDecode ./rtnlemu:FuzzRequest ./backend_bsd:FuzzTranslate \
	./backend_windows:FuzzTranslate ./examples/ipinfo:FuzzArgs ./examples/ipinfo:FuzzJSONString \
	./backend_bsd:FuzzMonitor ./backend_windows:FuzzMonitor ./rtnlemu:FuzzDifferential

.PHONY: all build test tidy test-race vet cross bench storm rtnlxdstorm ipsetbench fuzz churn conformance-bins clean

all: build test

build:
	$(GO) build ./...

vet:
	$(GO) vet ./...
	cd bench && $(GO) vet ./...
	cd examples/rtnlxd && $(GO) vet ./...

test: vet tidy
	@# The churn tests run fixed seeds and a fresh one each (its value is
	@# in the log: "churn seed N"); CHURN_FRESH=0 leaves it out.
	$(GO) test -count=1 -timeout 15m $(TESTFLAGS) ./...
	cd bench && $(GO) test -count=1 ./...
	cd examples/rtnlxd && $(GO) test -count=1 ./...
	@# End to end, in seconds: every peer dumps what the floor counts, and
	@# a small storm reaches every watcher (rtnlx: all of it, or converged).
	cd bench && $(GO) run ./cmd/bench -smoke && $(GO) run ./cmd/storm -smoke
	@# The CI workflows, by actionlint (pinned in bench/go.mod) without its
	@# shellcheck and pyflakes, whatever is installed; bench's workflows
	@# test adds shellcheck and checks the workflows cover CROSS_TARGETS.
	cd bench && $(GO) tool actionlint -shellcheck= -pyflakes= ../.github/workflows/*.yml

# go.mod and go.sum of every module are exactly what the code imports.
tidy:
	$(GO) mod tidy -diff
	cd bench && $(GO) mod tidy -diff
	cd examples/rtnlxd && $(GO) mod tidy -diff

# The race detector over the packages with concurrency of their own.
test-race:
	$(GO) test -count=1 -race -timeout 15m ./netinfo/... ./rtnlemu/... ./rtnlremote/... ./conformance/... ./examples/ipinfo/...

cross:
	@set -e; for t in $(CROSS_TARGETS); do \
		os=$${t%/*}; arch=$${t#*/}; \
		echo "cross: $$os/$$arch"; \
		GOOS=$$os GOARCH=$$arch $(GO) build ./... ; \
		GOOS=$$os GOARCH=$$arch $(GO) vet ./... ; \
		(cd examples/rtnlxd && GOOS=$$os GOARCH=$$arch $(GO) build -o /dev/null . && GOOS=$$os GOARCH=$$arch $(GO) vet ./...) ; \
	done
	@set -e; for t in freebsd/amd64 freebsd/arm64 openbsd/amd64 netbsd/amd64 dragonfly/amd64 darwin/amd64 darwin/arm64; do \
		GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) test -c -o /dev/null ./backend_bsd ; \
	done
	GOOS=windows GOARCH=amd64 $(GO) test -c -o /dev/null ./backend_windows

# The conformance suite as test binaries that CI VMs run unchanged, one
# per CROSS_TARGETS pair, with ipinfo for each and the scripts that run
# them (conformance/README.md gives the command lines).
conformance-bins:
	@mkdir -p bin/conformance
	@set -e; for t in $(CROSS_TARGETS); do \
		os=$${t%/*}; arch=$${t#*/}; ext=; \
		case $$os in windows) ext=.exe;; esac; \
		echo "conformance-bins: $$os/$$arch"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) test -c -vet=off -o bin/conformance/conformance-$$os-$$arch.test$$ext ./conformance; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -o bin/conformance/ipinfo-$$os-$$arch$$ext ./examples/ipinfo; \
	done
	cp conformance/ci/conformance-vm.sh conformance/ci/conformance-windows.ps1 bin/conformance/

churn:
	CHURN_OPS=$(CHURN_OPS) CHURN_SEED=$(CHURN_SEED) $(GO) test -count=1 -timeout 0 -v -run '^TestChurn' ./conformance

bench:
	cd bench && $(GO) run ./cmd/bench -routes $(ROUTES) $(BENCHFLAGS)

ipsetbench:
	cd bench && $(GO) run ./cmd/ipsetbench $(IPSETFLAGS)

storm:
	cd bench && $(GO) run ./cmd/storm -routes $(ROUTES) $(BENCHFLAGS)

rtnlxdstorm:
	cd bench && $(GO) run ./cmd/rtnlxdbench -storm $(ROUTES) -storm-clients $(STORM_CLIENTS) $(RTNLXDSTORM_FLAGS)

# Every target runs to its end even when another fails; each one's output
# goes to out/fuzz/<package>_<Target>.log, and a table of results (with the
# executions the last status line counted) follows. FUZZJOBS targets run at
# once, each still for its full FUZZTIME (they share the CPUs).
fuzz:
	@mkdir -p out/fuzz; rm -f out/fuzz/*.log out/fuzz/*.rc
	@printf '%s\n' $(FUZZ_TARGETS) | xargs -P $(FUZZJOBS) -I{} sh -c '\
		ft={}; pkg=$${ft%%:*}; target=$${ft##*:}; \
		log=out/fuzz/$$(echo $$pkg | sed "s|^\./||; s|/|_|g")_$$target; \
		echo "fuzz: $$pkg $$target ($(FUZZTIME)) started $$(date -u +%H:%M:%S)"; \
		$(GO) test -run "^$$" -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg >$$log.log 2>&1; \
		echo $$? >$$log.rc; \
		echo "fuzz: $$pkg $$target done $$(date -u +%H:%M:%S) rc=$$(cat $$log.rc)"'
	@fail=0; echo "fuzz results (FUZZTIME=$(FUZZTIME) FUZZJOBS=$(FUZZJOBS)):"; \
	for ft in $(FUZZ_TARGETS); do \
		pkg=$${ft%%:*}; target=$${ft##*:}; \
		log=out/fuzz/$$(echo $$pkg | sed "s|^\./||; s|/|_|g")_$$target; \
		rc=$$(cat $$log.rc 2>/dev/null || echo 1); \
		execs=$$(grep -o "execs: [0-9]*" $$log.log | tail -1 | cut -d" " -f2); \
		if [ "$$rc" = 0 ]; then res=ok; else res=FAIL; fail=1; fi; \
		printf "  %-4s %-24s %-16s execs %s\n" $$res $$pkg $$target "$${execs:-?}"; \
		if [ "$$rc" != 0 ]; then tail -n 30 $$log.log | sed "s/^/      /"; fi; \
	done; exit $$fail

clean:
	rm -rf bin out
