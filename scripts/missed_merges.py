#!/usr/bin/env python3
"""missed_merges.py - same-headline pairs that braid's threads keep apart.

Reads the articles' titles and publication times (the output of `braid
extract`, text optional) and one or two `braid threads --format ndjson`
outputs, and counts, for each output, the pairs of articles in one
language, published within the thread window, whose headlines are the
same after normalisation (case fold, letters and digits only) or nearly
the same (token-set Jaccard >= --jaccard, default 0.8, the same numbers,
at least --min-tokens tokens each) and that sit in different threads:
missed merges.  Headlines of one site repeated for a regular item ("Курс
валют на ...") are counted apart (same-site pairs) because a site's
template is not one event.  Also prints the largest threads (size and
title), and with two outputs the pair agreement of the two partitions
and what each of the first output's largest threads became in the
second.  It measures candidate selection (docs/THREADS.md section 3):
an article that never meets the thread of its own headline cannot join
it.  The contest day is development data, not an evaluation set.

usage:
  build/braid extract --quiet DAY | scripts/missed_merges.py --meta - A.ndjson [B.ndjson]
  scripts/missed_merges.py --meta meta.jsonl A.ndjson [B.ndjson] [--list N] [--top N]
"""
import argparse
import collections
import datetime
import json
import re
import sys
import unicodedata

WORD = re.compile(r"\w+", re.UNICODE)


def tokens(title):
    t = unicodedata.normalize("NFKC", title).casefold().replace("ё", "е")
    return WORD.findall(t)


def parse_time(s):
    if not s:
        return None
    try:
        return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def load_meta(path):
    f = sys.stdin if path == "-" else open(path, encoding="utf-8")
    meta = {}
    for line in f:
        o = json.loads(line)
        name = (o.get("file") or "").rsplit("/", 1)[-1]
        meta[name] = (o.get("title") or "", parse_time(o.get("published")), o.get("lang") or "",
                      o.get("site") or "")
    return meta


def load_threads(path):
    where, threads = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            k = len(threads)
            threads.append((o["size"], o.get("title") or "", o["articles"]))
            for a in o["articles"]:
                where[a.rsplit("/", 1)[-1]] = k
    return where, threads


def headline_pairs(meta, names, args):
    """(a, b, kind) for the pairs of same or near-same headlines."""
    toks = {}
    for n in names:
        title, _, _, _ = meta[n]
        t = tokens(title)
        if len(t) >= args.min_tokens:
            toks[n] = t
    # prefix filtering (exact for Jaccard >= j): order tokens rarest first;
    # two sets with Jaccard >= j share one of the first |x| - ceil(j|x|) + 1
    df = collections.Counter()
    for t in toks.values():
        df.update(set(t))
    index = collections.defaultdict(list)
    sets, nums = {}, {}
    for n, t in toks.items():
        s = sorted(set(t), key=lambda w: (df[w], w))
        sets[n] = set(s)
        nums[n] = {w for w in s if any(c.isdigit() for c in w)}
        p = len(s) - int(args.jaccard * len(s) + 0.999999) + 1
        for w in s[:max(p, 1)]:
            index[w].append(n)
    seen = set()
    window = args.window_hours * 3600
    for lst in index.values():
        for i in range(len(lst)):
            a = lst[i]
            ma = meta[a]
            for b in lst[i + 1:]:
                key = (a, b) if a < b else (b, a)
                if key in seen:
                    continue
                mb = meta[b]
                if ma[2] != mb[2]:
                    continue
                if ma[1] is not None and mb[1] is not None and abs(ma[1] - mb[1]) > window:
                    continue
                sa, sb = sets[a], sets[b]
                if toks[a] == toks[b]:
                    kind = "same"
                else:
                    j = len(sa & sb) / len(sa | sb)
                    if j < args.jaccard or nums[a] != nums[b]:
                        continue
                    kind = "near"
                seen.add(key)
                yield key[0], key[1], kind


def pair_counts(threads):
    """co-threaded article pairs of a partition"""
    return sum(s * (s - 1) // 2 for s, _, _ in threads)


def agreement(wa, ta, wb, tb):
    both = collections.Counter()
    for a, k in wa.items():
        if a in wb:
            both[(k, wb[a])] += 1
    common = sum(c * (c - 1) // 2 for c in both.values())
    pa = pair_counts(ta)
    pb = pair_counts(tb)
    return common, pa, pb


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--meta", required=True, help="braid extract output (JSON lines), - = stdin")
    ap.add_argument("ndjson", nargs="+", help="braid threads --format ndjson output(s)")
    ap.add_argument("--jaccard", type=float, default=0.8)
    ap.add_argument("--min-tokens", type=int, default=4)
    ap.add_argument("--window-hours", type=float, default=72)
    ap.add_argument("--list", type=int, default=0, help="print N missed pairs (of the last output)")
    ap.add_argument("--top", type=int, default=10, help="largest threads to print")
    args = ap.parse_args()
    meta = load_meta(args.meta)
    outs = [load_threads(p) for p in args.ndjson]
    names = [n for n in outs[0][0] if n in meta]
    pairs = list(headline_pairs(meta, names, args))
    for path, (where, threads) in zip(args.ndjson, outs):
        c = collections.Counter()
        missed = []
        for a, b, kind in pairs:
            site = "site" if meta[a][3] and meta[a][3] == meta[b][3] else "cross"
            c[(kind, site, "all")] += 1
            if where.get(a) != where.get(b):
                c[(kind, site, "missed")] += 1
                missed.append((a, b, kind, site))
        # groups: connected components of the headline pairs across sites
        parent = {}

        def find(x):
            while parent.get(x, x) != x:
                parent[x] = parent.get(parent[x], parent[x])
                x = parent[x]
            return x

        for a, b, kind in pairs:
            if meta[a][3] and meta[a][3] == meta[b][3]:
                continue
            parent.setdefault(a, a)
            parent.setdefault(b, b)
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[ra] = rb
        groups = collections.defaultdict(set)
        for n in parent:
            groups[find(n)].add(n)
        split = sum(1 for g in groups.values() if len({where.get(x) for x in g}) > 1)
        pieces = sum(len({where.get(x) for x in g}) - 1 for g in groups.values())
        print(f"== {path}: {len(threads)} threads, "
              f"{sum(1 for t in threads if t[0] == 1)} singletons, "
              f"{sum(1 for t in threads if t[0] >= 10)} of ten or more")
        for kind in ("same", "near"):
            for site in ("cross", "site"):
                print(f"  {kind} headline, {site:5s} sites: {c[(kind, site, 'all')]:6d} pairs, "
                      f"{c[(kind, site, 'missed')]:5d} in different threads")
        tot = sum(v for k, v in c.items() if k[1] == "cross" and k[2] == "all")
        mis = sum(v for k, v in c.items() if k[1] == "cross" and k[2] == "missed")
        print(f"  headline groups across sites: {len(groups)}, split: {split}, "
              f"extra pieces: {pieces}")
        print(f"missed: cross-site pairs={mis} of {tot} ({mis / max(tot, 1):.4f}) "
              f"groups_split={split} pieces={pieces}")
        order = sorted(range(len(threads)), key=lambda k: -threads[k][0])
        for k in order[:args.top]:
            print(f"  {threads[k][0]:5d}  {threads[k][1][:100]}")
        if args.list and path == args.ndjson[-1]:
            for a, b, kind, site in missed[:args.list]:
                if site != "cross":
                    continue
                print(f"  [{kind}] {where.get(a)}:{threads[where[a]][0]} {meta[a][0][:90]}")
                print(f"         {where.get(b)}:{threads[where[b]][0]} {meta[b][0][:90]}")
    if len(outs) == 2:
        (wa, ta), (wb, tb) = outs
        common, pa, pb = agreement(wa, ta, wb, tb)
        print(f"pair agreement: {common} co-threaded pairs in both; "
              f"of A's {pa}: {common / max(pa, 1):.4f}, of B's {pb}: {common / max(pb, 1):.4f}")
        order = sorted(range(len(ta)), key=lambda k: -ta[k][0])
        print("A's largest threads in B (B's threads holding most of them):")
        for k in order[:args.top]:
            dest = collections.Counter(wb.get(a.rsplit("/", 1)[-1]) for a in ta[k][2])
            parts = ", ".join(f"{tb[t][0]}:{n}" for t, n in dest.most_common(3) if t is not None)
            print(f"  {ta[k][0]:5d} -> [{parts}]  {ta[k][1][:70]}")


if __name__ == "__main__":
    main()
