# oic - Open Innovation City.  GNU Make + pkg-config.
#
#   make          build build/oic (optimised, with debug info)
#   make run      install what is missing, build, migrate, seed the demo,
#                 serve on http://localhost:8080 (PORT overrides)
#   make test     install what is missing, then every test (see scripts/test.sh)
#   make asan     the binary and unit tests with AddressSanitizer + UBSan
#   make lint     clang-format, cppcheck and clang-tidy over the sources
#   make bench    oic against nginx on a synthetic city (bench/README.md)

VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0)
PKGS    := libmicrohttpd sqlite3 libsodium libcmark jansson libcurl libpq vips poppler-glib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CC      ?= cc
HOSTCC  ?= cc
WARN    := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla -Wno-missing-field-initializers
BASE_CFLAGS = -std=gnu11 $(WARN) -D_GNU_SOURCE -DOIC_VERSION='"$(VERSION)"' \
	-Isrc -I$(GEN) $(PKG_CFLAGS)
LIBS    := $(PKG_LIBS) -lstemmer -lpthread -lm

# Variant: release (default) or asan.
VARIANT ?= release
ifeq ($(VARIANT),asan)
OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
else
OPT := -O2 -g
endif
OUT := build/$(VARIANT)
# Generated code and build tools live per variant, so that builds of
# different variants can run at the same time.
GEN := $(OUT)/gen
TOOLS := $(OUT)/tools
CFLAGS_ALL := $(BASE_CFLAGS) $(OPT) $(CFLAGS)
LDFLAGS_ALL := $(OPT) $(LDFLAGS)

# The features, in the order their routes, statements, view structs and
# jobs are collected (a feature's view structs may embed those of features
# before it).  A new feature is a folder under src/features and a word here.
FEATURES := organisations contact matching actors accounts discussion funnel notifications projects discover opportunities api office events content site
SRC := $(sort $(wildcard src/base/*.c src/http/*.c src/store/*.c src/view/*.c \
	src/app/*.c $(foreach f,$(FEATURES),src/features/$(f)/*.c) src/cli/*.c))
GEN_SRC := $(GEN)/templates.c $(GEN)/i18n_catalog.c $(GEN)/embedded_sqlite.c \
	$(GEN)/embedded_postgres.c $(GEN)/embedded_static.c
FEATURE_LISTS := $(GEN)/features_routes.def $(GEN)/features_statements.def \
	$(GEN)/features_views.h $(GEN)/features_jobs.def $(GEN)/features_subjects.def
TPLC_OUT := $(GEN)/templates.h $(GEN)/templates.c $(GEN)/i18n_catalog.h $(GEN)/i18n_catalog.c
GEN_OUT := $(TPLC_OUT) $(FEATURE_LISTS)
OBJ := $(patsubst %.c,$(OUT)/obj/%.o,$(SRC) $(GEN_SRC))
LIB_OBJ := $(filter-out $(OUT)/obj/src/main.o,$(OBJ))

TEMPLATES := $(sort $(wildcard src/app/templates/*.html src/features/*/templates/*.html))
PO        := po/de.po po/en.po
MIGRATIONS_SQLITE   := $(sort $(wildcard migrations/sqlite/*.sql))
MIGRATIONS_POSTGRES := $(sort $(wildcard migrations/postgres/*.sql))
# Front-end libraries come from npm (pinned in package-lock.json): copied
# into static/vendor/ (not in git) and embedded like our own files.
VENDOR := static/vendor/leaflet/leaflet.js static/vendor/leaflet/leaflet.css
STATIC := $(sort $(shell find static -type f ! -name '.*' 2>/dev/null) $(VENDOR))

.PHONY: all run test asan lint format deps clean unit fuzz bench
all: $(OUT)/oic $(OUT)/oic_stem.so

# The search tokenizer as an SQLite extension, for the sqlite3 shell: the
# search triggers need it on every connection that writes indexed rows.
$(OUT)/oic_stem.so: src/store/sqlite_stem.c src/store/sqlite_rank.c src/base/stem.c \
		src/store/sqlite_stem.h src/store/sqlite_rank.h src/base/stem.h
	@echo "  LD      $@"
	@$(CC) $(CFLAGS_ALL) -DOIC_STEM_EXTENSION -fPIC -shared -o $@ src/store/sqlite_stem.c \
		src/store/sqlite_rank.c src/base/stem.c -lstemmer -lm

$(OUT)/oic: $(OUT)/obj/src/main.o $(LIB_OBJ)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

$(OUT)/obj/%.o: %.c | $(GEN_OUT)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

-include $(OBJ:.o=.d)

# ---- generated code ----
TPLC_SRC := $(sort $(wildcard tools/tplc/*.c))
$(TOOLS)/tplc: $(TPLC_SRC) tools/tplc/tplc.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O1 -g -Wall -Wextra -Werror -o $@ $(TPLC_SRC)

$(TOOLS)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O1 -Wall -Wextra -Werror -o $@ $<

# tplc also checks every msgid used by C code (tr / N_) against the po files.
# It rewrites only outputs whose content changed; the stamp keeps make
# from re-running it for every edit of a .c file.
$(GEN)/.stamp: $(TOOLS)/tplc $(TEMPLATES) $(PO) $(SRC)
	@mkdir -p $(GEN)
	@echo "  TPLC    src/*/templates/*.html po/*.po"
	@$(TOOLS)/tplc --out $(GEN) $(addprefix --po ,$(PO)) \
		$(addprefix --check-c ,$(SRC)) $(TEMPLATES)
	@touch $@
$(TPLC_OUT): $(GEN)/.stamp ;

# What the kernel collects from the features: one #include per feature
# that has the file, in the order of FEATURES; rewritten only when it
# changes, so that adding a feature rebuilds what includes the list.
FEATURE_FILES := $(wildcard $(foreach f,$(FEATURES),src/features/$(f)/*.def src/features/$(f)/views.h))
$(FEATURE_LISTS): $(GEN)/features_%: Makefile $(FEATURE_FILES)
	@mkdir -p $(GEN)
	@{ echo "/* generated from FEATURES in the Makefile: src/features/<name>/$* */"; \
	  for f in $(FEATURES); do [ ! -f src/features/$$f/$* ] || \
	  echo "#include \"features/$$f/$*\""; done; } > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(GEN)/embedded_sqlite.c: $(TOOLS)/embed $(MIGRATIONS_SQLITE)
	@mkdir -p $(GEN)
	$(TOOLS)/embed $@ embedded_migrations_sqlite migrations/sqlite/ $(MIGRATIONS_SQLITE)

$(GEN)/embedded_postgres.c: $(TOOLS)/embed $(MIGRATIONS_POSTGRES)
	@mkdir -p $(GEN)
	$(TOOLS)/embed $@ embedded_migrations_postgres migrations/postgres/ $(MIGRATIONS_POSTGRES)

static/vendor/leaflet/%: node_modules/leaflet/dist/%
	@mkdir -p $(dir $@)
	cp $< $@
node_modules/leaflet/dist/%:
	npm ci --no-audit --no-fund --loglevel=error

$(GEN)/embedded_static.c: $(TOOLS)/embed $(STATIC)
	@mkdir -p $(GEN)
	$(TOOLS)/embed $@ embedded_static static/ $(STATIC)

# ---- tests ----
UNIT_TESTS := $(patsubst tests/unit/%.c,$(OUT)/tests/%,$(sort $(wildcard tests/unit/test_*.c)))
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

$(OUT)/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS_ALL) -Itests/unit -o $@ $< $(LIB_OBJ) $(CMOCKA_LIBS) $(LIBS)

FUZZ_TARGETS := $(patsubst fuzz/%.c,$(OUT)/fuzz/%,$(sort $(wildcard fuzz/fuzz_*.c)))

# Fuzz targets linked with fuzz/driver.c: corpus replay + random runs.
$(OUT)/fuzz/%: fuzz/%.c fuzz/driver.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS_ALL) -o $@ $< fuzz/driver.c $(LIB_OBJ) $(LIBS)

# The template compiler's tests render their own templates and catalogue
# (tests/unit/tpl/), so they are linked without the production ones.
TEST_TPL_GEN := $(OUT)/test-gen/tpl
TEST_TPL_OUT := $(TEST_TPL_GEN)/templates.h $(TEST_TPL_GEN)/templates.c \
	$(TEST_TPL_GEN)/i18n_catalog.h $(TEST_TPL_GEN)/i18n_catalog.c
$(TEST_TPL_GEN)/.stamp: $(TOOLS)/tplc $(sort $(wildcard tests/unit/tpl/*.html)) \
		tests/unit/tpl/de.po tests/unit/tpl/en.po tests/unit/tpl/checked.c
	@mkdir -p $(TEST_TPL_GEN)
	@$(TOOLS)/tplc --out $(TEST_TPL_GEN) --views-header test_views.h \
		--po tests/unit/tpl/de.po --po tests/unit/tpl/en.po \
		--check-c tests/unit/tpl/checked.c $(sort $(wildcard tests/unit/tpl/*.html))
	@touch $@
$(TEST_TPL_OUT): $(TEST_TPL_GEN)/.stamp ;
TPL_TEST_CFLAGS := $(filter-out -I$(GEN),$(CFLAGS_ALL)) -Isrc -I$(TEST_TPL_GEN) -Itests/unit/tpl
TPL_RUNTIME := src/view/tpl.c src/base/civil.c src/base/i18n.c src/base/buf.c src/base/arena.c

$(OUT)/tests/test_tplc: tests/unit/test_tplc.c $(TEST_TPL_OUT) $(TPL_RUNTIME) \
		tests/unit/tpl/test_views.h src/view/tpl.h src/base/i18n.h $(TOOLS)/tplc
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(TPL_TEST_CFLAGS) -DTPLC_PATH='"$(TOOLS)/tplc"' -DTEST_CC='"$(CC)"' \
		-o $@ tests/unit/test_tplc.c $(TEST_TPL_GEN)/templates.c \
		$(TEST_TPL_GEN)/i18n_catalog.c $(TPL_RUNTIME) $(CMOCKA_LIBS)

$(OUT)/tests/test_i18n: tests/unit/test_i18n.c $(TEST_TPL_OUT) src/base/i18n.c src/base/i18n.h
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(TPL_TEST_CFLAGS) -o $@ tests/unit/test_i18n.c \
		$(TEST_TPL_GEN)/i18n_catalog.c src/base/i18n.c $(CMOCKA_LIBS)

unit: $(OUT)/oic $(UNIT_TESTS) $(FUZZ_TARGETS)

# Matchmaking measured on its own (bench/matching.c): 10,000 actors x 1,000 challenges.
$(OUT)/bench/matching: bench/matching.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS_ALL) -o $@ $< $(LIB_OBJ) $(LIBS)

# Coverage-guided fuzzing with libFuzzer (clang):  make fuzz FUZZ_SECONDS=60
FUZZ_SECONDS ?= 60
fuzz:
	@$(MAKE) --no-print-directory VARIANT=fuzz CC=clang \
		CFLAGS="-fsanitize=fuzzer-no-link,address,undefined" all
	@mkdir -p build/fuzz/bin
	@for t in $(wildcard fuzz/fuzz_*.c); do n=$$(basename $$t .c); \
		clang $(BASE_CFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -o build/fuzz/bin/$$n $$t \
			$(filter-out build/fuzz/obj/src/main.o,$(patsubst %.c,build/fuzz/obj/%.o,$(SRC) $(GEN_SRC))) $(LIBS) && \
		mkdir -p build/fuzz/corpus/$${n#fuzz_} && \
		build/fuzz/bin/$$n -max_total_time=$(FUZZ_SECONDS) build/fuzz/corpus/$${n#fuzz_} fuzz/corpus/$${n#fuzz_} || exit 1; done

deps:
	@scripts/deps.sh

run:
	@scripts/deps.sh --build-only
	@$(MAKE) --no-print-directory all
	@mkdir -p var
	@$(OUT)/oic migrate
	@$(OUT)/oic seed --demo
	@echo "oic: serving on http://localhost:$${PORT:-8080}/ (Ctrl-C stops)"
	@exec $(OUT)/oic serve --port $${PORT:-8080}

test: deps
	@scripts/test.sh

asan:
	@$(MAKE) --no-print-directory VARIANT=asan unit

lint:
	@scripts/lint.sh

# Benchmark (issue 4): an optimised binary of its own, a synthetic city,
# wrk against oic and against nginx serving the same bytes.  Options in
# the environment or on the command line: BENCH_QUICK=1, BENCH_DB=postgres,
# BENCH_SCALE=0|1, BENCH_COMPARE=1 (see bench/README.md).
bench:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory VARIANT=bench all build/bench/bench/matching
	@build/bench/bench/matching
	@OIC_BIN=build/bench/oic node bench/bench.mjs

format:
	@clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tools/*.c' 'tests/unit/*.c' 'fuzz/*.c')

clean:
	rm -rf build
