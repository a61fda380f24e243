/*
 * codes.c — ISO 639-3 → ISO 639-1 conversion.
 *
 * braid reports ISO 639-1 where a language has one and ISO 639-3
 * otherwise; test data (and some callers) use 639-3, often the code of
 * one member of a macrolanguage (arb for Arabic, cmn for Mandarin, pes
 * for Iranian Persian).  No Debian library exposes this mapping as a C
 * call (iso-codes ships JSON), and it is small and fixed, so it is a
 * static table: the 639-1/639-3 pairs from the ISO 639 code tables, plus
 * individual languages mapped to the macrolanguage code detectors return.
 */
#include "lang/codes.h"

#include <string.h>

static const char *const pairs[][2] = {
    /* ISO 639-3 (individual or macrolanguage) with a 639-1 code */
    {"aar", "aa"}, {"abk", "ab"}, {"afr", "af"}, {"aka", "ak"}, {"amh", "am"},
    {"ara", "ar"}, {"arg", "an"}, {"asm", "as"}, {"ava", "av"}, {"ave", "ae"},
    {"aym", "ay"}, {"aze", "az"}, {"bak", "ba"}, {"bam", "bm"}, {"bel", "be"},
    {"ben", "bn"}, {"bis", "bi"}, {"bod", "bo"}, {"bos", "bs"}, {"bre", "br"},
    {"bul", "bg"}, {"cat", "ca"}, {"ces", "cs"}, {"cha", "ch"}, {"che", "ce"},
    {"chu", "cu"}, {"chv", "cv"}, {"cor", "kw"}, {"cos", "co"}, {"cre", "cr"},
    {"cym", "cy"}, {"dan", "da"}, {"deu", "de"}, {"div", "dv"}, {"dzo", "dz"},
    {"ell", "el"}, {"eng", "en"}, {"epo", "eo"}, {"est", "et"}, {"eus", "eu"},
    {"ewe", "ee"}, {"fao", "fo"}, {"fas", "fa"}, {"fij", "fj"}, {"fin", "fi"},
    {"fra", "fr"}, {"fry", "fy"}, {"ful", "ff"}, {"gla", "gd"}, {"gle", "ga"},
    {"glg", "gl"}, {"glv", "gv"}, {"grn", "gn"}, {"guj", "gu"}, {"hat", "ht"},
    {"hau", "ha"}, {"hbs", "sh"}, {"heb", "he"}, {"her", "hz"}, {"hin", "hi"},
    {"hmo", "ho"}, {"hrv", "hr"}, {"hun", "hu"}, {"hye", "hy"}, {"ibo", "ig"},
    {"ido", "io"}, {"iii", "ii"}, {"iku", "iu"}, {"ile", "ie"}, {"ina", "ia"},
    {"ind", "id"}, {"ipk", "ik"}, {"isl", "is"}, {"ita", "it"}, {"jav", "jv"},
    {"jpn", "ja"}, {"kal", "kl"}, {"kan", "kn"}, {"kas", "ks"}, {"kat", "ka"},
    {"kau", "kr"}, {"kaz", "kk"}, {"khm", "km"}, {"kik", "ki"}, {"kin", "rw"},
    {"kir", "ky"}, {"kom", "kv"}, {"kon", "kg"}, {"kor", "ko"}, {"kua", "kj"},
    {"kur", "ku"}, {"lao", "lo"}, {"lat", "la"}, {"lav", "lv"}, {"lim", "li"},
    {"lin", "ln"}, {"lit", "lt"}, {"ltz", "lb"}, {"lub", "lu"}, {"lug", "lg"},
    {"mah", "mh"}, {"mal", "ml"}, {"mar", "mr"}, {"mkd", "mk"}, {"mlg", "mg"},
    {"mlt", "mt"}, {"mon", "mn"}, {"mri", "mi"}, {"msa", "ms"}, {"mya", "my"},
    {"nau", "na"}, {"nav", "nv"}, {"nbl", "nr"}, {"nde", "nd"}, {"ndo", "ng"},
    {"nep", "ne"}, {"nld", "nl"}, {"nno", "nn"}, {"nob", "no"}, {"nor", "no"},
    {"nya", "ny"}, {"oci", "oc"}, {"oji", "oj"}, {"ori", "or"}, {"orm", "om"},
    {"oss", "os"}, {"pan", "pa"}, {"pli", "pi"}, {"pol", "pl"}, {"por", "pt"},
    {"pus", "ps"}, {"que", "qu"}, {"roh", "rm"}, {"ron", "ro"}, {"run", "rn"},
    {"rus", "ru"}, {"sag", "sg"}, {"san", "sa"}, {"sin", "si"}, {"slk", "sk"},
    {"slv", "sl"}, {"sme", "se"}, {"smo", "sm"}, {"sna", "sn"}, {"snd", "sd"},
    {"som", "so"}, {"sot", "st"}, {"spa", "es"}, {"sqi", "sq"}, {"srd", "sc"},
    {"srp", "sr"}, {"ssw", "ss"}, {"sun", "su"}, {"swa", "sw"}, {"swe", "sv"},
    {"tah", "ty"}, {"tam", "ta"}, {"tat", "tt"}, {"tel", "te"}, {"tgk", "tg"},
    {"tgl", "tl"}, {"tha", "th"}, {"tir", "ti"}, {"ton", "to"}, {"tsn", "tn"},
    {"tso", "ts"}, {"tuk", "tk"}, {"tur", "tr"}, {"twi", "tw"}, {"uig", "ug"},
    {"ukr", "uk"}, {"urd", "ur"}, {"uzb", "uz"}, {"ven", "ve"}, {"vie", "vi"},
    {"vol", "vo"}, {"wln", "wa"}, {"wol", "wo"}, {"xho", "xh"}, {"yid", "yi"},
    {"yor", "yo"}, {"zha", "za"}, {"zho", "zh"}, {"zul", "zu"},
    /* individual languages → their macrolanguage's 639-1 code */
    {"arb", "ar"}, {"cmn", "zh"}, {"pes", "fa"}, {"prs", "fa"}, {"zlm", "ms"},
    {"zsm", "ms"}, {"ekk", "et"}, {"lvs", "lv"}, {"khk", "mn"}, {"uzn", "uz"},
    {"azj", "az"}, {"swh", "sw"}, {"npi", "ne"}, {"ory", "or"}, {"plt", "mg"},
    {"gaz", "om"}, {"ydd", "yi"}, {"pbu", "ps"}, {"quy", "qu"}, {"quz", "qu"},
    {"qug", "qu"}, {"ayr", "ay"}, {"knc", "kr"}, {"fuf", "ff"}, {"fuv", "ff"},
    {"als", "sq"}, {"ckb", "ckb"}, {"kmr", "ku"}, {"zyb", "za"}, {"lug", "lg"},
};

const char *braid_lang_iso1(const char *code)
{
    if (!code) return "und";
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (!strcmp(pairs[i][0], code)) return pairs[i][1];
    return code;
}
