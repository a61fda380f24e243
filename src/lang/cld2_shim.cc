/*
 * cld2_shim.cc — extern "C" wrapper around CLD2 (Compact Language
 * Detector 2), the detector Chrome used: compiled-in quadgram tables,
 * very fast, very reliable on paragraphs, weak on a few words.
 *
 * CLD2 speaks its own codes for a few languages ("iw", "jw", "zh-Hant");
 * they are mapped to ISO 639-1 here so the rest of braid sees one code
 * space.  The caller guarantees valid UTF-8 (CLD2 requires it).
 */
#include "lang/backends.h"

#include <climits>
#include <cstdio>
#include <cstring>

#include <cld2/public/compact_lang_det.h>

static void put_code(char out[8], CLD2::Language l)
{
    out[0] = '\0';
    if (l == CLD2::UNKNOWN_LANGUAGE || l == CLD2::TG_UNKNOWN_LANGUAGE) return;
    const char *c = CLD2::LanguageCode(l);
    if (!c || !strcmp(c, "un") || !strcmp(c, "xxx")) return;
    static const char *const fix[][2] = {
        {"iw", "he"}, {"jw", "jv"}, {"zh-Hant", "zh"}, {"in", "id"},
        {"mo", "ro"}, {"sr-ME", "sr"}, {"tl", "tl"}, {"zzb", ""}, {"zzp", ""},
        {"zze", ""}, {"zzh", ""}};
    for (const auto &f : fix)
        if (!strcmp(c, f[0])) { c = f[1]; break; }
    snprintf(out, 8, "%s", c);
}

extern "C" void braid_cld2_detect(const char *text, size_t len, braid_cld2_result *out)
{
    memset(out, 0, sizeof *out);
    if (len > (size_t)INT_MAX) len = (size_t)INT_MAX;
    CLD2::Language l3[3];
    int pct[3];
    int bytes = 0;
    bool reliable = false;
    CLD2::ExtDetectLanguageSummary(text, (int)len, true, l3, pct, &bytes, &reliable);
    for (int i = 0; i < 3; i++) {
        put_code(out->code[i], l3[i]);
        out->percent[i] = pct[i];
    }
    out->reliable = reliable;
    out->text_bytes = bytes;
}

/* Languages CLD2 identifies well that lid.176 does not know, checked on
 * franc's paragraphs with `braid eval lang` (docs/LANG.md). */
extern "C" int braid_cld2_knows(const char *code)
{
    static const char *const known[] = {"zu", "xh", "sn", "st", "rw", "ny", "lg",
                                        "ha", "ig", "so", "haw", "hmn", "ti", "tn"};
    for (const char *k : known)
        if (!strcmp(k, code)) return 1;
    return 0;
}

/* Debian ships CLD2's tables twice: libcld2 (the ~80 common languages)
 * and libcld2_full (~160, adding e.g. Hausa, Zulu, Xhosa, Shona), which
 * replaces the former's tables when linked first.  Which one is active
 * is only visible by asking: a Hausa sentence (written for this probe)
 * is recognised only with the full tables. */
extern "C" int braid_cld2_has_extended(void)
{
    static const char probe[] =
        "Ina son in tafi kasuwa gobe da safe tare da abokaina domin mu sayi abinci.";
    braid_cld2_result r;
    braid_cld2_detect(probe, sizeof probe - 1, &r);
    return !strcmp(r.code[0], "ha");
}
