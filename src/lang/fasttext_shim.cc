/*
 * fasttext_shim.cc — extern "C" wrapper around a fastText supervised
 * model (lid.176.ftz, language identification), loaded with Debian's
 * libfasttext; the forward pass is computed here.
 *
 * fastText is C++ only; this file is the one place braid touches it.
 *
 * Why our own forward pass (written by hand because libfasttext has no
 * fast single-line API): FastText::predictLine() reads an std::istream,
 * builds a std::string per character n-gram, looks each pruned n-gram up
 * in a std::unordered_map, dequantises every product-quantised row again
 * for every word, and walks the hierarchical-softmax tree with a heap.
 * On `braid lang` that was ~15 µs a title.  Here, at load time, the model
 * is read by libfasttext, and then
 *   - every input row and output row is dequantised once into a dense
 *     float matrix (Matrix::addRowToVector, the library's own decoding;
 *     lid.176.ftz: ~1 MB of codes → a few MB of floats);
 *   - the pruned n-gram index (Dictionary::pruneidx_, protected, read
 *     through a pointer-to-member formed in a derived class — legal C++,
 *     no object of that class is made) becomes a bitmap with ranks, and
 *     the dense n-gram rows are stored in rank order (build_prune);
 *   - the dictionary's words get a flat table keyed by the token hash
 *     line() computes anyway (build_words);
 *   - the hierarchical-softmax tree is rebuilt from the label counts
 *     exactly as HierarchicalSoftmaxLoss::buildTree() does.
 * Per line, tokens are cut exactly as Dictionary::getLine() does (white
 * space, "<word>" n-grams of minn..maxn UTF-8 characters, FNV-1a hashes,
 * EOS), and each token's summed rows are memoised per handle (a token's
 * contribution does not depend on its neighbours when wordNgrams is 1;
 * news repeats its words), so a seen word costs one hash probe and 16
 * additions.  The hidden vector is the mean of the rows; then every
 * label's probability is computed (all 175 tree nodes: cheaper than the
 * library's pruned, heap-based walk and exact rather than top-k).
 * Sigmoid and log are exact where the library uses lookup tables, so
 * probabilities can differ from predictLine() in the 3rd decimal; the
 * eval figures are the same or better (docs/LANG.md).
 * Exceptions (a missing or corrupt model) become an error string.
 */
#include "lang/backends.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <fasttext/fasttext.h>
#include <sys/mman.h>

namespace {
/* Labels reported per line, at most, and their probability floor: as
 * with the library's predict(12, 0.002) used before (docs/LANG.md). */
const int FT_TOPK = 12;
const float FT_MIN_PROB = 0.002f;
/* N-gram lookups batched per prefetch round. */
const size_t NG_MAX = 64;
/* Memoised tokens per handle (direct-mapped; 2^18 slots of 80 bytes
 * for dim 16 = 20 MB).  The 40k contest descriptions hold 280k distinct
 * tokens: with 2^16 slots most repeated words had been evicted before
 * they came back and paid for their n-grams again (a memo miss is one
 * or two cache lines, a recomputation ~25 n-gram lookups). */
const size_t TC_SLOTS = 1 << 18;
/* Floats before the sum in a memo slot (key, count, pad). */
const size_t TS_HEAD = 4;
/* Dense copies larger than this many floats are not made (a model far
 * bigger than lid.176 would need gigabytes): rows are then decoded by
 * the library on each use. */
const int64_t MAX_DENSE = (int64_t)1 << 26;

/* Reads the protected members we need (see the file comment). */
struct DictPeek : fasttext::Dictionary {
    static const std::unordered_map<int32_t, int32_t> &pruneidx(const fasttext::Dictionary &d)
    {
        return d.*(&DictPeek::pruneidx_);
    }
    static int64_t pruneidx_size(const fasttext::Dictionary &d)
    {
        return d.*(&DictPeek::pruneidx_size_);
    }
};
struct FtPeek : fasttext::FastText {
    static std::shared_ptr<fasttext::Matrix> input(const fasttext::FastText &f)
    {
        return f.*(&FtPeek::input_);
    }
    static std::shared_ptr<fasttext::Matrix> output(const fasttext::FastText &f)
    {
        return f.*(&FtPeek::output_);
    }
};

inline bool ft_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == 0;
}

inline void add16(float *__restrict acc, const float *__restrict p);

/* Zeroed floats in an anonymous mapping that the kernel may back with
 * huge pages (madvise: this machine's THP mode).  The token memo is
 * 20 MB and the dense input rows 3.2 MB, both read at random: with
 * 4 KB pages nearly every probe was also a TLB miss (perf: the memo
 * prefetch was 60% of line(); -18% CPU time on descriptions).  The
 * mapping comes zeroed, and only the pages touched are ever cleared. */
struct HugeFloats {
    float *p = nullptr;
    size_t n = 0, bytes = 0;
    HugeFloats() = default;
    HugeFloats(const HugeFloats &) = delete;
    HugeFloats &operator=(const HugeFloats &) = delete;
    ~HugeFloats() { release(); }
    void release()
    {
        if (p) munmap(p, bytes);
        p = nullptr;
        n = bytes = 0;
    }
    void assign(size_t count)
    {
        release();
        const size_t huge = (size_t)2 << 20;
        size_t want = (count * sizeof(float) + huge - 1) / huge * huge;
        void *m = mmap(nullptr, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
        (void)madvise(m, want, MADV_HUGEPAGE); /* a hint: failure is harmless */
#endif
        p = (float *)m;
        n = count;
        bytes = want;
    }
    float *data() { return p; }
    const float *data() const { return p; }
    void swap(HugeFloats &o)
    {
        std::swap(p, o.p);
        std::swap(n, o.n);
        std::swap(bytes, o.bytes);
    }
    bool empty() const { return n == 0; }
};

/* A matrix's rows as dense floats, or the matrix itself when too big. */
struct Rows {
    std::shared_ptr<fasttext::Matrix> m;
    /* shared by the forks of a handle (braid_ft_fork): read-only once
     * loaded */
    std::shared_ptr<HugeFloats> dense = std::make_shared<HugeFloats>();
    int64_t rows = 0, dim = 0;
    void load(std::shared_ptr<fasttext::Matrix> mat)
    {
        m = std::move(mat);
        rows = m->size(0);
        dim = m->size(1);
        if (rows <= 0 || dim <= 0) throw std::invalid_argument("empty matrix");
        if (rows * dim > MAX_DENSE) return;
        dense->assign((size_t)(rows * dim));
        fasttext::Vector v(dim);
        for (int64_t r = 0; r < rows; r++) {
            v.zero();
            m->addRowToVector(v, (int32_t)r);
            std::copy(v.data(), v.data() + dim, dense->data() + r * dim);
        }
    }
    /* acc[0..dim) += row r */
    void add(float *acc, int64_t r, fasttext::Vector &tmp) const
    {
        if (r < 0 || r >= rows) return;
        if (!dense->empty()) {
            const float *p = dense->data() + r * dim;
            if (dim == 16) add16(acc, p);
            else
                for (int64_t k = 0; k < dim; k++) acc[k] += p[k];
            return;
        }
        tmp.zero();
        m->addRowToVector(tmp, (int32_t)r);
        for (int64_t k = 0; k < dim; k++) acc[k] += tmp[k];
    }
    float dot(const float *h, int64_t r, fasttext::Vector &tmp) const
    {
        if (!dense->empty()) {
            const float *p = dense->data() + r * dim;
            float s = 0;
            if (dim == 16) {
                float part[4] = {0, 0, 0, 0}; /* vectorises */
                for (int k = 0; k < 16; k += 4)
                    for (int q = 0; q < 4; q++) part[q] += p[k + q] * h[k + q];
                return (part[0] + part[1]) + (part[2] + part[3]);
            }
            for (int64_t k = 0; k < dim; k++) s += p[k] * h[k];
            return s;
        }
        tmp.zero();
        m->addRowToVector(tmp, (int32_t)r);
        float s = 0;
        for (int64_t k = 0; k < dim; k++) s += tmp[k] * h[k];
        return s;
    }
};

/* The dimension of lid.176 (and fastText's default): a loop of known
 * length, which the compiler turns into 4 vector additions. */
inline void add16(float *__restrict acc, const float *__restrict p)
{
    for (int k = 0; k < 16; k++) acc[k] += p[k];
}

inline float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }
} // namespace

struct braid_ft {
    /* Everything a fork (braid_ft_fork) shares is behind a shared_ptr or
     * copied: the model, its matrices and their dense rows, and the token
     * memo; the tables below are copied (~1 MB), the scratch is its own. */
    std::shared_ptr<fasttext::FastText> model;
    std::shared_ptr<const fasttext::Dictionary> dict;
    std::vector<std::string> labels;
    Rows in, out;
    fasttext::loss_name loss = fasttext::loss_name::softmax;
    int64_t dim = 0;
    int32_t nwords = 0, minn = 0, maxn = 0, bucket = 0, word_ngrams = 1, eos = -1;
    int32_t nl = 0;
    /* hierarchical softmax: children of internal node i (osz..2*osz-2) */
    std::vector<int32_t> left, right;
    std::vector<float> nodep;   /* probability of reaching each node */
    /* pruned n-gram ids: -1 = not pruned (use as is), 0 = all pruned */
    int64_t prune_size = -1;
    /* Kept buckets (lid.176.ftz keeps 42,765 of 2M), as a bit per
     * bucket with, beside each 64-bit word, the number of set bits
     * before it: a kept bucket's rank is that count plus the set bits
     * below it in the word, and pval[rank] is its pruned index (what
     * pruneidx_.find() gives).  The dense input rows of the n-grams are
     * stored in rank order (permute_ngram_rows), so one 16-byte entry
     * (500 KB in all) leads straight to the row.  This replaced a 256 KB
     * bitmap plus a 1 MB hash table plus the row: push_hashes was a
     * quarter of the time, mostly waiting for these misses in turn. */
    struct pword { uint64_t bits; uint32_t rank, pad; };
    std::vector<pword> pbits;
    std::vector<int32_t> pval;
    bool ngram_rows_ranked = false; /* dense n-gram rows in rank order */
    /* Token memo, one slot of tstride 32-bit words per token (one or two
     * cache lines): key (64-bit hash | 1; 0 = empty, MEMO_BUSY = being
     * written) in words 0-1, row count in word 2, the slot's write count
     * in word 3, the row sum's float bits from TS_HEAD.  The forks of a
     * handle share it, one per thread, so every access is atomic and a
     * slot works as a seqlock: a writer claims it by compare-and-swap
     * (or leaves it, when another writer holds it), bumps the count,
     * writes, and publishes the key; a reader copies the slot and keeps
     * the copy only if key and count are what they were before (the
     * content is stored with release and read with acquire order, so a
     * reader that saw any of a newer write sees its claim too).  A
     * slot's content is a pure function of its key, so which handle
     * wrote it never changes an answer.  On x86 these atomic loads and
     * stores are plain moves; only the claim is a locked instruction. */
    std::shared_ptr<HugeFloats> tmemo = std::make_shared<HugeFloats>();
    size_t tstride = 0;
    static const uint64_t MEMO_BUSY = 2;
    uint32_t *tslot(uint64_t key)
    {
        return reinterpret_cast<uint32_t *>(tmemo->data()) + (size_t)(key & (TC_SLOTS - 1)) * tstride;
    }
    /* The memo's sum and count of `key` into out / *count; false on a miss. */
    bool memo_get(uint32_t *w, uint64_t key, float *out, uint32_t *count) const
    {
        uint64_t *kp = reinterpret_cast<uint64_t *>(w);
        if (__atomic_load_n(kp, __ATOMIC_ACQUIRE) != key) return false;
        uint32_t v1 = __atomic_load_n(w + 3, __ATOMIC_RELAXED);
        *count = __atomic_load_n(w + 2, __ATOMIC_ACQUIRE);
        for (int64_t k = 0; k < dim; k++) {
            uint32_t u = __atomic_load_n(w + TS_HEAD + k, __ATOMIC_ACQUIRE);
            memcpy(out + k, &u, sizeof u);
        }
        return __atomic_load_n(w + 3, __ATOMIC_RELAXED) == v1 &&
               __atomic_load_n(kp, __ATOMIC_RELAXED) == key;
    }
    void memo_put(uint32_t *w, uint64_t key, const float *sum, uint32_t count)
    {
        uint64_t *kp = reinterpret_cast<uint64_t *>(w);
        uint64_t cur = __atomic_load_n(kp, __ATOMIC_RELAXED);
        if (cur == MEMO_BUSY ||
            !__atomic_compare_exchange_n(kp, &cur, MEMO_BUSY, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return;
        __atomic_store_n(w + 3, __atomic_load_n(w + 3, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
        __atomic_store_n(w + 2, count, __ATOMIC_RELEASE);
        for (int64_t k = 0; k < dim; k++) {
            uint32_t u;
            memcpy(&u, sum + k, sizeof u);
            __atomic_store_n(w + TS_HEAD + k, u, __ATOMIC_RELEASE);
        }
        __atomic_store_n(kp, key, __ATOMIC_RELEASE);
    }
    /* The dictionary's entries (words and labels) by the 64-bit FNV key
     * line() computes anyway: replaces Dictionary::getId, which builds a
     * std::string per token and compares strings along its probe chain
     * (11% of `braid lang` on descriptions).  Keys are compared in full
     * and then the bytes, so a 64-bit collision cannot change an answer. */
    struct wslot { uint64_t key; int32_t wid; uint32_t off, len; }; /* key 0 = empty */
    std::vector<wslot> wtab;
    std::vector<char> wpool;
    uint64_t wmask = 0;
    static uint64_t tok_key(const char *t, size_t n)
    {
        uint64_t key = 14695981039346656037ull;
        for (size_t k = 0; k < n; k++) key = (key ^ (unsigned char)t[k]) * 1099511628211ull;
        return key | 1;
    }
    void build_words()
    {
        int32_t total = dict->nwords() + dict->nlabels();
        size_t cap = 16;
        while (cap < (size_t)total * 2) cap <<= 1;
        wtab.assign(cap, wslot{0, -1, 0, 0});
        wmask = cap - 1;
        for (int32_t id = 0; id < total; id++) {
            std::string w = dict->getWord(id);
            uint64_t key = tok_key(w.data(), w.size());
            uint64_t i = (key >> 20) & wmask;
            while (wtab[i].key != 0) i = (i + 1) & wmask;
            wtab[i] = wslot{key, id, (uint32_t)wpool.size(), (uint32_t)w.size()};
            wpool.insert(wpool.end(), w.begin(), w.end());
        }
    }
    /* Dictionary::getId(token): the entry's id, or -1 */
    int32_t word_id(const char *t, size_t n, uint64_t key) const
    {
        for (uint64_t i = (key >> 20) & wmask;; i = (i + 1) & wmask) {
            const wslot &e = wtab[i];
            if (e.key == 0) return -1;
            if (e.key == key && e.len == n && !memcmp(wpool.data() + e.off, t, n)) return e.wid;
        }
    }
    /* scratch */
    std::vector<float> hidden, acc, mrow; /* mrow: a memo slot's sum */
    std::vector<uint64_t> word_hashes;
    std::vector<unsigned char> wbuf;
    std::vector<size_t> cstart;
    struct tok { size_t start, len; uint64_t key; uint32_t wh; };
    std::vector<tok> toks;
    fasttext::Vector tmp{1};
    uint32_t rows_added = 0;

    void build_prune()
    {
        prune_size = DictPeek::pruneidx_size(*dict);
        if (prune_size <= 0) return;
        const auto &m = DictPeek::pruneidx(*dict);
        size_t words = (size_t)bucket / 64 + 1;
        pbits.assign(words, pword{0, 0, 0});
        /* keys outside [0, bucket) can never be looked up (ids are
         * reduced mod bucket) */
        for (const auto &kv : m)
            if (kv.first >= 0 && kv.first < bucket)
                pbits[(size_t)kv.first >> 6].bits |= (uint64_t)1 << (kv.first & 63);
        uint32_t r = 0;
        for (size_t w = 0; w < words; w++) {
            pbits[w].rank = r;
            r += popcount64(pbits[w].bits);
        }
        pval.assign(r, 0);
        for (const auto &kv : m)
            if (kv.first >= 0 && kv.first < bucket) pval[rank_of(kv.first)] = kv.second;
        permute_ngram_rows();
    }
    /* Dense n-gram rows in rank order: row nwords + rank holds the
     * matrix row nwords + pval[rank].  Only when the pruned indices are a
     * permutation of 0..n-1 within the matrix (as fastText's prune()
     * makes them; else the lookups keep the library's order).  Known
     * words' subword ids (Dictionary::getSubwords) are in the library's
     * order and go through pinv. */
    std::vector<int32_t> pinv;
    void permute_ngram_rows()
    {
        if (in.dense->empty()) return;
        if ((int64_t)nwords + (int64_t)pval.size() > in.rows) return;
        std::vector<int32_t> inv(pval.size(), -1);
        for (size_t k = 0; k < pval.size(); k++) {
            int32_t v = pval[k];
            if (v < 0 || (size_t)v >= pval.size() || inv[(size_t)v] >= 0) return;
            inv[(size_t)v] = (int32_t)k;
        }
        pinv.swap(inv);
        HugeFloats d;
        d.assign((size_t)(in.rows * dim));
        memcpy(d.data(), in.dense->data(), (size_t)(in.rows * dim) * sizeof(float));
        for (size_t k = 0; k < pval.size(); k++)
            memcpy(d.data() + ((size_t)nwords + k) * (size_t)dim,
                   in.dense->data() + ((size_t)nwords + (size_t)pval[k]) * (size_t)dim, (size_t)dim * sizeof(float));
        in.dense->swap(d);
        ngram_rows_ranked = true;
    }
    /* Bits set in x (without the popcnt instruction, which -O2 for
     * generic x86-64 may not use: libgcc's call was 1.5% of the time). */
    static uint32_t popcount64(uint64_t x)
    {
        x = x - ((x >> 1) & 0x5555555555555555ull);
        x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
        x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
        return (uint32_t)((x * 0x0101010101010101ull) >> 56);
    }
    uint32_t rank_of(int32_t id) const
    {
        const pword &w = pbits[(size_t)id >> 6];
        return w.rank + popcount64(w.bits & (((uint64_t)1 << (id & 63)) - 1));
    }
    /* HierarchicalSoftmaxLoss::buildTree, same tie-breaking */
    void build_tree()
    {
        std::vector<int64_t> counts = dict->getCounts(fasttext::entry_type::label);
        int32_t osz = nl;
        std::vector<int64_t> cnt((size_t)(2 * osz - 1), (int64_t)1e15);
        left.assign((size_t)(2 * osz - 1), -1);
        right.assign((size_t)(2 * osz - 1), -1);
        for (int32_t i = 0; i < osz; i++) cnt[(size_t)i] = counts[(size_t)i];
        int32_t leaf = osz - 1, node = osz;
        for (int32_t i = osz; i < 2 * osz - 1; i++) {
            int32_t mini[2] = {0, 0};
            for (int j = 0; j < 2; j++) {
                if (leaf >= 0 && cnt[(size_t)leaf] < cnt[(size_t)node]) mini[j] = leaf--;
                else mini[j] = node++;
            }
            left[(size_t)i] = mini[0];
            right[(size_t)i] = mini[1];
            cnt[(size_t)i] = cnt[(size_t)mini[0]] + cnt[(size_t)mini[1]];
        }
        nodep.assign((size_t)(2 * osz - 1), 0.0f);
    }
    /* h % bucket without a division instruction (Lemire's "fastmod":
     * exact for every 32-bit h and divisor; a division is ~25 cycles and
     * every character n-gram needs one) */
    uint64_t bmod_m = 0;
    uint32_t bmod(uint32_t h) const
    {
        uint64_t low = bmod_m * h;
        return (uint32_t)(((unsigned __int128)low * (uint32_t)bucket) >> 64);
    }
    /* Dictionary::pushHash: the row of a hashed n-gram or word n-gram
     * (bucket index), -1 when pruned away */
    int64_t bucket_row(int32_t id) const
    {
        if (prune_size == 0 || id < 0) return -1;
        if (prune_size > 0) {
            if (id >= bucket || !((pbits[(size_t)id >> 6].bits >> (id & 63)) & 1)) return -1;
            uint32_t r = rank_of(id);
            id = ngram_rows_ranked ? (int32_t)r : pval[r];
        }
        return (int64_t)nwords + id;
    }
    void push_hash(int32_t id)
    {
        int64_t r = bucket_row(id);
        if (r >= 0) add_row(r);
    }
    /* The rows of many bucket indices.  Each lookup is a cache miss in a
     * table of megabytes, and so is each row: prefetching all of a word's
     * slots, then all its rows, lets the misses overlap instead of
     * following one another (measured: ngrams() was 29% of `braid lang`
     * on titles, memory-bound). */
    void push_hashes(const int32_t *ids, size_t n)
    {
        if (prune_size > 0)
            for (size_t k = 0; k < n; k++)
                if (ids[k] >= 0 && ids[k] < bucket) __builtin_prefetch(&pbits[(size_t)ids[k] >> 6]);
        int64_t rows[NG_MAX];
        size_t m = 0;
        for (size_t k = 0; k < n; k++) {
            int64_t r = bucket_row(ids[k]);
            if (r < 0) continue;
            if (!in.dense->empty()) __builtin_prefetch(in.dense->data() + r * dim);
            rows[m++] = r;
        }
        for (size_t k = 0; k < m; k++) add_row(rows[k]);
    }
    void add_row(int64_t r)
    {
        in.add(acc.data(), r, tmp);
        rows_added++;
    }
    /* Dictionary::computeSubwords on "<" + token + ">", hashing as it
     * goes; rows are added in batches of NG_MAX (see push_hashes).  The
     * bracketed word is copied once and its character starts listed, so
     * the loops below run over plain arrays. */
    void ngrams(const char *w, size_t n)
    {
        wbuf.resize(n + 2);
        cstart.resize(n + 3);
        unsigned char *b = wbuf.data();
        b[0] = '<';
        memcpy(b + 1, w, n);
        b[n + 1] = '>';
        size_t len = n + 2, nc = 0;
        for (size_t k = 0; k < len; k++)
            if ((b[k] & 0xC0) != 0x80) cstart[nc++] = k;
        cstart[nc] = len; /* end of the last character */
        int32_t ids[NG_MAX];
        size_t m = 0;
        for (size_t ci = 0; ci < nc; ci++) {
            uint32_t h = 2166136261u;
            size_t j = cstart[ci];
            for (size_t c = 1; c <= (size_t)maxn && ci + c <= nc; c++) {
                size_t end = cstart[ci + c];
                for (; j < end; j++) h = (h ^ (uint32_t)(int8_t)b[j]) * 16777619u;
                /* single characters only inside the word, not '<' or '>' */
                if ((int32_t)c >= minn && !(c == 1 && (ci == 0 || end == len))) {
                    ids[m++] = (int32_t)bmod(h);
                    if (m == NG_MAX) {
                        push_hashes(ids, m);
                        m = 0;
                    }
                }
            }
        }
        push_hashes(ids, m);
    }
    /* Dictionary::addSubwords for a known word */
    void add_word(int32_t wid)
    {
        if (maxn <= 0) { add_row(wid); return; }
        for (int32_t id : dict->getSubwords(wid)) {
            int64_t v = (int64_t)id - nwords;
            if (ngram_rows_ranked && v >= 0 && (size_t)v < pinv.size()) id = nwords + pinv[(size_t)v];
            add_row(id);
        }
    }
    /* Rows of one token into acc/rows_added (Dictionary::getLine's body). */
    void token_rows(const char *t, size_t len, uint64_t key)
    {
        int32_t wid = word_id(t, len, key);
        if (wid >= 0 && dict->getType(wid) != fasttext::entry_type::word) return;
        if (wid >= 0) add_word(wid);
        else ngrams(t, len);
    }
    /* Sum of the input rows of one line into hidden; number of rows.
     * Two passes: the tokens and their memo slots first (prefetching
     * each slot: the memo is megabytes, and waiting for each miss in
     * turn was 80% of this function), then the sums. */
    uint32_t line(const char *t, size_t n)
    {
        float *h = hidden.data();
        std::fill(hidden.begin(), hidden.end(), 0.0f);
        word_hashes.clear();
        toks.clear();
        uint32_t total = 0;
        bool has_eos = false;
        size_t i = 0;
        while (i < n) {
            if (t[i] == '\n') { has_eos = true; break; }
            if (ft_space((unsigned char)t[i])) { i++; continue; }
            size_t s = i;
            while (i < n && !ft_space((unsigned char)t[i])) i++;
            size_t len = i - s;
            if (len >= 9 && !memcmp(t + s, "__label__", 9)) continue;
            uint64_t key = 14695981039346656037ull;
            uint32_t wh = 2166136261u;
            for (size_t k = s; k < i; k++) {
                key = (key ^ (unsigned char)t[k]) * 1099511628211ull;
                wh = (wh ^ (uint32_t)(int8_t)t[k]) * 16777619u;
            }
            key |= 1;
            uint32_t *slot = tslot(key);
            __builtin_prefetch(slot);
            __builtin_prefetch(slot + 16);
            toks.push_back(tok{s, len, key, wh});
            word_hashes.push_back(wh);
        }
        for (const tok &tk : toks) {
            uint32_t *slot = tslot(tk.key);
            const float *p = mrow.data();
            uint32_t c;
            if (!memo_get(slot, tk.key, mrow.data(), &c)) {
                std::fill(acc.begin(), acc.end(), 0.0f);
                rows_added = 0;
                token_rows(t + tk.start, tk.len, tk.key);
                c = (uint32_t)rows_added;
                memo_put(slot, tk.key, acc.data(), c);
                p = acc.data();
            }
            if (dim == 16) add16(h, p);
            else
                for (int64_t k = 0; k < dim; k++) h[k] += p[k];
            total += c;
        }
        if (has_eos) {
            if (eos >= 0) {
                std::fill(acc.begin(), acc.end(), 0.0f);
                rows_added = 0;
                add_word(eos);
                for (int64_t k = 0; k < dim; k++) h[k] += acc[(size_t)k];
                total += rows_added;
            }
            word_hashes.push_back(fnv(fasttext::Dictionary::EOS.data(), fasttext::Dictionary::EOS.size()));
        }
        if (word_ngrams > 1) { /* Dictionary::addWordNgrams */
            std::fill(acc.begin(), acc.end(), 0.0f);
            rows_added = 0;
            for (size_t a = 0; a < word_hashes.size(); a++) {
                uint64_t wh = word_hashes[a];
                for (size_t b = a + 1; b < word_hashes.size() && b < a + (size_t)word_ngrams; b++) {
                    wh = wh * 116049371 + word_hashes[b];
                    push_hash((int32_t)(wh % (uint64_t)bucket));
                }
            }
            for (int64_t k = 0; k < dim; k++) h[k] += acc[(size_t)k];
            total += rows_added;
        }
        return total;
    }
    static uint32_t fnv(const char *s, size_t n)
    {
        uint32_t h = 2166136261u;
        for (size_t k = 0; k < n; k++) h = (h ^ (uint32_t)(int8_t)s[k]) * 16777619u;
        return h;
    }
    /* What predict(k = FT_TOPK, threshold = FT_MIN_PROB) reports: the
     * other labels are set to 0 (lang.c's confidence is relative to the
     * labels reported, as it was with the library's predict). */
    void keep_top(float *probs) const
    {
        int kept = 0;
        for (int32_t i = 0; i < nl; i++) {
            if (probs[i] < FT_MIN_PROB) probs[i] = 0.0f;
            else kept++;
        }
        while (kept > FT_TOPK) { /* rare: drop the smallest */
            int32_t m = -1;
            for (int32_t i = 0; i < nl; i++)
                if (probs[i] > 0 && (m < 0 || probs[i] < probs[m])) m = i;
            probs[m] = 0.0f;
            kept--;
        }
    }
    /* Probabilities of every label from the hidden vector. */
    void output(float *probs)
    {
        const float *h = hidden.data();
        if (loss == fasttext::loss_name::hs) {
            int32_t root = 2 * nl - 2;
            nodep[(size_t)root] = 1.0f;
            for (int32_t node = root; node >= nl; node--) {
                float p = nodep[(size_t)node];
                /* below the floor, all leaves under it are dropped anyway
                 * (keep_top), as the library's tree walk skips them */
                float f = p >= FT_MIN_PROB ? sigmoid(out.dot(h, node - nl, tmp)) : 0.5f;
                nodep[(size_t)left[(size_t)node]] = p * (1.0f - f);
                nodep[(size_t)right[(size_t)node]] = p * f;
            }
            for (int32_t i = 0; i < nl; i++) probs[i] = nodep[(size_t)i];
        } else if (loss == fasttext::loss_name::softmax) {
            float mx = -INFINITY;
            for (int32_t i = 0; i < nl; i++) {
                probs[i] = out.dot(h, i, tmp);
                mx = std::max(mx, probs[i]);
            }
            float z = 0;
            for (int32_t i = 0; i < nl; i++) z += probs[i] = std::exp(probs[i] - mx);
            for (int32_t i = 0; i < nl; i++) probs[i] /= z;
        } else { /* one-vs-all */
            for (int32_t i = 0; i < nl; i++) probs[i] = sigmoid(out.dot(h, i, tmp));
        }
    }
};

extern "C" braid_ft *braid_ft_new(const char *path, char *why, size_t why_len)
{
    braid_ft *ft = nullptr;
    try {
        ft = new braid_ft();
        ft->model = std::make_shared<fasttext::FastText>();
        ft->model->loadModel(std::string(path));
        ft->dict = ft->model->getDictionary();
        int n = ft->dict->nlabels();
        if (n <= 0) throw std::invalid_argument("model has no labels");
        fasttext::Args a = ft->model->getArgs();
        if (a.model != fasttext::model_name::sup) throw std::invalid_argument("not a supervised model");
        ft->loss = a.loss;
        if (ft->loss != fasttext::loss_name::hs && ft->loss != fasttext::loss_name::softmax &&
            ft->loss != fasttext::loss_name::ova)
            throw std::invalid_argument("unsupported loss");
        ft->nl = n;
        ft->nwords = ft->dict->nwords();
        ft->minn = a.minn;
        ft->maxn = a.maxn;
        ft->bucket = a.bucket > 0 ? a.bucket : 1;
        ft->word_ngrams = a.wordNgrams;
        ft->bmod_m = UINT64_MAX / (uint32_t)ft->bucket + 1;
        ft->eos = ft->dict->getId(fasttext::Dictionary::EOS);
        ft->in.load(FtPeek::input(*ft->model));
        ft->out.load(FtPeek::output(*ft->model));
        if (ft->out.dim != ft->in.dim) throw std::invalid_argument("matrix sizes differ");
        if (ft->out.rows < (ft->loss == fasttext::loss_name::hs ? n - 1 : n))
            throw std::invalid_argument("output matrix too small");
        ft->dim = ft->in.dim;
        ft->tmp = fasttext::Vector(ft->dim);
        ft->hidden.assign((size_t)ft->dim, 0.0f);
        ft->acc.assign((size_t)ft->dim, 0.0f);
        ft->mrow.assign((size_t)ft->dim, 0.0f);
        ft->build_prune();
        ft->build_words();
        if (ft->loss == fasttext::loss_name::hs) ft->build_tree();
        ft->tstride = (size_t)ft->dim + TS_HEAD;
        ft->tmemo->assign(TC_SLOTS * ft->tstride);
        for (int i = 0; i < n; i++) {
            std::string l = ft->dict->getLabel(i);
            if (l.compare(0, 9, "__label__") == 0) l.erase(0, 9);
            ft->labels.push_back(l);
        }
        return ft;
    } catch (const std::exception &e) {
        if (why && why_len) snprintf(why, why_len, "%s", e.what());
    } catch (...) {
        if (why && why_len) snprintf(why, why_len, "unknown error");
    }
    delete ft;
    return nullptr;
}

extern "C" braid_ft *braid_ft_fork(const braid_ft *parent)
{
    try {
        return new braid_ft(*parent); /* shared_ptr members: shared */
    } catch (...) {
        return nullptr;
    }
}

extern "C" void braid_ft_free(braid_ft *ft) { delete ft; }

extern "C" int braid_ft_nlabels(const braid_ft *ft) { return (int)ft->labels.size(); }

extern "C" const char *braid_ft_label(const braid_ft *ft, int i)
{
    if (i < 0 || (size_t)i >= ft->labels.size()) return "";
    return ft->labels[(size_t)i].c_str();
}

extern "C" int braid_ft_predict(braid_ft *ft, const char *text, size_t len, float *probs)
{
    size_t n = ft->labels.size();
    for (size_t i = 0; i < n; i++) probs[i] = 0.0f;
    try {
        uint32_t rows = ft->line(text, len);
        if (rows == 0) return -1;
        float inv = 1.0f / (float)rows;
        for (float &x : ft->hidden) x *= inv;
        ft->output(probs);
        ft->keep_top(probs);
        return 0;
    } catch (...) {
        return -1;
    }
}
