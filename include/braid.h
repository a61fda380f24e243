/*
 * braid.h — the public interface of libbraid, a news story engine.
 *
 * braid reads news documents (HTML pages, plain text, JSON lines), extracts
 * their main text and metadata, identifies their language, and — in later
 * stages — classifies them and groups reports of one event into threads.
 *
 * This header is the manual.  It is organised in sections:
 *
 *   1. Errors        one convention for every call that can fail
 *   2. Configuration one struct with documented defaults
 *   3. Engine        the handle that owns configuration, models and state
 *   4. Documents     one record per article, filled stage by stage
 *   5. Reading       bytes or paths in, documents out
 *   6. Language      language identification on any text
 *
 * Conventions
 * -----------
 * - Every buffer is passed with an explicit length (`const char *s, size_t
 *   len`); strings returned by the library are NUL-terminated UTF-8 and are
 *   owned by the object they came from unless stated otherwise.
 * - Every call that can fail returns a `braid_status` and, when the caller
 *   passes a non-NULL `braid_error *`, fills it with a human-readable
 *   message naming what failed and why.
 * - Handles are opaque and come in `_new` / `_free` pairs.  There is no
 *   global mutable state: two engines can live in one process, and one
 *   engine may be used from one thread at a time.
 *
 * A minimal program
 * -----------------
 *     braid_config cfg;
 *     braid_config_init(&cfg);
 *     braid_error err;
 *     braid_engine *e = braid_engine_new(&cfg, &err);
 *     if (!e) { fprintf(stderr, "%s\n", err.message); return 1; }
 *     braid_doc *d = NULL;
 *     if (braid_engine_read_one(e, "a.html", buf, len, &d, &err) == BRAID_OK) {
 *         printf("%s [%s]\n", braid_doc_title(d), braid_doc_lang(d));
 *         braid_doc_free(d);
 *     }
 *     braid_engine_free(e);
 */
#ifndef BRAID_H
#define BRAID_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BRAID_VERSION "0.1.0"

/* ======================================================================
 * 1. Errors
 * ====================================================================== */

typedef enum braid_status {
    BRAID_OK = 0,
    BRAID_EINVAL,    /* an argument or configuration value is invalid      */
    BRAID_ENOMEM,    /* an allocation failed                                */
    BRAID_EIO,       /* a file could not be opened, read or written         */
    BRAID_EEMPTY,    /* the document is empty (or only white space)         */
    BRAID_ETOOBIG,   /* the document exceeds the configured size limit      */
    BRAID_EBINARY,   /* the document is binary, not text                    */
    BRAID_EENCODING, /* the bytes could not be decoded to text              */
    BRAID_EPARSE,    /* the document could not be parsed (e.g. bad JSON)    */
    BRAID_ENOTFOUND, /* a named file, model or key does not exist           */
    BRAID_ENOTEXT    /* the document parsed but holds no usable text        */
} braid_status;

#define BRAID_ERROR_MAX 512

/* Filled by a failing call when the caller passes one.  `message` always
 * names the object (file, document, key) and the reason. */
typedef struct braid_error {
    braid_status code;
    char message[BRAID_ERROR_MAX];
} braid_error;

/* A short constant English phrase for a status ("document is empty"). */
const char *braid_status_str(braid_status status);

/* ======================================================================
 * 2. Configuration
 *
 * Every threshold, window and limit braid uses lives in this struct.
 * braid_config_init() fills it with the defaults documented below; a
 * front end may then override single keys with braid_config_set() (the
 * CLI's `--set key=value`) or a whole file with braid_config_load()
 * (lines `key = value`, `#` comments).  docs/CONFIG.md lists every key.
 * ====================================================================== */

typedef struct braid_config {
    /* Reading */
    size_t max_doc_bytes;     /* max_doc_bytes: larger documents are rejected
                                 with BRAID_ETOOBIG.  Default 10 MiB.        */
    int max_html_depth;       /* max_html_depth: HTML element nesting beyond
                                 this depth is flattened.  Default 512.      */
    int min_text_chars;       /* min_text_chars: a document whose extracted
                                 text is shorter is still kept but flagged
                                 as having no usable text. Default 1.         */

    /* Language identification */
    char lid_model[1024];     /* lid_model: path of fastText's lid.176.ftz.
                                 Empty = search the usual places (see
                                 docs/CONFIG.md).                            */
    double lang_min_confidence; /* lang_min_confidence: below it, the answer
                                 is "und".  Default 0.30.                    */

    /* Classification */
    char model_dir[1024];     /* model_dir: folder of news.model and
                                 category.model.  Empty = "models" in the
                                 working directory, then the install dir.   */
    double news_min_score;    /* news_min_score: P(news) at or above it is
                                 news.  Default 0.5.                         */
} braid_config;

/* Fill `cfg` with the defaults. */
void braid_config_init(braid_config *cfg);

/* Set one key (names as in the comments above) from its textual value. */
braid_status braid_config_set(braid_config *cfg, const char *key,
                              const char *value, braid_error *err);

/* Read `key = value` lines from a file; unknown keys are errors. */
braid_status braid_config_load(braid_config *cfg, const char *path,
                               braid_error *err);

/* Write every key with its current value, one `key = value` line each,
 * to `out` (a FILE *, typed void * to keep <stdio.h> out of this header). */
void braid_config_print(const braid_config *cfg, void *out);

/* ======================================================================
 * 3. Engine
 * ====================================================================== */

typedef struct braid_engine braid_engine;

/* Create an engine with a copy of `cfg` (NULL = defaults).  Loads the
 * models the configuration names.  Returns NULL and fills `err` on failure. */
braid_engine *braid_engine_new(const braid_config *cfg, braid_error *err);
void braid_engine_free(braid_engine *engine);

/* The engine's configuration (read-only). */
const braid_config *braid_engine_config(const braid_engine *engine);

/* ======================================================================
 * 4. Documents
 *
 * A braid_doc is one article.  Reading fills its source and metadata,
 * extraction its text, language identification its language; later stages
 * add their results.  Accessors return NULL (or "") for fields the
 * document does not have.
 * ====================================================================== */

typedef enum braid_format {
    BRAID_FORMAT_AUTO = 0, /* sniff it */
    BRAID_FORMAT_HTML,
    BRAID_FORMAT_TEXT,
    BRAID_FORMAT_JSONL
} braid_format;

typedef struct braid_doc braid_doc;

void braid_doc_free(braid_doc *doc);

/* Name of the document: the file's base name for files, `id` for JSON
 * lines (or FILE:LINE when there is none), "-" for stdin. */
const char *braid_doc_name(const braid_doc *doc);
/* Path it was read from (or "-"). */
const char *braid_doc_path(const braid_doc *doc);
braid_format braid_doc_format(const braid_doc *doc);
const char *braid_doc_url(const braid_doc *doc);
const char *braid_doc_site(const braid_doc *doc);
const char *braid_doc_title(const braid_doc *doc);
const char *braid_doc_description(const braid_doc *doc);
const char *braid_doc_author(const braid_doc *doc);
/* Publication time as ISO 8601 ("2019-11-18T23:39:00+00:00") or NULL. */
const char *braid_doc_published(const braid_doc *doc);
/* Publication time as Unix seconds, or INT64_MIN when unknown. */
int64_t braid_doc_published_unix(const braid_doc *doc);
/* Main text: paragraphs separated by "\n\n".  `len` may be NULL. */
const char *braid_doc_text(const braid_doc *doc, size_t *len);
/* Source character set the bytes were decoded from ("UTF-8", "KOI8-R"…). */
const char *braid_doc_charset(const braid_doc *doc);
/* ISO 639-1 code (or 639-3 when there is no 639-1 code), "und" if unsure. */
const char *braid_doc_lang(const braid_doc *doc);
double braid_doc_lang_confidence(const braid_doc *doc);

/* ======================================================================
 * 5. Reading
 *
 * braid_engine_read() takes the raw bytes of one input (a file, an HTTP
 * body, stdin) and calls `fn` once per document it holds — once for HTML
 * or text, once per line for JSON lines — or once per problem, with
 * `doc == NULL` and `err` saying which document failed and why.  The
 * callback owns `doc` and frees it with braid_doc_free().  Returning
 * non-zero from the callback stops reading.
 *
 * Each document goes through read → decode → extract → language.
 * ====================================================================== */

typedef int (*braid_doc_fn)(void *ctx, braid_doc *doc, const braid_error *err);

/* `name` names the input in messages and becomes the document name
 * (its base name).  `hint` forces a format (BRAID_FORMAT_AUTO sniffs).
 * Returns BRAID_OK when every document was read, else the status of the
 * first failure (all failures were reported through `fn`). */
braid_status braid_engine_read(braid_engine *engine, const char *name,
                               const void *bytes, size_t len,
                               braid_format hint, braid_doc_fn fn, void *ctx);

/* Convenience for exactly one document (the first, for JSON lines). */
braid_status braid_engine_read_one(braid_engine *engine, const char *name,
                                   const void *bytes, size_t len,
                                   braid_doc **out, braid_error *err);

/* Read files and directories (recursively, in sorted order) and "-" for
 * stdin; files over max_doc_bytes are reported without being loaded.
 * `progress` (may be NULL) is called after each file with the count done. */
typedef void (*braid_progress_fn)(void *ctx, size_t done, const char *path);
braid_status braid_engine_read_paths(braid_engine *engine,
                                     const char *const *paths, size_t n,
                                     braid_format hint, braid_doc_fn fn,
                                     void *ctx, braid_progress_fn progress,
                                     void *progress_ctx);

/* ======================================================================
 * 6. Language
 * ====================================================================== */

typedef struct braid_lang_guess {
    char code[8];       /* ISO 639-1 ("en"), 639-3 if none, or "und"      */
    double confidence;  /* 0..1                                           */
} braid_lang_guess;

/* Identify the language of any UTF-8 text (a word, a title, an article). */
braid_status braid_engine_detect_lang(braid_engine *engine, const char *text,
                                      size_t len, braid_lang_guess *out);

/* ======================================================================
 * 7. Analysis, near-duplicates and threads
 * ====================================================================== */

/* (section 7 end) */

/* ======================================================================
 * 8. Classification: news or not, and category
 * ====================================================================== */

/* Two linear models that braid trains itself (docs/CLASSIFY.md): one says
 * whether an article is news, the other files it under one of seven
 * categories.  Both read hashed stem unigrams and bigrams of the title and
 * text.  English and Russian are supported; a document in any other
 * language is answered with is_news = 0, category OTHER and score 0 (no
 * guess).  The model files (news.model, category.model) are looked up in
 * the configuration's `model_dir`. */

typedef enum braid_category {
    BRAID_CAT_SOCIETY = 0,  /* politics, elections, law, incidents, crime  */
    BRAID_CAT_ECONOMY,      /* markets, finance, business                  */
    BRAID_CAT_TECHNOLOGY,   /* gadgets, auto, apps, internet services      */
    BRAID_CAT_SPORTS,       /* sports, e-sports                            */
    BRAID_CAT_ENTERTAINMENT,/* movies, music, games, books, arts           */
    BRAID_CAT_SCIENCE,      /* health, biology, physics, genetics          */
    BRAID_CAT_OTHER,        /* everything else                             */
    BRAID_CAT_COUNT
} braid_category;

/* "society", "economy", ... "other" (the contest's names). */
const char *braid_category_name(braid_category cat);
/* The category of a name; BRAID_CAT_COUNT when unknown. */
braid_category braid_category_from_name(const char *name, size_t len);

typedef struct braid_classification {
    int supported;          /* 1 when the language has models (en, ru)     */
    int is_news;            /* news_score >= config news_min_score         */
    double news_score;      /* P(news), 0..1                               */
    braid_category category;/* most probable category                      */
    double category_score;  /* its probability, 0..1                       */
    double scores[BRAID_CAT_COUNT]; /* every category's probability        */
} braid_classification;

/* A loaded pair of models plus the tokenizer they need.  Not thread-safe:
 * use one per thread (the models are ~2 MB each). */
typedef struct braid_classifier braid_classifier;

/* Load news.model and category.model from `model_dir` (NULL or "" =
 * search "models" in the working directory, then the install directory).
 * `news_min_score` is the is_news threshold (config news_min_score).
 * Returns NULL and fills `err` when a model is missing or corrupt. */
braid_classifier *braid_classifier_new(const char *model_dir,
                                       double news_min_score,
                                       braid_error *err);
void braid_classifier_free(braid_classifier *cls);

/* Classify one document from its title, text and language (as filled by
 * reading).  Never fails on content; BRAID_EINVAL on NULL arguments. */
braid_status braid_classify_doc(braid_classifier *cls, const braid_doc *doc,
                                braid_classification *out, braid_error *err);

/* The same for loose fields (lang: ISO 639-1 code). */
braid_status braid_classify_text(braid_classifier *cls, const char *lang,
                                 const char *title, size_t title_len,
                                 const char *text, size_t text_len,
                                 braid_classification *out, braid_error *err);


/* (section 8 end) */

#ifdef __cplusplus
}
#endif
#endif /* BRAID_H */
