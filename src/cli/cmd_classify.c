/*
 * cmd_classify.c — `braid news`, `braid categories` and `braid train`.
 *
 * news and categories read documents like every other verb, ask the
 * library's braid_classifier about each, and print the contest's JSON
 * ({"articles":[...]} and [{"category","articles"}...]) or NDJSON with
 * scores.  train turns labelled data (toloka TSV, JSON lines, a WMT XML
 * set, the BBC folder, or folders of HTML pages labelled by their URL's
 * section) into a model file, holding out part of it (or a --valid set)
 * to print honest validation figures.  docs/CLASSIFY.md has the recipes.
 */
#include "cli/cli.h"
#include "classify/classify.h"
#include "doc.h"
#include "util/json_write.h"
#include "util/file.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

/* ---- news / categories ---------------------------------------------------- */

static const char news_usage[] =
    "usage: braid news [OPTIONS] [FILE|DIR|-]...\n\n"
    "Print the English and Russian documents that are news, in the contest's\n"
    "format {\"articles\":[file names]}; --format ndjson prints one line per\n"
    "document with its scores instead.\n\n"
    "options:\n"
    "  --format F       json (default) or ndjson\n"
    "  --set KEY=VALUE  override a setting (model_dir, news_min_score, ...)\n"
    "  --config FILE    read settings from FILE\n"
    "  --quiet          do not report unreadable documents\n";

static const char categories_usage[] =
    "usage: braid categories [OPTIONS] [FILE|DIR|-]...\n\n"
    "File the English and Russian news documents under the seven categories,\n"
    "in the contest's format [{\"category\":\"society\",\"articles\":[...]},...];\n"
    "--format ndjson prints one line per document with every score.\n\n"
    "options:\n"
    "  --format F       json (default) or ndjson\n"
    "  --set KEY=VALUE  override a setting (model_dir, news_min_score, ...)\n"
    "  --config FILE    read settings from FILE\n"
    "  --quiet          do not report unreadable documents\n";

static void ndjson_line(buf *b, const braid_doc *d, const braid_classification *r)
{
    int first = 1;
    buf_putc(b, '{');
    json_key(b, "file", &first);
    json_cstr_or_null(b, braid_doc_name(d));
    json_key(b, "lang", &first);
    json_cstr_or_null(b, braid_doc_lang(d));
    json_key(b, "supported", &first);
    buf_puts(b, r->supported ? "true" : "false");
    json_key(b, "is_news", &first);
    buf_puts(b, r->is_news ? "true" : "false");
    json_key(b, "news_score", &first);
    buf_printf(b, "%.4f", r->news_score);
    json_key(b, "category", &first);
    json_cstr_or_null(b, braid_category_name(r->category));
    json_key(b, "category_score", &first);
    buf_printf(b, "%.4f", r->category_score);
    json_key(b, "scores", &first);
    buf_putc(b, '{');
    int f2 = 1;
    for (int k = 0; k < BRAID_CAT_COUNT; k++) {
        json_key(b, braid_category_name((braid_category)k), &f2);
        buf_printf(b, "%.4f", r->scores[k]);
    }
    buf_puts(b, "}}\n");
}

static int run_classify(int argc, char **argv, const char *usage, int categories)
{
    cli_opts o;
    int rc = cli_parse(argc, argv, usage, &o, NULL, NULL);
    if (rc >= 0) {
        free(o.paths);
        return rc;
    }
    braid_error err;
    braid_classifier *cls = braid_classifier_new(o.cfg.model_dir, o.cfg.news_min_score, &err);
    if (!cls) {
        fprintf(stderr, "braid %s: %s\n", argv[0], err.message);
        free(o.paths);
        return 1;
    }
    braid_engine *e = cli_engine(&o);
    if (!e) {
        braid_classifier_free(cls);
        free(o.paths);
        return 1;
    }
    cli_docs docs;
    cli_load_docs(e, &o, &docs);
    braid_classification *res = calloc(docs.n ? docs.n : 1, sizeof *res);
    buf b = BUF_INIT;
    int status = docs.failed ? 1 : 0;
    if (!res) {
        fprintf(stderr, "braid %s: out of memory\n", argv[0]);
        status = 1;
        goto out;
    }
    for (size_t i = 0; i < docs.n; i++)
        if (braid_classify_doc(cls, docs.v[i], &res[i], &err) != BRAID_OK) {
            fprintf(stderr, "braid %s: %s: %s\n", argv[0], braid_doc_name(docs.v[i]), err.message);
            status = 1;
        }
    if (!strcmp(o.format, "ndjson")) {
        for (size_t i = 0; i < docs.n; i++) ndjson_line(&b, docs.v[i], &res[i]);
    } else if (!categories) {
        buf_puts(&b, "{\"articles\":[");
        int first = 1;
        for (size_t i = 0; i < docs.n; i++) {
            if (!res[i].is_news) continue;
            if (!first) buf_putc(&b, ',');
            first = 0;
            json_cstr_or_null(&b, braid_doc_name(docs.v[i]));
        }
        buf_puts(&b, "]}\n");
    } else {
        buf_putc(&b, '[');
        for (int k = 0; k < BRAID_CAT_COUNT; k++) {
            buf_printf(&b, "%s{\"category\":\"%s\",\"articles\":[", k ? "," : "",
                       braid_category_name((braid_category)k));
            int first = 1;
            for (size_t i = 0; i < docs.n; i++) {
                if (!res[i].is_news || (int)res[i].category != k) continue;
                if (!first) buf_putc(&b, ',');
                first = 0;
                json_cstr_or_null(&b, braid_doc_name(docs.v[i]));
            }
            buf_puts(&b, "]}");
        }
        buf_puts(&b, "]\n");
    }
    if (b.oom) {
        fprintf(stderr, "braid %s: out of memory\n", argv[0]);
        status = 1;
    } else if (cli_write(b.data, b.len)) {
        status = 1;
    }
out:
    buf_free(&b);
    free(res);
    cli_docs_free(&docs);
    braid_engine_free(e);
    braid_classifier_free(cls);
    free(o.paths);
    return status;
}

int cmd_news(int argc, char **argv)
{
    return run_classify(argc, argv, news_usage, 0);
}

int cmd_categories(int argc, char **argv)
{
    return run_classify(argc, argv, categories_usage, 1);
}

/* ---- train -------------------------------------------------------------------- */

static const char train_usage[] =
    "usage: braid train --task news|category --out FILE [OPTIONS] DATA...\n\n"
    "Train a classifier model from labelled data and print training and\n"
    "validation figures.  DATA is any mix of:\n"
    "  FILE.tsv         toloka export (INPUT:url, INPUT:title, INPUT:text, GOLDEN:res)\n"
    "  FILE.jsonl       {\"title\",\"text\",\"url\",\"label\"[,\"lang\"]} per line\n"
    "  FILE.xml         WMT test set (social/e-commerce docs = not_news, news = news)\n"
    "  DIR              BBC News folders (business/, sport/, ...), or pages (HTML,\n"
    "                   JSON lines) labelled by their URL's section (/sport/ ...);\n"
    "                   English and Russian pages only\n"
    "Labels are the seven categories, not_news and news.  The news task learns\n"
    "not_news against everything else; the category task ignores not_news/news.\n\n"
    "options:\n"
    "  --task T         news or category (required)\n"
    "  --out FILE       where to write the model (required unless --dump)\n"
    "  --valid DATA     validation data (repeatable); never trained on\n"
    "  --cv K           K-fold cross-validation over the --valid data: print\n"
    "                   held-out figures, then train the model on DATA and all\n"
    "                   of the --valid data\n"
    "  --test DATA      test data (repeatable): never trained on, never used to\n"
    "                   choose anything; measured by the final model (\"test:\")\n"
    "  --repeat N       with --cv, --valid examples count N times (default 3)\n"
    "  --holdout F      also hold out this fraction of DATA (0..0.9, default 0)\n"
    "  --seed N         shuffling and hold-out seed (default 1)\n"
    "  --epochs N       passes over the data (default 8)\n"
    "  --bits N         2^N hashed feature buckets (default 18)\n"
    "  --lr X           initial learning rate (default 0.5)\n"
    "  --l2 X           L2 penalty (default 1e-6)\n"
    "  --balance X      class weights = inverse frequency ^ X (default 1)\n"
    "  --average F      average the weights over the last fraction F of the\n"
    "                   steps (0..1; default 0: the last weights)\n"
    "  --max-url N      at most N URL-labelled pages per class (default 3000)\n"
    "  --cut-news N     news task: cut one news page in N (not toloka's) to\n"
    "                   200..1,000 bytes, like the short not-news examples\n"
    "                   (default 0: none)\n"
    "  --tune-threshold with --cv: calibrate on the cross-validated predictions,\n"
    "                   measured honestly (each fold judged with what was chosen\n"
    "                   on the other folds) and kept only when that beats no\n"
    "                   calibration; folded into the model's bias.  News task:\n"
    "                   the P(news) threshold that maximises macro-F1 (so that\n"
    "                   news_min_score 0.5 applies it); category task: one\n"
    "                   offset per class added to its log-probability\n"
    "                   (coordinate ascent on macro-F1)\n"
"  --dump FILE      also write the loaded training examples as JSON lines\n"
    "                   (to check distant labels by eye)\n"
    "  --set KEY=VALUE  override a setting used to read pages\n";

#define MAX_DATA 64

struct train_args {
    const char *task, *out, *dump;
    const char *valid[MAX_DATA], *test[MAX_DATA];
    int nvalid, ntest;
    double holdout;
    long max_url;
    int cv, repeat, tune, cut_news, errors;
    braid_train_opts to;
};

static int train_extra(void *vctx, int argc, char **argv, int i)
{
    struct train_args *a = vctx;
    const char *opt = argv[i];
    if (!strcmp(opt, "--tune-threshold")) {
        a->tune = 1;
        return 1;
    }
    if (!strcmp(opt, "--errors")) {
        a->errors = 1;
        return 1;
    }
    static const char *const with_value[] = {"--task", "--out", "--valid", "--holdout",
                                             "--seed", "--epochs", "--bits", "--lr",
                                             "--l2", "--balance", "--max-url", "--dump", "--cv", "--test",
                                             "--repeat", "--cut-news", "--average"};
    int known = 0;
    for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
        known |= !strcmp(opt, with_value[k]);
    if (!known) return 0;
    if (i + 1 >= argc) {
        fprintf(stderr, "braid train: %s needs a value\n", opt);
        return -1;
    }
    const char *v = argv[i + 1];
    char *end = NULL;
    double x = strtod(v, &end);
    int num_ok = end != v && *end == '\0';
    if (!strcmp(opt, "--task")) a->task = v;
    else if (!strcmp(opt, "--out")) a->out = v;
    else if (!strcmp(opt, "--dump")) a->dump = v;
    else if (!strcmp(opt, "--valid")) {
        if (a->nvalid >= MAX_DATA) return -1;
        a->valid[a->nvalid++] = v;
    } else if (!strcmp(opt, "--test")) {
        if (a->ntest >= MAX_DATA) return -1;
        a->test[a->ntest++] = v;
    } else if (!num_ok) {
        fprintf(stderr, "braid train: %s wants a number, got '%s'\n", opt, v);
        return -1;
    } else if (!strcmp(opt, "--holdout")) a->holdout = x;
    else if (!strcmp(opt, "--seed")) a->to.seed = (uint64_t)x;
    else if (!strcmp(opt, "--epochs")) a->to.epochs = (int)x;
    else if (!strcmp(opt, "--bits")) a->to.dim_bits = (unsigned)x;
    else if (!strcmp(opt, "--lr")) a->to.lr = x;
    else if (!strcmp(opt, "--l2")) a->to.l2 = x;
    else if (!strcmp(opt, "--balance")) a->to.balance = x;
    else if (!strcmp(opt, "--max-url")) a->max_url = (long)x;
    else if (!strcmp(opt, "--cv")) a->cv = (int)x;
    else if (!strcmp(opt, "--repeat")) a->repeat = (int)x;
    else if (!strcmp(opt, "--cut-news")) a->cut_news = (int)x;
    else if (!strcmp(opt, "--average")) a->to.average = x;
    return 2;
}

struct page_ctx {
    braid_engine *e;
    braid_dataset *d;
    long per_label[BRAID_CAT_COUNT + 1];
    long max;
    size_t seen, labelled;
};

static int page_label_idx(const char *label)
{
    if (!strcmp(label, "not_news")) return BRAID_CAT_COUNT;
    return (int)braid_category_from_name(label, strlen(label));
}

static int take_page(void *vctx, braid_doc *doc, const braid_error *err)
{
    (void)err;
    struct page_ctx *c = vctx;
    if (!doc) return 0;
    c->seen++;
    const char *lang = braid_doc_lang(doc);
    const char *url = braid_doc_url(doc);
    buf pu = BUF_INIT, pt = BUF_INIT, px = BUF_INIT, raw = BUF_INIT;
    if (!url && doc->format == BRAID_FORMAT_HTML && doc->path) {
        /* the engine gave no URL (metadata not extracted): read og:url,
         * og:title and, when the engine found no text, <p> from the page */
        braid_file_read(doc->path, &raw); /* on failure raw stays empty */
        if (raw.len && braid_dataset_parse_page(raw.data, raw.len, &pu, &pt, &px) == 0 && pu.len) {
            url = pu.data;
            if (!doc->title || !doc->title[0]) braid_doc_setz(&doc->title, pt.data ? pt.data : "");
            if (!doc->text || !doc->text_len) {
                size_t xl = px.len;
                char *xt = buf_take(&px);
                braid_doc_take_text(doc, xt, xt ? xl : 0);
                if (doc->text) {
                    braid_lang_guess g;
                    braid_engine_detect_lang(c->e, doc->text, doc->text_len, &g);
                    snprintf(doc->lang, sizeof doc->lang, "%s", g.code);
                    lang = doc->lang;
                }
            }
        }
    }
    const char *label = url ? braid_classify_url_label(url, strlen(url)) : NULL;
    if (label && lang && (!strcmp(lang, "en") || !strcmp(lang, "ru")) && doc->text &&
        doc->text_len >= 200) {
        int li = page_label_idx(label);
        if (li >= 0 && li <= BRAID_CAT_COUNT && c->per_label[li] < c->max) {
            const char *title = doc->title ? doc->title : "";
            if (braid_dataset_add(c->d, title, strlen(title), doc->text, doc->text_len, url, lang,
                                  label, "url") == 0) {
                c->per_label[li]++;
                c->labelled++;
            }
        }
    }
    buf_free(&raw);
    buf_free(&pu);
    buf_free(&pt);
    buf_free(&px);
    braid_doc_free(doc);
    return 0;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int load_data(const char *path, braid_dataset *d, const braid_config *cfg, long max_url)
{
    braid_error err;
    if (!is_dir(path)) {
        if (braid_dataset_read_file(d, path, &err) != BRAID_OK) {
            fprintf(stderr, "braid train: %s\n", err.message);
            return -1;
        }
        return 0;
    }
    char probe[4096];
    snprintf(probe, sizeof probe, "%s/business", path);
    if (is_dir(probe)) {
        if (braid_dataset_read_bbc(d, path, &err) != BRAID_OK) {
            fprintf(stderr, "braid train: %s\n", err.message);
            return -1;
        }
        return 0;
    }
    braid_engine *e = braid_engine_new(cfg, &err);
    if (!e) {
        fprintf(stderr, "braid train: %s\n", err.message);
        return -1;
    }
    struct page_ctx c;
    memset(&c, 0, sizeof c);
    c.e = e;
    c.d = d;
    c.max = max_url;
    const char *paths[1] = {path};
    braid_engine_read_paths(e, paths, 1, BRAID_FORMAT_AUTO, take_page, &c, NULL, NULL);
    braid_engine_free(e);
    fprintf(stderr, "train: %s: %zu pages, %zu labelled by URL (", path, c.seen, c.labelled);
    for (int k = 0; k <= BRAID_CAT_COUNT; k++)
        fprintf(stderr, "%s%s=%ld", k ? " " : "",
                k < BRAID_CAT_COUNT ? braid_category_name((braid_category)k) : "not_news",
                c.per_label[k]);
    fprintf(stderr, ")\n");
    return 0;
}

/* Class index of an example's label for the task, or -1 to skip it. */
static int task_label(int news_task, const char *label)
{
    if (news_task) return !strcmp(label, "not_news") ? 0 : 1;
    braid_category c = braid_category_from_name(label, strlen(label));
    return c == BRAID_CAT_COUNT ? -1 : (int)c;
}

struct featurized {
    braid_train_example *ex;
    braid_feats *feats;
    const braid_example *src;
    size_t n;
};

static void featurized_free(struct featurized *f)
{
    for (size_t i = 0; i < f->n; i++) braid_feats_free(&f->feats[i]);
    free(f->feats);
    free(f->ex);
    free((void *)f->src);
    memset(f, 0, sizeof *f);
}

static int featurize(braid_featurizer *fz, unsigned bits, int news_task, int cut_news,
                     const braid_example *v, size_t n, struct featurized *out)
{
    memset(out, 0, sizeof *out);
    out->ex = calloc(n ? n : 1, sizeof *out->ex);
    out->feats = calloc(n ? n : 1, sizeof *out->feats);
    braid_example *src = calloc(n ? n : 1, sizeof *src);
    out->src = src;
    if (!out->ex || !out->feats || !src) return -1;
    for (size_t i = 0; i < n; i++) {
        int y = task_label(news_task, v[i].label);
        if (y < 0) continue;
        braid_feats *f = &out->feats[out->n];
        size_t tlen = strlen(v[i].text);
        if (news_task && y == 1 && cut_news && strcmp(v[i].source, "toloka") != 0) {
            /* one news page in cut_news is cut to 200..1,000 bytes, the
             * length of the (short) not-news examples, so that the model
             * cannot learn "short = not news" (docs/CLASSIFY.md) */
            uint64_t h = XXH64(v[i].title, strlen(v[i].title), 77) ^
                         XXH64(v[i].url, strlen(v[i].url), 78);
            size_t cut = 200 + (size_t)((h >> 8) % 800);
            if (h % (uint64_t)cut_news == 0 && tlen > cut) {
                tlen = cut;
                while (tlen > 0 && ((unsigned char)v[i].text[tlen] & 0xC0) == 0x80) tlen--;
            }
        }
        if (braid_features_extract(fz, bits, v[i].lang, v[i].title, strlen(v[i].title), v[i].text,
                                   tlen, f))
            return -1;
        out->ex[out->n].f = f->v;
        out->ex[out->n].n = f->n;
        out->ex[out->n].label = y;
        src[out->n] = v[i];
        out->n++;
    }
    return 0;
}

/* Add the predictions of `m` on the examples of `fs` (those whose fold is
 * `fold`, or all when fold < 0) to conf[0] (all), conf[1] (en), conf[2] (ru). */
static void accumulate(const braid_cls_model *m, const struct featurized *fs, const int *folds,
                       int fold, braid_confusion conf[3], int errors)
{
    double p[BRAID_CLS_MAX_CLASSES];
    for (size_t i = 0; i < fs->n; i++) {
        if (fold >= 0 && folds[i] != fold) continue;
        int y = braid_cls_model_predict(m, fs->ex[i].f, fs->ex[i].n, p);
        if (errors && y != fs->ex[i].label)
            fprintf(stderr, "error: %s gold=%s pred=%s(%.2f) %s | %.80s\n", fs->src[i].lang,
                    m->names[fs->ex[i].label], m->names[y], p[y], fs->src[i].url,
                    fs->src[i].title);
        braid_confusion_add(&conf[0], fs->ex[i].label, y);
        if (!strcmp(fs->src[i].lang, "en")) braid_confusion_add(&conf[1], fs->ex[i].label, y);
        if (!strcmp(fs->src[i].lang, "ru")) braid_confusion_add(&conf[2], fs->ex[i].label, y);
    }
}

/* Every figure of a validation report, overall and per language: the
 * per-class precision/recall/F1 block, then one summary line per language.
 * For the news task the summary names both classes' F1 and their binary
 * macro-F1 ("news vs not-news F1" in docs/CLASSIFY.md); for the category
 * task accuracy and macro-F1 over the seven categories. */
static void print_conf(const char *what, const char names[][BRAID_CLS_NAME_MAX],
                       braid_confusion conf[3])
{
    static const char *const lname[3] = {"all", "en", "ru"};
    char prefix[64];
    for (int l = 0; l < 3; l++) {
        if (!braid_confusion_total(&conf[l])) continue;
        if (l) snprintf(prefix, sizeof prefix, "%s[%s]: ", what, lname[l]);
        else snprintf(prefix, sizeof prefix, "%s: ", what);
        braid_confusion_print(&conf[l], names, prefix, stdout);
    }
    for (int l = 0; l < 3; l++) {
        if (!braid_confusion_total(&conf[l])) continue;
        printf("%s-summary[%s]: ", what, lname[l]);
        if (conf[l].k == 2) {
            double p, r, f0, f1;
            braid_confusion_prf(&conf[l], 0, &p, &r, &f0);
            braid_confusion_prf(&conf[l], 1, &p, &r, &f1);
            printf("%s_F1=%.4f %s_F1=%.4f binary_macro_F1=%.4f accuracy=%.4f n=%zu\n", names[1],
                   f1, names[0], f0, braid_confusion_macro_f1(&conf[l]),
                   braid_confusion_accuracy(&conf[l]), braid_confusion_total(&conf[l]));
        } else {
            printf("accuracy=%.4f macro_F1=%.4f n=%zu\n", braid_confusion_accuracy(&conf[l]),
                   braid_confusion_macro_f1(&conf[l]), braid_confusion_total(&conf[l]));
        }
    }
}

static void report(const char *what, const braid_cls_model *m, const struct featurized *fs)
{
    braid_confusion conf[3];
    for (int l = 0; l < 3; l++) braid_confusion_init(&conf[l], m->nclasses);
    accumulate(m, fs, NULL, -1, conf, 0);
    print_conf(what, m->names, conf);
}

/* Examples for one training run: all of `tr`, plus `repeat` copies of the
 * validation examples outside fold `skip` (skip < 0: none excluded). */
static braid_train_example *join_examples(const struct featurized *tr,
                                          const struct featurized *va, const int *folds,
                                          int skip, int repeat, size_t *n)
{
    braid_train_example *v = malloc((tr->n + va->n * (size_t)repeat + 1) * sizeof *v);
    if (!v) return NULL;
    memcpy(v, tr->ex, tr->n * sizeof *v);
    size_t k = tr->n;
    for (int r = 0; r < repeat; r++)
        for (size_t i = 0; i < va->n; i++)
            if (folds[i] != skip) v[k++] = va->ex[i];
    *n = k;
    return v;
}

static int dump_examples(const char *path, const braid_dataset *d)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "braid train: %s: cannot create\n", path);
        return -1;
    }
    buf b = BUF_INIT;
    for (size_t i = 0; i < d->n; i++) {
        const braid_example *e = &d->v[i];
        int first = 1;
        buf_clear(&b);
        buf_putc(&b, '{');
        json_key(&b, "label", &first);
        json_cstr_or_null(&b, e->label);
        json_key(&b, "lang", &first);
        json_cstr_or_null(&b, e->lang);
        json_key(&b, "source", &first);
        json_cstr_or_null(&b, e->source);
        json_key(&b, "url", &first);
        json_cstr_or_null(&b, e->url);
        json_key(&b, "title", &first);
        json_cstr_or_null(&b, e->title);
        json_key(&b, "text", &first);
        json_cstr_or_null(&b, e->text);
        buf_puts(&b, "}\n");
        fwrite(b.data, 1, b.len, f);
    }
    buf_free(&b);
    return fclose(f) == 0 ? 0 : -1;
}

/* Macro-F1 of the news decision "P(news) >= t" over the examples whose
 * fold is not `skip` and whose language matches `lang` (NULL: all). */
static double threshold_f1(const struct featurized *va, const double *pn, const int *folds,
                           int skip, const char *lang, double t, braid_confusion *out)
{
    braid_confusion c;
    braid_confusion_init(&c, 2);
    for (size_t i = 0; i < va->n; i++) {
        if (folds[i] == skip || (lang && strcmp(va->src[i].lang, lang) != 0)) continue;
        braid_confusion_add(&c, va->ex[i].label, pn[i] >= t ? 1 : 0);
    }
    if (out) *out = c;
    return braid_confusion_macro_f1(&c);
}

/* The threshold in [0.05, 0.95] (steps of 0.01) with the best macro-F1 on
 * the examples outside fold `skip`; ties go to the one nearest 0.5. */
static double best_threshold(const struct featurized *va, const double *pn, const int *folds,
                             int skip, const char *lang)
{
    double best_t = 0.5, best = -1;
    for (int s = 5; s <= 95; s++) {
        double t = s / 100.0;
        double f = threshold_f1(va, pn, folds, skip, lang, t, NULL);
        if (f > best + 1e-12 || (f > best - 1e-12 && fabs(t - 0.5) < fabs(best_t - 0.5))) {
            best = f;
            best_t = t;
        }
    }
    return best_t;
}

/* Print the threshold figures of the cross-validated P(news) `pn`: nested
 * (each fold judged with the threshold chosen on the others), per language
 * too.  Returns the threshold chosen on all folds when its nested figure
 * beats the fixed 0.5, else 0.5 (a threshold fitted to noise is not kept). */
static double report_thresholds(const struct featurized *va, const double *pn, const int *folds,
                                int nfolds, const char names[][BRAID_CLS_NAME_MAX])
{
    static const char *const langs[3] = {NULL, "en", "ru"};
    double nested_all = 0;
    for (int l = 0; l < 3; l++) {
        braid_confusion nested;
        braid_confusion_init(&nested, 2);
        for (int f = 0; f < nfolds; f++) {
            double t = best_threshold(va, pn, folds, f, langs[l]);
            for (size_t i = 0; i < va->n; i++)
                if (folds[i] == f && (!langs[l] || !strcmp(va->src[i].lang, langs[l])))
                    braid_confusion_add(&nested, va->ex[i].label, pn[i] >= t ? 1 : 0);
        }
        if (!braid_confusion_total(&nested)) continue;
        double t_all = best_threshold(va, pn, folds, -1, langs[l]);
        double pr, rc, f_not, f_news;
        braid_confusion_prf(&nested, 0, &pr, &rc, &f_not);
        braid_confusion_prf(&nested, 1, &pr, &rc, &f_news);
        if (l == 0) nested_all = braid_confusion_macro_f1(&nested);
        printf("cv-threshold[%s]: chosen=%.2f nested: %s F1=%.3f %s F1=%.3f accuracy=%.4f "
               "n=%zu\n",
               langs[l] ? langs[l] : "all", t_all, names[0], f_not, names[1], f_news,
               braid_confusion_accuracy(&nested), braid_confusion_total(&nested));
    }
    double fixed = threshold_f1(va, pn, folds, -1, NULL, 0.5, NULL);
    printf("cv-threshold: nested macro_f1=%.4f, fixed 0.5 macro_f1=%.4f: %s\n", nested_all, fixed,
           nested_all > fixed ? "the chosen threshold is kept" : "0.5 is kept");
    return nested_all > fixed ? best_threshold(va, pn, folds, -1, NULL) : 0.5;
}

/* ---- category calibration: one additive offset per class ---------------
 *
 * The category model under-predicts its small classes (science, other):
 * high precision, low recall.  With --tune-threshold the cross-validated
 * log-probabilities `lp` (K per example) get one offset per class, chosen
 * by coordinate ascent (offsets -3..3 in steps of 0.1, three rounds) to
 * maximise macro-F1 on the examples outside fold `skip`.  An offset added
 * to a class's log-probability is exactly a change of its bias, so the
 * shipped model carries it.  Measured honestly like the news threshold:
 * each fold is judged with the offsets chosen on the other folds. */
static int offset_argmax(const double *lp, const double *b, int K)
{
    int best = 0;
    for (int k = 1; k < K; k++)
        if (lp[k] + b[k] > lp[best] + b[best]) best = k;
    return best;
}

static double offsets_f1(const struct featurized *va, const double *lp, const int *folds,
                         int skip, int K, const double *b)
{
    braid_confusion c;
    braid_confusion_init(&c, K);
    for (size_t i = 0; i < va->n; i++)
        if (folds[i] != skip)
            braid_confusion_add(&c, va->ex[i].label, offset_argmax(lp + i * (size_t)K, b, K));
    return braid_confusion_macro_f1(&c);
}

static void best_offsets(const struct featurized *va, const double *lp, const int *folds,
                         int skip, int K, double *b)
{
    for (int k = 0; k < K; k++) b[k] = 0;
    double best = offsets_f1(va, lp, folds, skip, K, b);
    for (int round = 0; round < 3; round++)
        for (int k = 0; k < K; k++) {
            double keep = b[k];
            for (int s = -30; s <= 30; s++) {
                b[k] = s / 10.0;
                double f = offsets_f1(va, lp, folds, skip, K, b);
                if (f > best + 1e-12 || (f > best - 1e-12 && fabs(b[k]) < fabs(keep))) {
                    best = f;
                    keep = b[k];
                }
            }
            b[k] = keep;
        }
}

/* Print the nested figures of the offsets; fill `b` with the offsets
 * chosen on all folds when their nested macro-F1 beats no offsets by at
 * least OFFSETS_MIN_GAIN (seven offsets fitted to a few hundred examples:
 * a smaller gain is one example's luck), else zeros. */
#define OFFSETS_MIN_GAIN 0.01
static void report_offsets(const struct featurized *va, const double *lp, const int *folds,
                           int nfolds, int K, const char names[][BRAID_CLS_NAME_MAX], double *b)
{
    braid_confusion conf[3], plain;
    for (int l = 0; l < 3; l++) braid_confusion_init(&conf[l], K);
    braid_confusion_init(&plain, K);
    double zero[BRAID_CLS_MAX_CLASSES] = {0};
    for (int f = 0; f < nfolds; f++) {
        best_offsets(va, lp, folds, f, K, b);
        for (size_t i = 0; i < va->n; i++) {
            if (folds[i] != f) continue;
            int y = offset_argmax(lp + i * (size_t)K, b, K);
            braid_confusion_add(&conf[0], va->ex[i].label, y);
            if (!strcmp(va->src[i].lang, "en")) braid_confusion_add(&conf[1], va->ex[i].label, y);
            if (!strcmp(va->src[i].lang, "ru")) braid_confusion_add(&conf[2], va->ex[i].label, y);
            braid_confusion_add(&plain, va->ex[i].label, offset_argmax(lp + i * (size_t)K, zero, K));
        }
    }
    print_conf("cv-offsets", names, conf);
    double nested = braid_confusion_macro_f1(&conf[0]), fixed = braid_confusion_macro_f1(&plain);
    best_offsets(va, lp, folds, -1, K, b);
    printf("cv-offsets: chosen");
    for (int k = 0; k < K; k++) printf(" %s=%+.1f", names[k], b[k]);
    int keep = nested >= fixed + OFFSETS_MIN_GAIN;
    printf("\ncv-offsets: nested macro_f1=%.4f, no offsets macro_f1=%.4f: %s\n", nested, fixed,
           keep ? "the offsets are kept" : "no offsets are kept");
    if (!keep)
        for (int k = 0; k < K; k++) b[k] = 0;
}

int cmd_train(int argc, char **argv)
{
    struct train_args a;
    memset(&a, 0, sizeof a);
    a.max_url = 3000;
    a.repeat = 3;
    braid_train_opts_init(&a.to);
    cli_opts o;
    int rc = cli_parse(argc, argv, train_usage, &o, train_extra, &a);
    if (rc >= 0) {
        free(o.paths);
        return rc;
    }
    int news_task = a.task && !strcmp(a.task, "news");
    if (!a.task || (!news_task && strcmp(a.task, "category") != 0) || (!a.out && !a.dump) ||
        o.npaths == 0 ||
        a.holdout < 0 || a.holdout > 0.9 || a.cv < 0 || a.cv > 50 || a.repeat < 1 ||
        a.cut_news < 0 || !(a.to.average >= 0 && a.to.average <= 1) ||
        a.repeat > 100) {
        fputs(train_usage, stderr);
        free(o.paths);
        return 2;
    }
    int status = 1;
    braid_dataset data = {0}, valid = {0}, test = {0};
    struct featurized tr = {0}, va = {0}, te = {0};
    braid_cls_model m = {0};
    braid_featurizer *fz = NULL;
    for (int i = 0; i < o.npaths; i++)
        if (load_data(o.paths[i], &data, &o.cfg, a.max_url)) goto out;
    for (int i = 0; i < a.nvalid; i++)
        if (load_data(a.valid[i], &valid, &o.cfg, a.max_url)) goto out;
    for (int i = 0; i < a.ntest; i++)
        if (load_data(a.test[i], &test, &o.cfg, a.max_url)) goto out;

    /* deterministic hold-out by a hash of the example's URL and title */
    if (a.holdout > 0) {
        size_t w = 0;
        for (size_t i = 0; i < data.n; i++) {
            braid_example *e = &data.v[i];
            uint64_t h = XXH64(e->url, strlen(e->url), a.to.seed) ^
                         XXH64(e->title, strlen(e->title), a.to.seed + 1);
            if ((double)(h >> 11) / 9007199254740992.0 < a.holdout) {
                if (braid_dataset_add(&valid, e->title, strlen(e->title), e->text, strlen(e->text),
                                      e->url, e->lang, e->label, e->source))
                    goto out;
                free(e->title);
                free(e->text);
                free(e->url);
            } else {
                data.v[w++] = *e;
            }
        }
        data.n = w;
    }

    /* a page that is also a --valid example (the contest day holds a few
     * toloka articles) is not trained on: the figures stay held out */
    if (valid.n || test.n) {
        size_t w = 0, dropped = 0;
        for (size_t i = 0; i < data.n; i++) {
            braid_example *e = &data.v[i];
            int dup = 0;
            for (size_t j = 0; j < valid.n && !dup && e->url[0]; j++)
                dup = !strcmp(e->url, valid.v[j].url);
            for (size_t j = 0; j < test.n && !dup && e->url[0]; j++)
                dup = !strcmp(e->url, test.v[j].url);
            if (dup) {
                free(e->title);
                free(e->text);
                free(e->url);
                dropped++;
            } else {
                data.v[w++] = *e;
            }
        }
        data.n = w;
        if (dropped)
            printf("train: %zu training pages are --valid/--test examples: not trained on\n",
                   dropped);
    }

    if (a.dump) {
        if (dump_examples(a.dump, &data)) goto out;
        printf("train: wrote %zu examples to %s\n", data.n, a.dump);
        if (!a.out) { /* --dump without --out: only collect the data */
            status = 0;
            goto out;
        }
    }

    char names[BRAID_CLS_MAX_CLASSES][BRAID_CLS_NAME_MAX];
    int K = news_task ? 2 : BRAID_CAT_COUNT;
    if (news_task) {
        snprintf(names[0], sizeof names[0], "not_news");
        snprintf(names[1], sizeof names[1], "news");
    } else {
        for (int k = 0; k < K; k++)
            snprintf(names[k], sizeof names[k], "%s", braid_category_name((braid_category)k));
    }
    fz = braid_features_new();
    if (!fz || featurize(fz, a.to.dim_bits, news_task, a.cut_news, data.v, data.n, &tr) ||
        featurize(fz, a.to.dim_bits, news_task, 0, valid.v, valid.n, &va) ||
        featurize(fz, a.to.dim_bits, news_task, 0, test.v, test.n, &te)) {
        fprintf(stderr, "braid train: out of memory\n");
        goto out;
    }
    size_t count[BRAID_CLS_MAX_CLASSES] = {0};
    for (size_t i = 0; i < tr.n; i++) count[tr.ex[i].label]++;
    printf("train: task=%s examples=%zu valid=%zu bits=%u epochs=%d seed=%llu\n", a.task, tr.n,
           va.n, a.to.dim_bits, a.to.epochs, (unsigned long long)a.to.seed);
    printf("train: classes");
    for (int k = 0; k < K; k++) printf(" %s=%zu", names[k], count[k]);
    printf("\n");
    fflush(stdout);

    braid_error err;
    int *folds = calloc(va.n + 1, sizeof *folds);
    double *pn = NULL, *lp = NULL, tuned = 0.5, offsets[BRAID_CLS_MAX_CLASSES] = {0};
    if (!folds) goto out;
    if (a.cv > 1) {
        /* K-fold cross-validation over the --valid examples: each is
         * predicted by a model trained on DATA and the other folds */
        for (size_t i = 0; i < va.n; i++) {
            const braid_example *e = &va.src[i];
            uint64_t h = XXH64(e->url, strlen(e->url), a.to.seed) ^
                         XXH64(e->title, strlen(e->title), a.to.seed + 7);
            folds[i] = (int)(h % (uint64_t)a.cv);
        }
        braid_confusion conf[3];
        for (int l = 0; l < 3; l++) braid_confusion_init(&conf[l], K);
        if (news_task && a.tune) pn = calloc(va.n + 1, sizeof *pn);
        if (!news_task && a.tune) lp = calloc(va.n * (size_t)K + 1, sizeof *lp);
        for (int f = 0; f < a.cv; f++) {
            size_t n;
            braid_train_example *ex = join_examples(&tr, &va, folds, f, a.repeat, &n);
            braid_cls_model fm;
            if (!ex || braid_cls_train(a.task, K, (const char(*)[BRAID_CLS_NAME_MAX])names, ex, n,
                                       &a.to, NULL, &fm, &err) != BRAID_OK) {
                fprintf(stderr, "braid train: %s\n", ex ? err.message : "out of memory");
                free(ex);
                free(folds);
                free(pn);
                free(lp);
                goto out;
            }
            accumulate(&fm, &va, folds, f, conf, a.errors);
            if (pn || lp)
                for (size_t i = 0; i < va.n; i++) {
                    double p[BRAID_CLS_MAX_CLASSES];
                    if (folds[i] != f) continue;
                    braid_cls_model_predict(&fm, va.ex[i].f, va.ex[i].n, p);
                    if (pn) pn[i] = p[1];
                    if (lp)
                        for (int k = 0; k < K; k++)
                            lp[i * (size_t)K + (size_t)k] = log(p[k] > 1e-300 ? p[k] : 1e-300);
                }
            braid_cls_model_free(&fm);
            free(ex);
        }
        print_conf("cv", (const char(*)[BRAID_CLS_NAME_MAX])names, conf);
        if (pn) tuned = report_thresholds(&va, pn, folds, a.cv,
                                          (const char(*)[BRAID_CLS_NAME_MAX])names);
        if (lp) report_offsets(&va, lp, folds, a.cv, K, (const char(*)[BRAID_CLS_NAME_MAX])names,
                               offsets);
        free(lp);
        lp = NULL;
        for (size_t i = 0; i < va.n; i++) folds[i] = -2; /* final model: all of them */
    }
    size_t n = tr.n;
    braid_train_example *ex = a.cv > 1 ? join_examples(&tr, &va, folds, -1, a.repeat, &n) : tr.ex;
    if (!ex || braid_cls_train(a.task, K, (const char(*)[BRAID_CLS_NAME_MAX])names, ex, n, &a.to,
                               stderr, &m, &err) != BRAID_OK) {
        fprintf(stderr, "braid train: %s\n", ex ? err.message : "out of memory");
        if (ex != tr.ex) free(ex);
        free(folds);
        free(pn);
        goto out;
    }
    if (ex != tr.ex) free(ex);
    free(folds);
    free(pn);
    if (news_task && a.tune && a.cv > 1 && tuned != 0.5) {
        /* P(news) >= t  <=>  z_news - z_not >= logit(t): shift the bias */
        m.bias[1] -= (float)log(tuned / (1.0 - tuned));
        printf("train: news threshold %.2f folded into the bias (news_min_score 0.5 applies it)\n",
               tuned);
    }
    if (!news_task && a.tune && a.cv > 1) {
        int any = 0;
        for (int k = 0; k < K; k++) {
            m.bias[k] += (float)offsets[k];
            any |= offsets[k] != 0;
        }
        if (any) printf("train: class offsets folded into the bias\n");
    }
    report("training", &m, &tr);
    if (va.n && a.cv <= 1) report("validation", &m, &va);
    if (te.n) report("test", &m, &te);
    if (va.n && a.cv > 1)
        printf("train: the model also learnt from the --valid data (cv figures above are its "
               "held-out measure)\n");
    if (braid_cls_model_save(&m, a.out, &err) != BRAID_OK) {
        fprintf(stderr, "braid train: %s\n", err.message);
        goto out;
    }
    printf("train: wrote %s\n", a.out);
    status = 0;
out:
    braid_cls_model_free(&m);
    braid_features_free(fz);
    featurized_free(&tr);
    featurized_free(&va);
    featurized_free(&te);
    braid_dataset_free(&data);
    braid_dataset_free(&valid);
    braid_dataset_free(&test);
    free(o.paths);
    return status;
}
