#!/usr/bin/env python3
"""lang-corpus.py — training text for braid's word model
(models/lang-words.bin, docs/LANG.md), from two kinds of Debian packages
that are only needed while training (never at run time):

  * libreoffice-l10n-XX: LibreOffice's user-interface translations
    (gettext catalogues under usr/lib/libreoffice/program/resource/XX/),
    real running text in ~90 languages, so words come with their
    frequency ("the", "and", "de", "и" weigh as often as they occur);
  * unicode-cldr-core: the Unicode CLDR's locale data (names of
    languages, countries, months, days, units, time zones) and emoji
    annotations (everyday words: face, heart, cat, rain ...), a few
    thousand words in ~150 languages, the only text Debian has in some
    (Somali, Shona, Ganda, Hausa, Igbo ...); installed with apt-get when
    missing (a data package, 30 MB);
  * tesseract-ocr-XXX: Tesseract's LSTM word lists (lstm-word-dawg inside
    the .traineddata, unpacked with combine_tessdata and dawg2wordlist
    from the tesseract-ocr package), ~100 languages' vocabulary crawled
    from the web, without frequencies.

    scripts/lang-corpus.py OUTDIR   writes OUTDIR/text/CODE.txt (one
                                    translated string a line) and
                                    OUTDIR/words/CODE.txt (one word a line)

The .deb files are fetched with `apt-get download` into OUTDIR/debs and
unpacked with `dpkg-deb -x` into OUTDIR/root: nothing is installed except
tesseract-ocr itself for its two tools (`apt-get install tesseract-ocr`
when they are missing).  A package that cannot be had is skipped with a
message: that language then has less (or no) training data.  The
development set (scripts/lang-devset.py) reads other catalogues, the
ones under /usr/share/locale, and the evaluation set (../shared/data/lid)
is never read.  Deterministic for the same package versions."""
import gettext, glob, html, os, re, subprocess, sys

# braid code -> (LibreOffice locale names, Tesseract language names).
# Only languages that share a script with others: a language with a
# script of its own (Greek, Thai, Georgian ...) is named by the script.
LANGS = {
    "af": (["af"], ["afr"]), "am": (["am"], ["amh"]), "ar": (["ar"], ["ara"]),
    "as": (["as"], ["asm"]), "ast": (["ast"], []), "az": ([], ["aze", "aze_cyrl"]),
    "be": (["be"], ["bel"]), "bg": (["bg"], ["bul"]), "bn": (["bn"], ["ben"]),
    "bo": ([], ["bod"]), "br": (["br"], ["bre"]), "bs": (["bs"], ["bos"]),
    "ca": (["ca"], ["cat"]), "ceb": ([], ["ceb"]), "co": ([], ["cos"]),
    "cs": (["cs"], ["ces"]), "cy": (["cy"], ["cym"]), "da": (["da"], ["dan"]),
    "de": (["de"], ["deu"]), "dz": (["dz"], ["dzo"]), "en": (["en-gb"], ["eng"]),  # see main
    "eo": (["eo"], ["epo"]), "es": (["es"], ["spa"]), "et": (["et"], ["est"]),
    "eu": (["eu"], ["eus"]), "fa": (["fa"], ["fas"]), "fi": (["fi"], ["fin"]),
    "fo": ([], ["fao"]), "fr": (["fr"], ["fra"]), "fy": ([], ["fry"]),
    "ga": (["ga"], ["gle"]), "gd": (["gd"], ["gla"]), "gl": (["gl"], ["glg"]),
    "he": (["he"], ["heb"]), "hi": (["hi"], ["hin"]), "hr": (["hr"], ["hrv"]),
    "ht": ([], ["hat"]), "hu": (["hu"], ["hun"]), "id": (["id"], ["ind"]),
    "is": (["is"], ["isl"]), "it": (["it"], ["ita"]), "ja": (["ja"], ["jpn"]),
    "jv": ([], ["jav"]), "kk": (["kk"], ["kaz"]), "ku": (["kmr"], ["kmr"]),
    "ky": ([], ["kir"]), "la": ([], ["lat"]), "lb": ([], ["ltz"]),
    "lt": (["lt"], ["lit"]), "lv": (["lv"], ["lav"]), "mi": ([], ["mri"]),
    "mk": (["mk"], ["mkd"]), "mn": (["mn"], ["mon"]), "mr": (["mr"], ["mar"]),
    "ms": ([], ["msa"]), "mt": ([], ["mlt"]), "ne": (["ne"], ["nep"]),
    "nl": (["nl"], ["nld"]), "nn": (["nn"], []), "no": (["nb"], ["nor"]),
    "nr": (["nr"], []), "nso": (["nso"], []), "oc": (["oc"], ["oci"]),
    "om": (["om"], []), "pl": (["pl"], ["pol"]), "ps": ([], ["pus"]),
    "pt": (["pt", "pt-br"], ["por"]), "qu": ([], ["que"]), "ro": (["ro"], ["ron"]),
    "ru": (["ru"], ["rus"]), "rw": (["rw"], []), "sa": ([], ["san"]),
    "sd": ([], ["snd"]), "sk": (["sk"], ["slk"]), "sl": (["sl"], ["slv"]),
    "sq": ([], ["sqi"]), "sr": (["sr"], ["srp", "srp_latn"]),
    "ss": (["ss"], []), "st": (["st"], []), "su": ([], ["sun"]),
    "sv": (["sv"], ["swe"]), "sw": ([], ["swa"]), "tg": (["tg"], ["tgk"]),
    "ti": ([], ["tir"]), "tl": ([], ["fil"]), "tn": (["tn"], []),
    "tr": (["tr"], ["tur"]), "ts": (["ts"], []), "tt": ([], ["tat"]),
    "ug": (["ug"], ["uig"]), "uk": (["uk"], ["ukr"]), "ur": ([], ["urd"]),
    "uz": (["uz"], ["uzb", "uzb_cyrl"]), "ve": (["ve"], []), "vi": (["vi"], ["vie"]),
    "xh": (["xh"], []), "yi": ([], ["yid"]), "yo": ([], ["yor"]),
    "zh": (["zh-cn", "zh-tw"], ["chi_sim", "chi_tra"]), "zu": (["zu"], []),
    "ha": ([], []), "ig": ([], []), "mg": ([], []), "so": ([], []), "sn": ([], []),
    "lg": ([], []), "wo": ([], []), "tk": ([], []),
}

# CLDR locale names where they differ from braid's code (main/ and
# annotations/ files; several when the language has several scripts)
CLDR = {"no": ["nb"], "tl": ["fil"], "zh": ["zh", "zh_Hant"], "sr": ["sr", "sr_Latn"],
        "uz": ["uz", "uz_Cyrl"], "az": ["az", "az_Cyrl"], "bs": ["bs", "bs_Cyrl"]}
CLDR_DIR = "/usr/share/unicode/cldr/common"
# elements of main/*.xml that hold words of the language (not patterns,
# codes or city names)
CLDR_TAGS = re.compile(r"<(language|territory|script|variant|key|type|month|day|quarter|dayPeriod|"
                       r"displayName|unitPattern|relativeTimePattern|relative|characterLabel|"
                       r"standard|daylight|generic|styleName)\b[^>]*>([^<]+)</\1>")

# LibreOffice's resource folder names where they differ from the package
# suffix (the sr package holds both scripts)
RES = {"en-gb": ["en_GB"], "pt-br": ["pt_BR"], "zh-cn": ["zh_CN"], "zh-tw": ["zh_TW"],
       "kmr": ["kmr@latin"], "sr": ["sr", "sr@latin"]}

# placeholders and markup in UI strings: $(ARG1), %1, %s, {0}, <b>, &amp; ...
NOISE = re.compile(r"\$\([A-Za-z0-9_]+\)|%[0-9A-Za-z_]+%?|\{[^}]*\}|<[^>]*>|&[a-z]+;|\\n|~")


def fetch(pkg, debs, root):
    """Download and unpack one .deb; False when it cannot be had."""
    have = glob.glob(os.path.join(debs, pkg + "_*.deb"))
    if not have:
        r = subprocess.run(["apt-get", "download", pkg], cwd=debs,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        have = glob.glob(os.path.join(debs, pkg + "_*.deb"))
        if r.returncode != 0 or not have:
            print("lang-corpus: %s: not available, skipped" % pkg, file=sys.stderr)
            return False
    subprocess.run(["dpkg-deb", "-x", sorted(have)[-1], root], check=True)
    return True


def lo_text(root, loc, source=False):
    """Translated strings of one LibreOffice locale, in a stable order
    (source=True: the English originals instead)."""
    out = []
    for mo in sorted(glob.glob(os.path.join(
            root, "usr/lib/libreoffice/program/resource", loc, "LC_MESSAGES", "*.mo"))):
        try:
            cat = gettext.GNUTranslations(open(mo, "rb"))._catalog
        except Exception:
            continue
        for k in sorted(cat, key=lambda x: str(x)):
            v, src = cat[k], k[0] if isinstance(k, tuple) else k
            if not isinstance(v, str) or not isinstance(src, str):
                continue
            src = src.split("\x04")[-1]  # "context\x04message"
            clean = lambda t: NOISE.sub(" ", t).replace("\n", " ").strip()
            # the header, and strings left in English
            if not v or not src or (not source and clean(v).lower() == clean(src).lower()):
                continue
            v = clean(src if source else v)
            if v:
                out.append(v)
    return out


def tess_words(root, name, tmp):
    """Tesseract's LSTM word list for one language (may be empty)."""
    td = glob.glob(os.path.join(root, "usr/share/tesseract-ocr/*/tessdata", name + ".traineddata"))
    if not td:
        return []
    pre = os.path.join(tmp, name + ".")
    subprocess.run(["combine_tessdata", "-u", td[0], pre],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dawg, uni, out = pre + "lstm-word-dawg", pre + "lstm-unicharset", pre + "words"
    if not (os.path.exists(dawg) and os.path.exists(uni)):
        return []
    subprocess.run(["dawg2wordlist", uni, dawg, out],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not os.path.exists(out):
        return []
    with open(out, encoding="utf-8", errors="replace") as f:
        words = sorted(set(w.strip().lower() for w in f if w.strip()))
    for p in glob.glob(pre + "*"):
        os.remove(p)
    return words


def cldr_text(code):
    """CLDR's words for one language: locale data and emoji annotations."""
    out = []
    for loc in CLDR.get(code, [code]):
        for sub in ("main", "annotations"):
            try:
                with open(os.path.join(CLDR_DIR, sub, loc + ".xml"), encoding="utf-8") as f:
                    xml = f.read()
            except OSError:
                continue
            if sub == "main":
                out += [m.group(2) for m in CLDR_TAGS.finditer(xml)]
            else:
                for m in re.finditer(r"<annotation\b[^>]*>([^<]+)</annotation>", xml):
                    out += [w.strip() for w in m.group(1).split("|")]
    out = [html.unescape(NOISE.sub(" ", t)).strip() for t in out]
    return [t for t in out if t]


def english_vocabulary(text):
    """Words of English: the en_US hunspell stems and the words of
    LibreOffice's English originals."""
    vocab = set()
    try:
        with open("/usr/share/hunspell/en_US.dic", encoding="utf-8", errors="replace") as f:
            for line in f:
                vocab.add(line.split("/")[0].strip().lower())
    except OSError:
        pass
    for line in text:
        for w in re.findall(r"[^\W\d_]+", line):
            vocab.add(w.lower())
    return vocab


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    out = os.path.abspath(sys.argv[1])
    debs, root, tmp = (os.path.join(out, d) for d in ("debs", "root", "tmp"))
    for d in (debs, root, tmp, os.path.join(out, "text"), os.path.join(out, "words")):
        os.makedirs(d, exist_ok=True)
    tools = all(subprocess.run(["sh", "-c", "command -v " + t], stdout=subprocess.DEVNULL).returncode == 0
                for t in ("combine_tessdata", "dawg2wordlist"))
    if not tools:
        print("lang-corpus: installing tesseract-ocr (combine_tessdata, dawg2wordlist)", file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "tesseract-ocr"],
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), check=True)
    english = None
    # English first: the other languages' word lists are filtered by it
    if not os.path.isdir(os.path.join(CLDR_DIR, "main")):
        print("lang-corpus: installing unicode-cldr-core", file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "unicode-cldr-core"],
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), check=True)
    for code in ["en"] + sorted(c for c in LANGS if c != "en"):
        los, tess = LANGS[code]
        text = []
        for loc in los:
            if fetch("libreoffice-l10n-" + loc, debs, root):
                # en-gb translates little: English text is the originals
                for res in RES.get(loc, [loc]):
                    text += lo_text(root, res, source=code == "en")
        text += cldr_text(code)
        words = []
        for name in tess:
            if fetch("tesseract-ocr-" + name.replace("_", "-"), debs, root):
                words += tess_words(root, name, tmp)
        # Tesseract's lists were crawled from the web, and the smaller
        # languages' lists hold much English ("whereas" in Maori, "human"
        # in Tagalog): English words leave every other language's list.
        if code == "en":
            english = english_vocabulary(text)
        elif english:
            words = [w for w in words if w not in english]
        if text:
            with open(os.path.join(out, "text", code + ".txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(text) + "\n")
        if words:
            with open(os.path.join(out, "words", code + ".txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(words) + "\n")
        print("lang-corpus: %s %d strings, %d words" % (code, len(text), len(words)), file=sys.stderr)


main()
