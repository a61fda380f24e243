/*
 * metrics.c — confusion matrices and the figures read off them (accuracy,
 * per-class precision/recall/F1, macro-F1), shared by `braid train`'s
 * validation report and `braid eval categories` so the two can never
 * compute a figure differently.
 *
 * Macro-F1 averages over the classes that occur in the gold labels or in
 * the predictions (as scikit-learn does): a class that is predicted but
 * never right counts as F1 = 0 rather than disappearing.
 */
#include "classify/classify.h"

#include <stdio.h>
#include <string.h>

void braid_confusion_init(braid_confusion *c, int k)
{
    memset(c, 0, sizeof *c);
    c->k = k < BRAID_CLS_MAX_CLASSES ? k : BRAID_CLS_MAX_CLASSES;
}

void braid_confusion_add(braid_confusion *c, int gold, int pred)
{
    if (gold >= 0 && gold < c->k && pred >= 0 && pred < c->k) c->m[gold][pred]++;
}

size_t braid_confusion_total(const braid_confusion *c)
{
    size_t n = 0;
    for (int i = 0; i < c->k; i++)
        for (int j = 0; j < c->k; j++) n += c->m[i][j];
    return n;
}

double braid_confusion_accuracy(const braid_confusion *c)
{
    size_t n = braid_confusion_total(c), ok = 0;
    for (int i = 0; i < c->k; i++) ok += c->m[i][i];
    return n ? (double)ok / (double)n : 0.0;
}

static void sums(const braid_confusion *c, int i, size_t *gold, size_t *pred)
{
    *gold = *pred = 0;
    for (int j = 0; j < c->k; j++) {
        *gold += c->m[i][j];
        *pred += c->m[j][i];
    }
}

void braid_confusion_prf(const braid_confusion *c, int i, double *p, double *r, double *f)
{
    size_t gold, pred;
    sums(c, i, &gold, &pred);
    double tp = (double)c->m[i][i];
    *p = pred ? tp / (double)pred : 0.0;
    *r = gold ? tp / (double)gold : 0.0;
    *f = (*p + *r) > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}

double braid_confusion_macro_f1(const braid_confusion *c)
{
    double sum = 0;
    int n = 0;
    for (int i = 0; i < c->k; i++) {
        size_t gold, pred;
        sums(c, i, &gold, &pred);
        if (!gold && !pred) continue;
        double p, r, f;
        braid_confusion_prf(c, i, &p, &r, &f);
        sum += f;
        n++;
    }
    return n ? sum / n : 0.0;
}

void braid_confusion_print(const braid_confusion *c, const char names[][BRAID_CLS_NAME_MAX],
                           const char *prefix, void *out)
{
    FILE *f = out;
    for (int i = 0; i < c->k; i++) {
        size_t gold, pred;
        sums(c, i, &gold, &pred);
        if (!gold && !pred) continue;
        double p, r, f1;
        braid_confusion_prf(c, i, &p, &r, &f1);
        fprintf(f, "%s%-14s P=%.3f R=%.3f F1=%.3f n=%zu\n", prefix, names[i], p, r, f1, gold);
    }
    fprintf(f, "%saccuracy=%.4f macro_f1=%.4f n=%zu\n", prefix, braid_confusion_accuracy(c),
            braid_confusion_macro_f1(c), braid_confusion_total(c));
}
