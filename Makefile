# The two commands of the README, and their parts.
#   make demo  — install dependencies, build, run Sextant end to end on the built-in demo shop
#   make demo-matomo — the same shop with its sessions from a (fake, local) Matomo site
#   make test  — install dependencies, build, run every test (plain and under ASan/UBSan)
#   make fuzz  — build the libFuzzer targets (clang) and run each for FUZZ_SECONDS (tests/fuzz/)
JOBS ?= 2
FUZZ_SECONDS ?= 60
SHOPIFY_ORDERS ?= 3000
DEMO_DIR ?= sextant-demo
DEMO_MATOMO_DIR ?= sextant-demo-matomo

.PHONY: deps build demo demo-matomo test test-dev test-asan fuzz bench kill-soak clean

deps:
	@if [ "$$(id -u)" -eq 0 ]; then .ci/deps.sh; else sudo .ci/deps.sh; fi

build: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

demo: build
	./build/release/bin/sextant demo --dir $(DEMO_DIR)

demo-matomo: build
	examples/demo-matomo.sh ./build/release/bin/sextant $(DEMO_MATOMO_DIR)

test-dev: deps
	cmake --preset dev
	cmake --build --preset dev -j $(JOBS)
	ctest --preset dev -j $(JOBS)

test-asan: deps
	cmake --preset asan-ubsan
	cmake --build --preset asan-ubsan -j $(JOBS)
	ctest --preset asan-ubsan -j $(JOBS)

test: test-dev test-asan

# Each fuzz target from its seeds for FUZZ_SECONDS; fails on any finding, kept in build/fuzz/findings/.
fuzz: deps
	cmake --preset fuzz
	cmake --build --preset fuzz -j $(JOBS) --target fuzz_all
	tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS)

# Benchmarks (not part of make test): the core's hot paths; then the client end to end: 20 000 and
# 200 000 WooCommerce orders, the fake's answers rendered to files and served by nginx (so that the
# server is not the limit), read in alternating rounds by `sextant sync`, the official WooCommerce
# JavaScript client and `curl --parallel` (wall, CPU, peak RSS, bytes written, ratios; then
# `metrics` and `report` over the demo shop's years; bench/woocommerce/run.sh, about 5 minutes);
# then SHOPIFY_ORDERS paged from the fake Shopify against its bucket's theoretical minimum time, at
# the older 1 000 / 50 per s and the current standard 100 per s (about 25 and 12 minutes for 3 000).
bench: deps
	cmake --preset release -DSEXTANT_BUILD_BENCH=ON
	cmake --build --preset release -j $(JOBS)
	./build/release/bench/core_bench
	bench/woocommerce/run.sh build/release
	bench/shopify/run.sh build/release $(SHOPIFY_ORDERS)

# The kill soak (not part of make test, nor CI): KILLS SIGKILLs at random moments during sync
# (fake WooCommerce) and as many during push (local board, fake GitHub, GitLab, Jira, Trello), each
# followed by a run that completes; prints lost, doubled and integrity-check failures, all 0.
# Built in the dev tree, beside the tests whose fakes and rigs it drives.
KILLS ?= 1000
kill-soak: deps
	cmake --preset dev -DSEXTANT_BUILD_BENCH=ON
	cmake --build --preset dev -j $(JOBS) --target kill_soak
	./build/dev/bench/kill_soak --kills $(KILLS)

clean:
	rm -rf build
