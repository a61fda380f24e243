#!/usr/bin/env python3
"""lang-devset.py — a development set for braid's short-text language
identification, from the translated message catalogues Debian installs
(/usr/share/locale/*/LC_MESSAGES/*.mo): real running text in ~80
languages that is NOT the evaluation set (/work/shared/data/lid, franc's
and whatlang's samples).  Used to choose how lang.c weighs the word model
(docs/LANG.md).

    scripts/lang-devset.py OUTDIR     writes OUTDIR/words.tsv, OUTDIR/pairs.tsv
                                      ("code<TAB>text" lines)

Words are cut as `braid eval lang` cuts them (white space, trimmed of
non-letters, >= 3 letters, no digit); tokens that also occur in the
English original (msgid) are dropped (untranslated names, commands); at
most 300 words and 300 pairs per language, spread evenly over the
catalogue's tokens.  English, which has no catalogue, is cut the same way
from the licence texts under /usr/share/common-licenses.  The word
model's training text (scripts/lang-corpus.py) is LibreOffice's
catalogues, not these.  Deterministic."""
import glob, gettext, os, sys, unicodedata

LOC = {"pt_BR": "pt", "nb": "no", "sr@latin": "sr", "zh_CN": None, "zh_TW": None}
SKIP_CHARS = set("%_&$\\{}<>=/@#|~^*[]")

def letters(t):
    return sum(1 for c in t if unicodedata.category(c)[0] in "LM")

def trim(t):
    i, j = 0, len(t)
    while i < j and unicodedata.category(t[i])[0] not in "LM": i += 1
    while j > i and unicodedata.category(t[j - 1])[0] not in "LM": j -= 1
    return t[i:j]

def collect(line, toks, prs):
    """The kept tokens of one line (None for a dropped one) and its pairs
    of consecutive kept tokens."""
    for i, t in enumerate(line):
        if t:
            toks.append(t)
            if i + 1 < len(line) and line[i + 1]:
                prs.append(t + " " + line[i + 1])


def spread(code, toks, prs, words, pairs):
    """300 words and 300 pairs spread evenly (none when fewer)."""
    for lst, f in ((toks, words), (prs, pairs)):
        if len(lst) < 300:
            continue
        step = len(lst) / 300.0
        for i in range(300):
            f.write("%s\t%s\n" % (code, lst[int(i * step)]))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    words, pairs = open(out + "/words.tsv", "w"), open(out + "/pairs.tsv", "w")
    for d in sorted(os.listdir("/usr/share/locale")):
        code = LOC.get(d, d if d.isalpha() and d.islower() and len(d) in (2, 3) else None)
        if code is None or code == "en":
            continue
        toks, prs = [], []
        for mo in sorted(glob.glob("/usr/share/locale/%s/LC_MESSAGES/*.mo" % d)):
            try:
                cat = gettext.GNUTranslations(open(mo, "rb"))._catalog
            except Exception:
                continue
            for k in sorted(cat, key=lambda x: str(x)):
                v, src = cat[k], k[0] if isinstance(k, tuple) else k
                if not isinstance(v, str) or not v or not isinstance(src, str) or not src:
                    continue
                eng = set(trim(t).lower() for t in src.split())
                line = []
                for t in v.split():
                    if any(c in SKIP_CHARS for c in t):
                        line.append(None)
                        continue
                    t = trim(t)
                    if letters(t) < 3 or any(c.isdigit() for c in t) or t.lower() in eng:
                        line.append(None)
                        continue
                    line.append(t)
                collect(line, toks, prs)
        spread(code, toks, prs, words, pairs)
    # English has no translated catalogue: its words come from the licence
    # texts Debian installs (legal prose, as far from the UI strings the
    # word model is trained on as the other languages' catalogues are)
    toks, prs = [], []
    for lic in sorted(glob.glob("/usr/share/common-licenses/*")):
        if os.path.isdir(lic):
            continue
        for raw in open(lic, encoding="utf-8", errors="replace"):
            line = []
            for t in raw.split():
                t = trim(t)
                ok = letters(t) >= 3 and not any(c.isdigit() for c in t) and not any(c in SKIP_CHARS for c in t)
                line.append(t if ok else None)
            collect(line, toks, prs)
    spread("en", toks, prs, words, pairs)
    words.close()
    pairs.close()

main()
