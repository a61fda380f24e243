#!/usr/bin/env python3
"""text_drops.py — what does the plain-text cleaner drop from real texts?

Runs build/text/text_dump (see bench/text_dump.c) over the article texts
in ../shared/data/toloka/*.tsv (columns INPUT:text, INPUT:first_text,
INPUT:second_text) and, optionally, over contest HTML pages flattened to
one paragraph per line (--html DIR, <p> elements only), then prints every
dropped piece with its document so a person can judge it, and a summary:
documents, characters in/out, documents with any drop.

Usage: bench/text_drops.py [--dump build/text/text_dump] [--html DIR] [--max N]
Skips with a message when the data folder is absent.
"""
import argparse, csv, glob, html, os, re, subprocess, sys

def load_toloka(root):
    csv.field_size_limit(1 << 30)
    texts = []
    for f in sorted(glob.glob(os.path.join(root, "*.tsv"))):
        with open(f, encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                for k in ("INPUT:text", "INPUT:first_text", "INPUT:second_text"):
                    v = row.get(k)
                    if v:
                        texts.append((os.path.basename(f), v.strip('"').replace('""', '"')))
    return texts

def load_html(d, maxn):
    out = []
    for f in sorted(glob.glob(os.path.join(d, "*.html")))[:maxn]:
        s = open(f, encoding="utf-8", errors="replace").read()
        m = re.search(r"<h1>(.*?)</h1>", s, re.S)
        paras = [m.group(1)] if m else []
        paras += re.findall(r"<p>(.*?)</p>", s, re.S)
        paras = [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", p))).strip() for p in paras]
        out.append((os.path.basename(f), "\n".join(p for p in paras if p)))
    return out

def norm(s):
    return re.sub(r"\s+", " ", s).strip()

def pieces(text):
    """Sentences of each line (the unit we report)."""
    for line in text.split("\n"):
        for s in re.split(r"(?<=[.!?…])\s+", line):
            s = s.strip()
            if s:
                yield s

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", default="build/text/text_dump")
    ap.add_argument("--data", default="../shared/data/toloka")
    ap.add_argument("--html")
    ap.add_argument("--max", type=int, default=2000)
    a = ap.parse_args()
    docs = []
    if os.path.isdir(a.data):
        docs += load_toloka(a.data)
    if a.html:
        docs += load_html(a.html, a.max)
    if not docs:
        print("text_drops: no data (%s absent); skipped" % a.data)
        return 0
    inp = b"\0".join(t.encode("utf-8") for _, t in docs) + b"\0"
    res = subprocess.run([a.dump], input=inp, stdout=subprocess.PIPE, check=True).stdout
    outs = res.decode("utf-8", "replace").split("\0")
    cin = cout = hit = 0
    for (name, t), o in zip(docs, outs):
        title = o.split("\n", 1)[0][len("TITLE: "):]
        body = norm(o.split("\n", 1)[1] if "\n" in o else "")
        whole = norm(title) + " " + body
        cin += len(norm(t))
        cout += len(whole)
        dropped = [p for p in pieces(t) if norm(p) not in whole]
        if dropped:
            hit += 1
            print("== %s" % name)
            for p in dropped:
                print("   - %s" % p[:200])
    print("docs=%d chars_in=%d chars_out=%d kept=%.4f docs_with_drops=%d"
          % (len(docs), cin, cout, cout / max(cin, 1), hit))
    return 0

if __name__ == "__main__":
    sys.exit(main())
