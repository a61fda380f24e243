/*
 * stopwords.h — function words per language, looked up on the folded form.
 */
#ifndef BRAID_ANALYZE_STOPWORDS_H
#define BRAID_ANALYZE_STOPWORDS_H

#include <stddef.h>

/* Is the case-folded word w[0..len) a stopword of `lang` (ISO 639-1)?
 * Languages without a list answer 0. */
int braid_stopword_is(const char *lang, const char *w, size_t len);

/* Does `lang` have a stopword list? */
int braid_stopword_has_lang(const char *lang);

#endif
