# seedctl — build, test and demo entry points. GNU make.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

SWIFT ?= swift
BIN := .build/release/seedctl

.PHONY: deps build test lint format demo bench bench-seed bench-query bench-pooler bench-migrate bench-metrics bench-spec pg-up \
	pg-down pg-restart pg-url clean dist dist-check

deps:
	@scripts/deps.sh

build: deps
	$(SWIFT) build -c release --product seedctl

# Starts a throwaway PostgreSQL cluster, runs the tests with SEEDCTL_TEST_DATABASE_URL set,
# and always stops the cluster again; then builds the release tarball and runs it with no
# Swift toolchain reachable (dist-check). The exit status is the first failure's.
test: deps
	@trap 'scripts/pg-down.sh' EXIT; trap 'exit 130' INT TERM; \
	scripts/pg-up.sh; \
	set -a; source .pg/env; set +a; \
	$(SWIFT) test
	@$(MAKE) --no-print-directory dist-check

# swift format (ships with the toolchain) with the checked-in .swift-format; CI runs it after the tests.
lint:
	$(SWIFT) format lint --recursive --strict Sources Tests Package.swift

# Rewrites the sources in place to the project's format.
format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

# The whole pipeline on the embedded SQLite default in demo/: migrate, seed (profile default),
# verify, explain.
demo: build
	@mkdir -p demo
	cd demo && "$(CURDIR)/$(BIN)" setup --clear --migrations "$(CURDIR)/Migrations" --seeds "$(CURDIR)/Seeds"

# The benchmarks; each rewrites its section of docs/BENCHMARKS.md.
bench: bench-seed bench-query bench-pooler bench-migrate bench-metrics bench-spec

# Seed throughput against psql \copy and sqlite3 .import of the same rows.
# BENCH_PROFILES="default staging" picks profiles (default: all three).
bench-seed: build
	@scripts/bench-seed.sh

# seed of a profile, on PostgreSQL and SQLite, with the session_tags test module (a dataset spec)
# against the same profile without it, per row (BENCH_PROFILE, BENCH_ROUNDS).
bench-spec: build
	@scripts/bench-spec.sh

# seedctl bench against pgbench on one catalog query (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CLIENTS).
bench-query: build
	@scripts/bench-query.sh

# seedctl bench --protocol extended against pgbench -M extended, both through one PgBouncer in
# transaction mode (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CLIENTS).
bench-pooler: build
	@scripts/bench-pooler.sh

# seedctl migrate of a 50,000-INSERT transactional file against psql -X -1 -f of the same file
# (BENCH_ROUNDS, BENCH_STATEMENTS).
bench-migrate: build
	@scripts/bench-migrate.sh

# dist/seedctl-VERSION-linux-ARCH.tar.gz: the Swift runtime linked statically, Seeds/,
# Migrations/, completions and man pages; needs only libpq5 and libsqlite3-0 to run.
dist: deps
	@scripts/dist.sh

# Builds the tarball and runs it with no Swift toolchain reachable ('seedctl setup' on SQLite).
# A static release build in its own scratch path (.build/dist): about 10 minutes on 2 cores the
# first time, incremental after; 'make test' runs it after the Swift tests.
dist-check: dist
	@scripts/dist-check.sh

# The cost of live metrics (--metrics-listen, scraped every second) on session_by_id, and a
# heavier read (status = 'completed' ORDER BY created_at DESC LIMIT 10) against pgbench with
# metrics on (BENCH_ROUNDS, BENCH_SECONDS).
bench-metrics: build
	@scripts/bench-metrics.sh

pg-up:
	@scripts/pg-up.sh

pg-down:
	@scripts/pg-down.sh

# Restarts the throwaway cluster (fast shutdown), e.g. to watch a bench ride it out.
pg-restart:
	@scripts/pg-restart.sh

pg-url:
	@test -f .pg/env || { echo "no cluster running; run 'make pg-up'" >&2; exit 1; }
	@cut -d= -f2- .pg/env

clean:
	rm -rf .build demo dist
