/*
 * dicts.c — hunspell dictionaries, loaded lazily per language, as word
 * evidence for short text (see dicts.h for why).
 *
 * libhunspell does the real work (stems × affix rules: it knows that
 * "corações" is a Portuguese form without listing it).  What is written
 * here: which installed dictionary files stand for which braid language
 * code (Debian's file names, e.g. nb_NO for "no", both sr_RS and
 * sr_Latn_RS for "sr"), and converting words to the few dictionaries that
 * are not in UTF-8 (iconv, from the encoding the .aff file declares).
 * All state lives in the handle.
 */
#include "lang/dicts.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hunspell/hunspell.h>

#define MAX_FILES 2
#define MAX_WORD 128

/* braid code → Debian hunspell file bases (all found are used).  Not
 * listed: eu (Basque: 9 s to load) and mn (0.8 s); every other
 * dictionary loads in 0.01-0.5 s. */
static const struct {
    const char *code;
    const char *files[MAX_FILES]; /* alternatives: the first found is used */
} dict_files[] = {
    {"en", {"en_US", "en_GB"}}, {"ru", {"ru_RU"}}, {"uk", {"uk_UA"}},
    {"be", {"be_BY"}}, {"bg", {"bg_BG"}}, {"de", {"de_DE"}},
    {"fr", {"fr_FR", "fr"}}, {"es", {"es_ES"}}, {"it", {"it_IT"}},
    {"pt", {"pt_PT", "pt_BR"}}, {"pl", {"pl_PL"}}, {"nl", {"nl_NL", "nl"}},
    {"sv", {"sv_SE"}}, {"da", {"da_DK"}}, {"no", {"nb_NO"}},
    {"nn", {"nn_NO"}}, {"cs", {"cs_CZ"}}, {"sk", {"sk_SK"}},
    {"sl", {"sl_SI"}}, {"hr", {"hr_HR"}}, {"sr", {"sr_RS", "sr_Latn_RS"}},
    {"bs", {"bs_BA"}}, {"kk", {"kk_KZ"}}, {"tr", {"tr_TR"}},
    {"hu", {"hu_HU"}}, {"ro", {"ro_RO"}}, {"lt", {"lt_LT"}},
    {"lv", {"lv_LV"}}, {"et", {"et_EE"}}, {"is", {"is_IS"}},
    {"ca", {"ca_ES", "ca"}}, {"gl", {"gl_ES"}},
    {"id", {"id_ID"}}, {"vi", {"vi_VN"}}, {"af", {"af_ZA"}},
    {"sw", {"sw_TZ", "sw_KE"}}, {"uz", {"uz_UZ"}},
    {"oc", {"oc_FR"}}, {"eo", {"eo"}},
};
#define NLANG (sizeof dict_files / sizeof dict_files[0])

typedef struct one_dict {
    Hunhandle *h;
    iconv_t cv; /* (iconv_t)-1: the dictionary is UTF-8 */
} one_dict;

typedef struct lang_dicts {
    int state; /* 0 not tried, 1 loaded, -1 none */
    int n;
    one_dict d[MAX_FILES];
} lang_dicts;

struct braid_dicts {
    char dir[512];
    int loaded;
    lang_dicts lang[NLANG];
};

braid_dicts *braid_dicts_new(const char *dir)
{
    braid_dicts *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    snprintf(d->dir, sizeof d->dir, "%s", dir && *dir ? dir : "/usr/share/hunspell");
    return d;
}

void braid_dicts_free(braid_dicts *d)
{
    if (!d) return;
    for (size_t i = 0; i < NLANG; i++)
        for (int k = 0; k < d->lang[i].n; k++) {
            Hunspell_destroy(d->lang[i].d[k].h);
            if (d->lang[i].d[k].cv != (iconv_t)-1) iconv_close(d->lang[i].d[k].cv);
        }
    free(d);
}

static int lang_index(const char *code)
{
    for (size_t i = 0; i < NLANG; i++)
        if (!strcmp(dict_files[i].code, code)) return (int)i;
    return -1;
}

static void load(braid_dicts *d, int li)
{
    lang_dicts *L = &d->lang[li];
    L->state = -1;
    for (int k = 0; k < MAX_FILES && dict_files[li].files[k]; k++) {
        char aff[700], dic[700];
        snprintf(aff, sizeof aff, "%s/%s.aff", d->dir, dict_files[li].files[k]);
        snprintf(dic, sizeof dic, "%s/%s.dic", d->dir, dict_files[li].files[k]);
        if (access(aff, R_OK) != 0 || access(dic, R_OK) != 0) continue;
        Hunhandle *h = Hunspell_create(aff, dic);
        if (!h) continue;
        const char *enc = Hunspell_get_dic_encoding(h);
        iconv_t cv = (iconv_t)-1;
        if (enc && strcmp(enc, "UTF-8") && strcmp(enc, "utf-8")) {
            cv = iconv_open(enc, "UTF-8");
            if (cv == (iconv_t)-1) { /* cannot feed it: unusable */
                Hunspell_destroy(h);
                continue;
            }
        }
        L->d[L->n].h = h;
        L->d[L->n].cv = cv;
        L->n++;
        /* both variants of these, the first of the others */
        if (strcmp(dict_files[li].code, "pt") && strcmp(dict_files[li].code, "sr")) break;
    }
    if (L->n) {
        L->state = 1;
        d->loaded++;
    }
}

int braid_dicts_has(braid_dicts *d, const char *code)
{
    if (!d || !code) return 0;
    int li = lang_index(code);
    if (li < 0) return 0;
    if (d->lang[li].state == 0) load(d, li);
    return d->lang[li].state == 1;
}

/* One dictionary: 1 accepted, 0 not (also when the word cannot be
 * written in the dictionary's 8-bit encoding: not a word of it). */
static int spell_one(one_dict *od, const char *w, size_t n)
{
    char buf[MAX_WORD * 4 + 1];
    if (od->cv == (iconv_t)-1) {
        memcpy(buf, w, n);
        buf[n] = '\0';
    } else {
        char *in = (char *)w, *out = buf;
        size_t il = n, ol = sizeof buf - 1;
        iconv(od->cv, NULL, NULL, NULL, NULL);
        if (iconv(od->cv, &in, &il, &out, &ol) == (size_t)-1) return 0;
        *out = '\0';
    }
    return Hunspell_spell(od->h, buf) != 0;
}

int braid_dicts_spell(braid_dicts *d, const char *code, const char *w, size_t n)
{
    if (!braid_dicts_has(d, code)) return -1;
    if (!w || n == 0 || n > MAX_WORD || memchr(w, '\0', n)) return 0;
    lang_dicts *L = &d->lang[lang_index(code)];
    for (int k = 0; k < L->n; k++)
        if (spell_one(&L->d[k], w, n)) return 1;
    return 0;
}

int braid_dicts_loaded(const braid_dicts *d)
{
    return d ? d->loaded : 0;
}
