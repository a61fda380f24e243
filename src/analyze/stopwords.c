/*
 * stopwords.c — function words of English and Russian.
 *
 * The lists are the Snowball project's stopword lists (the same project
 * whose stemmers we use; Debian does not package the lists themselves),
 * with a few news-frequent additions (also, may, который, это, является).
 * They are kept as byte-sorted static tables so lookup is a binary search
 * with no state (tests look up words across each whole list).  Words are
 * in their case-folded form with ё folded to е, as the tokenizer makes them.
 */
#include "analyze/stopwords.h"

#include <string.h>

static const char *const stop_en[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am",
    "an", "and", "any", "are", "aren't", "as", "at", "be", "because",
    "been", "before", "being", "below", "between", "both", "but", "by",
    "can", "can't", "cannot", "could", "couldn't", "did", "didn't", "do",
    "does", "doesn't", "doing", "don", "don't", "down", "during", "each",
    "few", "for", "from", "further", "had", "hadn't", "has", "hasn't",
    "have", "haven't", "having", "he", "he'd", "he'll", "he's", "her",
    "here", "here's", "hers", "herself", "him", "himself", "his", "how",
    "how's", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is",
    "isn't", "it", "it's", "its", "itself", "just", "let's", "may", "me",
    "might", "more", "most", "must", "mustn't", "my", "myself", "no", "nor",
    "not", "now", "of", "off", "on", "once", "only", "or", "other", "ought",
    "our", "ours", "ourselves", "out", "over", "own", "s", "same", "shall",
    "shan't", "she", "she'd", "she'll", "she's", "should", "shouldn't",
    "so", "some", "such", "t", "than", "that", "that's", "the", "their",
    "theirs", "them", "themselves", "then", "there", "there's", "these",
    "they", "they'd", "they'll", "they're", "they've", "this", "those",
    "through", "to", "too", "under", "until", "up", "us", "very", "was",
    "wasn't", "we", "we'd", "we'll", "we're", "we've", "were", "weren't",
    "what", "what's", "when", "when's", "where", "where's", "which",
    "while", "who", "who's", "whom", "why", "why's", "will", "with",
    "won't", "would", "wouldn't", "you", "you'd", "you'll", "you're",
    "you've", "your", "yours", "yourself", "yourselves",
};
static const char *const stop_ru[] = {
    "а", "без", "более", "больше", "будет", "будто", "бы", "был", "была",
    "были", "было", "быть", "в", "вам", "вас", "вдруг", "ведь", "во", "вот",
    "впрочем", "все", "всегда", "всего", "всех", "всю", "вы", "где", "да",
    "даже", "два", "для", "до", "другой", "его", "ее", "ей", "ему", "если",
    "есть", "еще", "ею", "ж", "же", "за", "зачем", "здесь", "и", "из",
    "или", "им", "иногда", "их", "к", "как", "какая", "какой", "ко",
    "когда", "конечно", "которая", "которого", "которой", "котором",
    "которые", "который", "которым", "которых", "кто", "куда", "ли", "либо",
    "лучше", "между", "меня", "мне", "много", "может", "можно", "мой",
    "моя", "мы", "на", "над", "надо", "наконец", "нас", "не", "него", "нее",
    "ней", "нельзя", "нет", "ни", "нибудь", "никогда", "ним", "них",
    "ничего", "но", "ну", "о", "об", "один", "он", "она", "они", "оно",
    "опять", "от", "перед", "по", "под", "после", "потом", "потому",
    "почти", "при", "про", "раз", "разве", "с", "сам", "своего", "своей",
    "свои", "своих", "свой", "свою", "себе", "себя", "сейчас", "со",
    "совсем", "так", "также", "такой", "там", "тебя", "тем", "теперь", "то",
    "тогда", "того", "тоже", "только", "том", "тот", "три", "тут", "ты",
    "у", "уж", "уже", "хорошо", "хоть", "чего", "чем", "через", "что",
    "чтоб", "чтобы", "чуть", "эта", "эти", "этих", "это", "этого", "этой",
    "этом", "этот", "эту", "я", "является", "являются",
};

struct list {
    const char *lang;
    const char *const *w;
    size_t n;
};

static const struct list lists[] = {
    {"en", stop_en, sizeof stop_en / sizeof stop_en[0]},
    {"ru", stop_ru, sizeof stop_ru / sizeof stop_ru[0]},
};

static const struct list *find_list(const char *lang)
{
    if (!lang) return NULL;
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (!strcmp(lists[i].lang, lang)) return &lists[i];
    return NULL;
}

int braid_stopword_has_lang(const char *lang)
{
    return find_list(lang) != NULL;
}

/* memcmp-then-length order equals byte order of NUL-terminated strings */
static int cmp_word(const char *w, size_t len, const char *s)
{
    for (size_t i = 0; i < len; i++) {
        if (!s[i]) return 1; /* s is a prefix of w */
        if (w[i] != s[i]) return (unsigned char)w[i] < (unsigned char)s[i] ? -1 : 1;
    }
    return s[len] ? -1 : 0;
}

int braid_stopword_is(const char *lang, const char *w, size_t len)
{
    const struct list *l = find_list(lang);
    if (!l) return 0;
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_word(w, len, l->w[mid]);
        if (!c) return 1;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}
