/*
 * similarity.c — when are two articles reports of one event?
 *
 * Cosine of the tf-idf vectors of sim/vector.c (terms, translated terms,
 * names, numbers, dates in one space), against a threshold that depends
 * on the language pair: cross-language cosines run ~2.5x lower because
 * only translated terms, names, numbers and dates can match (measured in
 * shared/design/CROSSLINGUAL.md and again in docs/THREADS.md), so one
 * threshold cannot serve both.  Articles further apart in publication
 * time than the thread window never match: an event thread is one event,
 * and the same leaders meeting again a month later is a new one.
 *
 * Two languages the lexicon joins (English, Russian) are compared by the
 * cosine of their cross-lingual parts (vector.h).  Any other pair of
 * languages shares only names, numbers and dates; renormalising those
 * few features made one shared number or date look like a match and
 * chained unrelated articles in twenty languages into one thread on the
 * contest day, so such pairs are compared by the cosine of the whole
 * vectors: they meet only when names and numbers dominate both.
 *
 * Topic words cannot tell two events of one subject apart ("weather for
 * 8 November" / "weather for 18 November", "Brest" / "Gomel", two phone
 * calls between the same countries).  A headline states the event's who
 * and when, so the names, numbers and dates of each title (its anchors)
 * are looked up in the other article: the similarity is scaled by
 * (1 - thread_anchor_penalty x the fraction missing), averaged over the
 * two directions.  Measured on the Toloka pairs (docs/THREADS.md).
 * The headline's other words (what happened) and its speaker (who said
 * it) are checked the same way, below.
 */
#include "sim/similarity.h"

#include <string.h>

static int has_lexicon(const char *l)
{
    return l && (!strcmp(l, "en") || !strcmp(l, "ru"));
}

int braid_sim_same_lang(const char *la, const char *lb)
{
    return la && lb && !strcmp(la, lb);
}

int braid_sim_xlingual(const char *la, const char *lb)
{
    return la && lb && strcmp(la, lb) && has_lexicon(la) && has_lexicon(lb);
}

double braid_sim_threshold(const braid_config *cfg, const char *la, const char *lb)
{
    if (la && lb && !strcmp(la, lb)) return cfg->thread_sim_same;
    return cfg->thread_sim_cross;
}

int braid_sim_in_window(const braid_config *cfg, int64_t pa, int64_t pb)
{
    if (pa == INT64_MIN || pb == INT64_MIN) return 1;
    double d = (double)(pa > pb ? pa - pb : pb - pa);
    return d <= cfg->thread_window_hours * 3600.0;
}

double braid_sim_anchor_miss(const braid_analysis *a, const braid_analysis *b)
{
    if (!a->ntanchors) return -1;
    size_t miss = 0;
    for (size_t i = 0; i < a->ntanchors; i++) miss += !braid_analysis_has_key(b, a->tanchors[i]);
    return (double)miss / (double)a->ntanchors;
}

double braid_sim_anchor_factor(const braid_config *cfg, double ma, double mb, int same_lang)
{
    double m;
    if (ma < 0 && mb < 0) return 1.0;
    if (ma < 0) m = mb;
    else if (mb < 0) m = ma;
    else m = (ma + mb) / 2;
    double f = 1.0 - cfg->thread_anchor_penalty * m;
    /* Both titles name something the other article never mentions: two
     * towns, two dates, two tolls.  That is a conflict, not an omission
     * (one headline naming the town, the other only the region), so it
     * costs a further thread_anchor_conflict.  Within one language only:
     * across languages a missing anchor is as often a transliteration or
     * a number written differently (xling recall 0.975 -> 0.85 with the
     * conflict applied to ru-en pairs). */
    if (same_lang && ma > 0 && mb > 0) f *= 1.0 - cfg->thread_anchor_conflict;
    return f;
}

double braid_sim_title_cover(const braid_analysis *a, const braid_vec *va, const braid_analysis *b)
{
    double all = 0, found = 0;
    for (size_t i = 0; i < a->ntterms; i++) {
        double w = braid_vec_weight(va, a->tterms[i]);
        all += w;
        if (braid_analysis_has_key(b, a->tterms[i])) found += w;
    }
    return all > 0 ? found / all : -1;
}

/*
 * Headline words.  Anchors cover the who/where/when of a headline; its
 * other words say what happened ("booted off", "похоронили",
 * "грозится побить").  When not one of them (weighted by the article's
 * own vector, so stopwords and furniture carry nothing) occurs anywhere
 * in the other article, that article does not report this headline's
 * event, however much of the topic the two share: the same loss as a
 * headline whose anchors are all missing (1 - thread_anchor_penalty).
 * Zero, not a share, because paraphrased headlines of one event often
 * share only one or two words (Toloka OK pairs go down to 0.14 of the
 * weight), while every same-topic, different-event pair found this way
 * shared none (Strictly: Bushell voted off / Katya's split; Lokomotiv
 * fans' mock funeral / their graffiti; Nurmagomedov's manager / Gaethje's
 * threat; the Piskaryovka capsule's video / its hand-over).  Same
 * language only: stems are per language.  Found by reading the Toloka
 * pair errors; en 0.900 -> 0.923, ru honey 0.855 -> 0.859 (one OK pair
 * with a figurative headline lost), ru train 0.952 -> 1.000.
 */
static int headline_missed(const braid_analysis *a, const braid_vec *va, const braid_analysis *b)
{
    return braid_sim_title_cover(a, va, b) == 0;
}

/*
 * Speakers.  A headline that reports a statement names its author
 * ("Вострецов заявил, что ...", "Corbyn says", "Кудрин: ...";
 * analyze/speaker.c), and a statement is an event whose who is that
 * author: a report that never names him does not report what he said,
 * however much of the story the two share (Vostretsov's comment / the
 * abduction he commented on; Pushkov calling Bloomberg's article racist
 * / Bloomberg changing its headline; Haaland on his goal / Guerreiro's
 * two goals in the same match).  When the other article holds none of a
 * headline's speakers, the same loss as a headline whose anchors are all
 * missing (1 - thread_anchor_penalty): no new number.  A speaker counts
 * only with weight in its article's vector (a site's name after a dash
 * is furniture).  Same language only: across ru-en a name's key fails as
 * often as it matches (Ливия / Libya), and it cost xling recall 0.988 ->
 * 0.963.  Toloka pairs: ru honey 0.859 -> 0.876 (3 wrong pairs right, no
 * right pair lost), en and ru train unchanged; on the contest day it
 * keeps reactions out of the events they react to (docs/THREADS.md).
 */
int braid_sim_speaker_missed(const braid_analysis *a, const braid_vec *va, const braid_analysis *b)
{
    int any = 0;
    for (size_t i = 0; i < a->nspeakers; i++) {
        if (braid_vec_weight(va, a->speakers[i]) <= 0) continue; /* furniture, or weak */
        if (braid_analysis_has_key(b, a->speakers[i])) return 0;
        any = 1;
    }
    return any;
}

double braid_sim_pair_factor(const braid_config *cfg, const braid_analysis *aa, const braid_vec *a,
                             const braid_analysis *ab, const braid_vec *b, int same_lang)
{
    double f = braid_sim_anchor_factor(cfg, braid_sim_anchor_miss(aa, ab),
                                       braid_sim_anchor_miss(ab, aa), same_lang);
    if (same_lang && (headline_missed(aa, a, ab) || headline_missed(ab, b, aa)))
        f *= 1.0 - cfg->thread_anchor_penalty;
    if (same_lang && (braid_sim_speaker_missed(aa, a, ab) || braid_sim_speaker_missed(ab, b, aa)))
        f *= 1.0 - cfg->thread_anchor_penalty;
    return f;
}

double braid_sim_score(const braid_config *cfg, const braid_analysis *aa, const braid_vec *a,
                       const char *la, int64_t pa, const braid_analysis *ab,
                       const braid_vec *b, const char *lb, int64_t pb)
{
    if (!braid_sim_in_window(cfg, pa, pb)) return 0;
    double th = braid_sim_threshold(cfg, la, lb);
    double c = braid_sim_xlingual(la, lb) ? braid_vec_xcos(a, b) : braid_vec_dot(a, b);
    c *= braid_sim_pair_factor(cfg, aa, a, ab, b, braid_sim_same_lang(la, lb));
    return th > 0 ? c / th : (c > 0 ? 1e9 : 0);
}
