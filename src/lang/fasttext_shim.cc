/*
 * fasttext_shim.cc — extern "C" wrapper around libfasttext's supervised
 * predictor, used with the lid.176.ftz language identification model.
 *
 * fastText is C++ only; this file is the one place braid touches it.
 *
 * Speed: fastText's own Dictionary::getLine() spends most of its time (42%
 * of `braid lang` in perf) looking up every character n-gram of a
 * quantised model in a std::unordered_map (pruneidx_), plus building a
 * std::string per n-gram.  We therefore turn a line into input ids here,
 * exactly as getLine() does (same tokenisation at white space, same
 * "<word>" n-grams of minn..maxn UTF-8 characters, same FNV-1a hash, same
 * EOS token), but hash incrementally and look pruned ids up in a flat
 * open-addressing table built once from pruneidx_ at load time.  That
 * member is protected, so it is read through a pointer-to-member formed in
 * a derived class (legal C++; no object of that class is made).  The
 * outcome is identical to predictLine() (checked: same eval figures) and
 * several times faster.  Prediction asks for the top FT_TOPK labels only,
 * which lets the hierarchical softmax prune its tree walk.
 * Exceptions (a missing or corrupt model) become an error string.
 */
#include "lang/backends.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include <fasttext/fasttext.h>

#include <algorithm>
#include <cstdint>
#include <unordered_map>

namespace {
/* Enough candidates for the script filter in lang.c to find the best
 * label of the text's script (asking for all 176 gives the same eval
 * figures but makes the tree walk several times slower). */
const int32_t FT_TOPK = 12;
/* Labels below this probability are not scored: the tree walk skips
 * their subtrees (they never decide an answer). */
const float FT_MIN_PROB = 0.002f;

/* Reads Dictionary's protected pruning map (see the file comment). */
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

inline bool ft_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == 0;
}
} // namespace

struct braid_ft {
    fasttext::FastText model;
    std::shared_ptr<const fasttext::Dictionary> dict;
    std::vector<std::string> labels;
    std::vector<int32_t> words;
    std::vector<uint64_t> word_hashes;
    fasttext::Predictions preds;
    std::string token;
    int32_t nwords = 0, minn = 0, maxn = 0, bucket = 0, word_ngrams = 1, eos = -1;
    /* pruned n-gram ids: -1 = not pruned (use as is), 0 = all pruned */
    int64_t prune_size = -1;
    /* Memo of n-gram ids per out-of-vocabulary word: a direct-mapped
     * cache keyed by a 64-bit hash of the word (a pure function, so the
     * answers are the same with or without it; news reuses its words). */
    static const size_t WC_SLOTS = 1 << 14;
    static const size_t WC_IDS = 30;
    struct wslot { uint64_t key; uint32_t n; int32_t ids[WC_IDS]; };
    std::vector<wslot> wcache;
    struct pslot { int32_t key, val; };  /* key -1 = empty */
    std::vector<pslot> ptab;             /* open addressing, one cache line per probe */
    uint32_t pmask = 0;

    void build_prune()
    {
        prune_size = DictPeek::pruneidx_size(*dict);
        if (prune_size <= 0) return;
        const auto &m = DictPeek::pruneidx(*dict);
        size_t cap = 16;
        while (cap < m.size() * 2) cap <<= 1;
        ptab.assign(cap, pslot{-1, 0});
        pmask = (uint32_t)(cap - 1);
        for (const auto &kv : m) {
            uint32_t i = slot(kv.first);
            while (ptab[i].key != -1) i = (i + 1) & pmask;
            ptab[i] = pslot{kv.first, kv.second};
        }
    }
    uint32_t slot(int32_t key) const { return ((uint32_t)key * 2654435761u) & pmask; }
    /* Dictionary::pushHash */
    void push_hash(int32_t id)
    {
        if (prune_size == 0 || id < 0) return;
        if (prune_size > 0) {
            uint32_t i = slot(id);
            for (;;) {
                if (ptab[i].key == id) { id = ptab[i].val; break; }
                if (ptab[i].key == -1) return;
                i = (i + 1) & pmask;
            }
        }
        words.push_back(nwords + id);
    }
    /* Dictionary::computeSubwords on "<" + token + ">", hashing as it goes */
    void ngrams(const char *w, size_t n)
    {
        /* positions: 0 is '<', 1..n the token, n+1 is '>' */
        size_t len = n + 2;
        auto at = [&](size_t k) -> unsigned char {
            return k == 0 ? '<' : k == len - 1 ? '>' : (unsigned char)w[k - 1];
        };
        for (size_t i = 0; i < len; i++) {
            if ((at(i) & 0xC0) == 0x80) continue;
            uint32_t h = 2166136261u;
            for (size_t j = i, c = 1; j < len && (int32_t)c <= maxn; c++) {
                h = (h ^ (uint32_t)(int8_t)at(j)) * 16777619u;
                j++;
                while (j < len && (at(j) & 0xC0) == 0x80) {
                    h = (h ^ (uint32_t)(int8_t)at(j)) * 16777619u;
                    j++;
                }
                if ((int32_t)c >= minn && !(c == 1 && (i == 0 || j == len)))
                    push_hash((int32_t)(h % (uint32_t)bucket));
            }
        }
    }
    void add_word_ids(int32_t wid)
    {
        if (maxn <= 0) {
            words.push_back(wid);
            return;
        }
        const std::vector<int32_t> &sub = dict->getSubwords(wid);
        words.insert(words.end(), sub.begin(), sub.end());
    }
    /* Dictionary::getLine for one line of text (the text's own '\n' is
     * the EOS token). */
    void line(const char *t, size_t n)
    {
        words.clear();
        word_hashes.clear();
        size_t i = 0;
        while (i < n) {
            if (t[i] == '\n') { /* EOS */
                if (eos >= 0) add_word_ids(eos);
                word_hashes.push_back(0);
                break;
            }
            if (ft_space((unsigned char)t[i])) { i++; continue; }
            size_t s = i;
            while (i < n && !ft_space((unsigned char)t[i])) i++;
            size_t len = i - s;
            if (len >= 9 && !memcmp(t + s, "__label__", 9)) continue;
            uint32_t h = 2166136261u;
            for (size_t k = s; k < i; k++) h = (h ^ (uint32_t)(int8_t)t[k]) * 16777619u;
            token.assign(t + s, len);
            int32_t wid = dict->getId(token, h);
            if (wid >= 0 && dict->getType(wid) != fasttext::entry_type::word) continue;
            if (wid >= 0) add_word_ids(wid);
            else {
                uint64_t key = 14695981039346656037ull;
                for (size_t k = s; k < i; k++) key = (key ^ (unsigned char)t[k]) * 1099511628211ull;
                key |= 1; /* 0 marks an empty slot */
                wslot &w = wcache[key & (WC_SLOTS - 1)];
                if (w.key == key) {
                    words.insert(words.end(), w.ids, w.ids + w.n);
                } else {
                    size_t before = words.size();
                    ngrams(t + s, len);
                    size_t got = words.size() - before;
                    if (got <= WC_IDS) {
                        w.key = key;
                        w.n = (uint32_t)got;
                        std::copy(words.begin() + (long)before, words.end(), w.ids);
                    }
                }
            }
            word_hashes.push_back(h);
        }
        if (word_ngrams > 1) { /* Dictionary::addWordNgrams */
            for (size_t a = 0; a < word_hashes.size(); a++) {
                uint64_t h = word_hashes[a];
                for (size_t b = a + 1; b < word_hashes.size() && b < a + (size_t)word_ngrams; b++) {
                    h = h * 116049371 + word_hashes[b];
                    push_hash((int32_t)(h % (uint64_t)bucket));
                }
            }
        }
    }
};

extern "C" braid_ft *braid_ft_new(const char *path, char *why, size_t why_len)
{
    braid_ft *ft = nullptr;
    try {
        ft = new braid_ft();
        ft->model.loadModel(std::string(path));
        ft->dict = ft->model.getDictionary();
        int n = ft->dict->nlabels();
        if (n <= 0) throw std::invalid_argument("model has no labels");
        fasttext::Args a = ft->model.getArgs();
        ft->nwords = ft->dict->nwords();
        ft->minn = a.minn;
        ft->maxn = a.maxn;
        ft->bucket = a.bucket > 0 ? a.bucket : 1;
        ft->word_ngrams = a.wordNgrams;
        ft->eos = ft->dict->getId(fasttext::Dictionary::EOS);
        ft->build_prune();
        ft->wcache.assign(braid_ft::WC_SLOTS, braid_ft::wslot{0, 0, {0}});
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
        ft->line(text, len);
        if (ft->words.empty()) return -1;
        ft->preds.clear();
        ft->model.predict(FT_TOPK < (int32_t)n ? FT_TOPK : (int32_t)n, ft->words, ft->preds, FT_MIN_PROB);
        if (ft->preds.empty()) return -1;
        for (const auto &p : ft->preds)
            if (p.second >= 0 && (size_t)p.second < n) probs[p.second] = std::exp(p.first);
        return 0;
    } catch (...) {
        return -1;
    }
}
