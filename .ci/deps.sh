#!/usr/bin/env bash
# Installs every Debian 12 package Sextant needs to build, test and benchmark.
# Idempotent: packages already present are skipped, and apt is only asked when something is missing.
# Run as root (or through sudo) on a fresh Debian 12 machine.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # required libraries
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libcurl4-openssl-dev libssl-dev
  libsqlite3-dev libsqlitecpp-dev sqlite3
  libcli11-dev libfmt-dev libhowardhinnant-date-dev tzdata
  # the fuzz targets (make fuzz): clang and its libFuzzer and sanitizer runtimes
  clang libclang-rt-14-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-jsonschema python3-graphql-core python3-cryptography openssl time
  # the benchmark's static WooCommerce (bench/woocommerce/static_server.sh)
  nginx-light
  # the real Redmine of the tracker-plugin tests (configured and run by tests/redmine/*.sh)
  redmine redmine-sqlite thin
  # the dashboard page, rendered and read back in a real browser
  chromium
  # the PHP host (FFI is built in) and the Debian package (dpkg-shlibdeps, file)
  php-cli dpkg-dev file
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

# Node.js and npm run the real Vendure of the tests (npm packages are installed by the tests
# themselves, tests/vendure/setup.sh). A machine that has them already keeps its own.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
[ ${#missing[@]} -eq 0 ] && { echo "deps: all packages present"; exit 0; }

echo "deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
