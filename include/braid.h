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
    int min_text_chars;       /* min_text_chars: a document with less
                                 extracted text and no title is reported
                                 as "no text found".  Default 1.            */
    int read_jobs;            /* read_jobs: worker threads that read, decode,
                                 extract and identify documents in
                                 braid_engine_read_paths(); 0 = one per
                                 online CPU (at most 8).  Output order does
                                 not depend on it.  Default 0.              */

    /* Language identification */
    char lid_model[1024];     /* lid_model: path of fastText's lid.176.ftz.
                                 Empty = search the usual places (see
                                 docs/CONFIG.md).                            */
    char lang_words_model[1024]; /* lang_words_model: braid's single-word
                                 model (models/lang-words.bin).  Empty =
                                 search like lid_model; "none" = off.       */
    double lang_min_confidence; /* lang_min_confidence: below it, the answer
                                 is "und".  Default 0.30.                    */
    int lang_dicts;           /* lang_dicts: 1 = hunspell dictionaries vote
                                 on texts of one or two words (more
                                 accurate; each dictionary used costs
                                 0.01-0.5 s to load and 2-30 MB).  Default 0
                                 (docs/LANG.md).                             */

    /* Analysis and threads (section 7; docs/THREADS.md explains each) */
    char lexicon_path[1024];  /* lexicon_path: Mueller dictd file for Russian
                                 ↔ English words.  Empty = the installed
                                 /usr/share/dictd/mueller7.dict.dz.          */
    double thread_window_hours; /* thread_window_hours: articles further apart
                                 in publication time never share an event
                                 thread.  Default 72.                        */
    double thread_sim_same;   /* thread_sim_same: similarity needed to join a
                                 thread, articles in one language.           */
    double thread_sim_cross;  /* thread_sim_cross: the same across languages
                                 (cosines run ~2.5x lower across languages). */
    double thread_w_entity;   /* thread_w_entity: weight of name features.   */
    double thread_w_number;   /* thread_w_number: weight of numbers.         */
    double thread_w_date;     /* thread_w_date: weight of mentioned dates.   */
    double thread_w_xterm;    /* thread_w_xterm: weight of dictionary-
                                 translated terms of non-English articles.   */
    double thread_title_boost; /* thread_title_boost: a title word counts as
                                 this many body words.                       */
    double thread_anchor_penalty; /* thread_anchor_penalty: share of the
                                 similarity lost when none of the names,
                                 numbers and dates of one title appear in
                                 the other article (scaled by the missing
                                 fraction); lost again when none of one
                                 headline's words, or none of its
                                 speakers, appear there (same language). */
    double thread_anchor_conflict; /* thread_anchor_conflict: further share
                                 lost when each title has an anchor the
                                 other article lacks (two towns, two dates:
                                 a conflict, not an omission).  Default 0.3. */
    double thread_merge_cross; /* thread_merge_cross: centroid cosine (cross-
                                 lingual parts) at which a Russian and an
                                 English thread of a batch merge; 0 = never.
                                 Default 0.20 (docs/THREADS.md).             */
    double thread_merge_same;  /* thread_merge_same: centroid cosine at which
                                  two threads of one language that share a
                                  headline name merge after a batch (0.65;
                                  0 = off) */
    int thread_max_features;  /* thread_max_features: strongest features kept
                                 per article vector.                         */
    int dup_max_bits;         /* dup_max_bits: SimHash Hamming distance at or
                                 below which two articles are duplicates.    */
    double story_sim;         /* story_sim: centroid similarity linking two
                                 threads into one story.                     */
    double story_window_days; /* story_window_days: max gap between linked
                                 threads of a story.                         */

    /* Classification */
    char model_dir[1024];     /* model_dir: folder of news.model and
                                 category.model.  Empty = "models" in the
                                 working directory, then the install dir.   */
    double news_min_score;    /* news_min_score: P(news) at or above it is
                                 news.  Default 0.5.                         */

    /* Server (braid serve; docs/SERVER.md) */
    int server_port;          /* server_port: TCP port; 0 = any free port
                                 (printed at start).  Default 8080.          */
    char server_bind[1024];   /* server_bind: address to listen on.
                                 Default 127.0.0.1.                          */
    char server_db[1024];     /* server_db: the store ("PATH" or
                                 "sqlite:PATH").  Default braid.db.          */
    char server_token[1024];  /* server_token: when set, PUT and DELETE need
                                 "Authorization: Bearer TOKEN".  Default "". */
    size_t server_max_body;   /* server_max_body: larger bodies get 413.
                                 Default 10 MiB.                             */
    size_t server_max_header; /* server_max_header: memory for one request's
                                 line and headers; beyond it 431.  32 KiB.   */
    int server_max_connections; /* server_max_connections: open connections
                                 at most.  Default 256.                      */
    int server_timeout;       /* server_timeout: seconds an idle connection
                                 stays open.  Default 30.                    */
    int server_request_timeout; /* server_request_timeout: seconds to receive
                                 one request body; beyond it 408.  60.       */
    int server_workers;       /* server_workers: engines reading bodies in
                                 parallel; 0 = one per CPU (at most 8).      */
    int server_max_batch;     /* server_max_batch: writes per group commit.
                                 Default 1024.                               */
    int server_stale_ms;      /* server_stale_ms: while writes go on, a
                                 cached thread list may be served this many
                                 milliseconds after a write changed it
                                 (0: every answer reflects every
                                 acknowledged write, default)              */
    int server_story_seconds; /* server_story_seconds: how often the server
                                 links threads into stories for the API
                                 (a whole-index pass); 0 = never.  120.    */
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
 * to `out` (a FILE *, typed void * to keep <stdio.h> out of this header).
 * A set server_token prints as "(set, not shown)". */
void braid_config_print(const braid_config *cfg, void *out);

/* ======================================================================
 * 3. Engine
 * ====================================================================== */

typedef struct braid_engine braid_engine;

/* Create an engine with a copy of `cfg` (NULL = defaults).  Loads the
 * models the configuration names.  Returns NULL and fills `err` on failure. */
braid_engine *braid_engine_new(const braid_config *cfg, braid_error *err);
void braid_engine_free(braid_engine *engine);

/* An engine for another thread (an engine is used by one thread at a
 * time) with `parent`'s configuration, sharing its read-only language
 * models and fastText's token memo instead of loading them again: ~30
 * MB less per extra engine, and no load time.  Answers are the same as
 * from braid_engine_new.  Parent and fork may be freed in either order.
 * Returns NULL and fills `err` on failure. */
braid_engine *braid_engine_fork(const braid_engine *parent, braid_error *err);

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

/* An event thread holds the articles that report one event (one phone
 * call, one match, one announcement), in any language; a story links the
 * threads of one ongoing subject.  braid_threads is the incremental
 * clusterer: each article added is analysed (tokens, stems, names
 * transliterated to a script-free key, dates, numbers, dictionary
 * translations into a shared English space, a SimHash) and placed in the
 * most similar open thread or a new one.  Placement is deterministic for
 * a given input order.  docs/THREADS.md explains the algorithm, weights,
 * thresholds and every output format.
 *
 *     braid_threads *th = braid_threads_new(&cfg, &err);
 *     for (i = 0; i < n; i++) braid_threads_add(th, docs[i], &err);
 *     char *json; size_t len;
 *     braid_threads_render(th, BRAID_THREADS_JSON, "en", &json, &len, &err);
 *     ... free(json); braid_threads_free(th);
 */
typedef struct braid_threads braid_threads;

/* An article as the clusterer needs it (for callers without a braid_doc).
 * Every string is copied.  `lang` is ISO 639-1 ("und" when unknown);
 * `published_unix` is INT64_MIN when unknown; `category` (may be NULL) is
 * the classifier's label, used to group `top`. */
typedef struct braid_article {
    const char *name;
    const char *lang;
    const char *title;
    const char *text;
    size_t text_len;
    int64_t published_unix;
    const char *site;
    const char *url;
    const char *category;
    /* 1 when `category` is a fallback rather than a classifier's answer
     * ("other" for a language without a model): a thread's category is
     * the majority of its members' answers, and fallbacks only count in a
     * thread that has no answer at all */
    int category_guessed;
} braid_article;

/* Loads stemmers, transliterators and the Russian-English lexicon
 * (cfg->lexicon_path).  cfg NULL = defaults.  NULL + err on failure. */
braid_threads *braid_threads_new(const braid_config *cfg, braid_error *err);
void braid_threads_free(braid_threads *th);

/* Add one article and place it in a thread.  An article whose name is
 * already present replaces the old one.  Corpus statistics (idf) grow
 * with every article added. */
braid_status braid_threads_add(braid_threads *th, const braid_doc *doc, braid_error *err);
braid_status braid_threads_add_article(braid_threads *th, const braid_article *a,
                                       braid_error *err);

/* Add many articles: all are analysed and counted in the statistics
 * first, then placed in input order — better idf for a batch than n
 * calls to braid_threads_add.  `categories` (may be NULL) gives each
 * document's category; that of a document in a language the classifier
 * has no model for (braid_classify_supports) counts as a fallback
 * (braid_article.category_guessed). */
braid_status braid_threads_add_batch(braid_threads *th, braid_doc *const *docs,
                                     const char *const *categories, size_t n,
                                     braid_error *err);
braid_status braid_threads_add_articles(braid_threads *th, const braid_article *arts,
                                        size_t n, braid_error *err);

/* Two-phase adding, for callers that analyse on many threads and place
 * in one order (the server: request threads analyse, one writer places).
 * Analysis — tokens, stems, names, dates, fingerprints — is most of the
 * cost of adding an article and reads nothing of the clusterer but its
 * lexicon, so it runs outside any lock; placement is the cheap, ordered
 * part.  A preparer is one thread's analyzer: create one per thread,
 * free them all before `th`.  braid_threads_add_prepared() places the
 * article exactly as braid_threads_add_article() would have, and takes
 * ownership of `p` whatever it returns. */
typedef struct braid_threads_preparer braid_threads_preparer;
typedef struct braid_prepared braid_prepared;

braid_threads_preparer *braid_threads_preparer_new(const braid_threads *th, braid_error *err);
void braid_threads_preparer_free(braid_threads_preparer *p);
braid_prepared *braid_threads_prepare(braid_threads_preparer *p, const braid_article *a,
                                      braid_error *err);
void braid_prepared_free(braid_prepared *p);
braid_status braid_threads_add_prepared(braid_threads *th, braid_prepared *p,
                                        braid_error *err);

/* Remove an article by name (BRAID_ENOTFOUND when absent).  Its thread
 * keeps its other articles. */
braid_status braid_threads_remove(braid_threads *th, const char *name, braid_error *err);

/* Count an article in the corpus statistics only (a background corpus for
 * idf, e.g. before scoring pairs). */
braid_status braid_threads_observe(braid_threads *th, const braid_article *a,
                                   braid_error *err);

/* The same-thread decision for two articles, with the current statistics:
 * similarity divided by the threshold for their languages; >= 1 means the
 * clusterer would put them in one thread. */
double braid_threads_pair_score(braid_threads *th, const braid_article *a,
                                const braid_article *b, braid_error *err);

/* Memory the clusterer holds, in bytes, by what it is for (allocated
 * sizes, without the allocator's own overhead). */
typedef struct braid_threads_mem {
    size_t records;     /* per article: names, title, url, site, dates   */
    size_t features;    /* per article: analysed features (kept to undo
                           the corpus statistics when it leaves)          */
    size_t vectors;     /* per article: weighted vector                   */
    size_t threads;     /* member lists, title anchors                    */
    size_t centroids;   /* per thread and language: summed vectors        */
    size_t postings;    /* inverted index feature → threads               */
    size_t statistics;  /* document frequencies                           */
    size_t total;
} braid_threads_mem;
void braid_threads_memory(const braid_threads *th, braid_threads_mem *out);

/* Number of articles / of non-empty threads. */
size_t braid_threads_articles(const braid_threads *th);
size_t braid_threads_count(const braid_threads *th);
/* Thread id of an article (stable while the article is present), -1 when
 * absent. */
long braid_threads_find(const braid_threads *th, const char *name);

typedef enum braid_threads_format {
    BRAID_THREADS_JSON = 0, /* contest: [{"title","articles":[names]}]     */
    BRAID_THREADS_NDJSON    /* one object per thread with ids, story,
                               languages, titles, duplicates, entities,
                               dates (docs/THREADS.md)                    */
} braid_threads_format;

/* Render every thread (most important first), titles in `lang` (NULL =
 * each thread's best title in any language).  *out is malloc'd UTF-8,
 * NUL-terminated; the caller frees it. */
braid_status braid_threads_render(braid_threads *th, braid_threads_format fmt,
                                  const char *lang, char **out, size_t *len,
                                  braid_error *err);

/* The contest's `top` (round 1): [{"category":"any","threads":[{"title",
 * "category","articles"}]}, {"category":C,"threads":[{"title",
 * "articles"}]}...], threads by importance, at most `limit` per group
 * (0 = all). */
braid_status braid_threads_render_top(braid_threads *th, const char *lang, size_t limit,
                                      char **out, size_t *len, braid_error *err);

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

/* 1 when the shipped models cover `lang` (en, ru): a document in any
 * other language gets no guess. */
int braid_classify_supports(const char *lang);

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
