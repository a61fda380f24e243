#!/bin/sh
# install.sh — `make install` into a scratch prefix gives a binary that
# runs, a header and a pkg-config file with which a C program compiles,
# links against libbraid.a and runs.
root=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
check() { if eval "$2"; then echo "ok $1"; else echo "not ok $1"; fi; }
if ! command -v pkg-config >/dev/null; then echo "ok install tests skipped: no pkg-config"; exit 0; fi
make -s -C "$root" install PREFIX="$T/p" > "$T/make.log" 2>&1
check "make install succeeds" '[ $? -eq 0 ] || { cat "$T/make.log"; false; }'
check "installed binary runs" '"$T/p/bin/braid" --version > /dev/null 2>&1 || "$T/p/bin/braid" --help > /dev/null 2>&1'
cat > "$T/use.c" <<'C'
#include <braid.h>
#include <stdio.h>
int main(void)
{
    printf("%s %d\n", braid_category_name(BRAID_CAT_SPORTS), braid_classify_supports("ru"));
    return 0;
}
C
PKG_CONFIG_PATH="$T/p/lib/pkgconfig" cc "$T/use.c" -o "$T/use" \
  $(PKG_CONFIG_PATH="$T/p/lib/pkgconfig" pkg-config --cflags --libs braid) > "$T/cc.log" 2>&1
check "a program builds with pkg-config --cflags --libs braid" '[ -x "$T/use" ] || { cat "$T/cc.log"; false; }'
check "and runs against the library" '[ "$("$T/use")" = "sports 1" ]'
