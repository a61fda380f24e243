/*
 * eval_categories.c — `braid eval categories DATA...`: measure the shipped
 * (or --set model_dir=...) classifier on labelled data it was not trained
 * on: toloka TSV, JSON lines, or the BBC folder.
 *
 * Two questions, measured separately, as the aggregator asks them:
 *   - news vs not_news: precision/recall/F1 of both classes, from the news
 *     model's decision;
 *   - category: accuracy and macro-F1 over the seven categories, on the
 *     examples whose gold label is a category, from the category model
 *     (whatever the news model said, so one error is not counted twice).
 * Figures are printed overall and per language (per-class blocks, then
 * one `summary[all|en|ru]:` line each with news F1, not_news F1, their
 * binary macro-F1, category accuracy and macro-F1); the last line is
 * `categories: accuracy=A macro_f1=M news_f1=N n=K`.
 */
#include "cli/cli.h"
#include "classify/classify.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage[] =
    "usage: braid eval categories [OPTIONS] DATA...\n\n"
    "Measure news/not-news and category quality on labelled data (toloka\n"
    "TSV, JSON lines with \"label\", or the BBC News folder).  Never point it\n"
    "at data the models were trained on.\n\n"
    "options:\n"
    "  --set model_dir=DIR   evaluate the models in DIR\n"
    "  --errors              list every misclassified example on stderr\n";

static int errors_opt(void *ctx, int argc, char **argv, int i)
{
    (void)argc;
    if (!strcmp(argv[i], "--errors")) {
        *(int *)ctx = 1;
        return 1;
    }
    return 0;
}

int eval_categories(int argc, char **argv)
{
    cli_opts o;
    int show_errors = 0;
    int rc = cli_parse(argc, argv, usage, &o, errors_opt, &show_errors);
    if (rc >= 0) {
        free(o.paths);
        return rc;
    }
    if (o.npaths == 0) {
        fputs(usage, stderr);
        free(o.paths);
        return 2;
    }
    braid_error err;
    braid_dataset d = {0};
    for (int i = 0; i < o.npaths; i++) {
        struct stat st;
        braid_status s = (stat(o.paths[i], &st) == 0 && S_ISDIR(st.st_mode))
                             ? braid_dataset_read_bbc(&d, o.paths[i], &err)
                             : braid_dataset_read_file(&d, o.paths[i], &err);
        if (s != BRAID_OK) {
            fprintf(stderr, "braid eval categories: %s\n", err.message);
            braid_dataset_free(&d);
            free(o.paths);
            return s == BRAID_ENOTFOUND ? 2 : 1;
        }
    }
    braid_classifier *cls = braid_classifier_new(o.cfg.model_dir, o.cfg.news_min_score, &err);
    if (!cls) {
        fprintf(stderr, "braid eval categories: %s\n", err.message);
        braid_dataset_free(&d);
        free(o.paths);
        return 1;
    }
    char cat_names[BRAID_CLS_MAX_CLASSES][BRAID_CLS_NAME_MAX];
    for (int k = 0; k < BRAID_CAT_COUNT; k++)
        snprintf(cat_names[k], sizeof cat_names[k], "%s", braid_category_name((braid_category)k));
    char news_names[BRAID_CLS_MAX_CLASSES][BRAID_CLS_NAME_MAX] = {"not_news", "news"};
    /* [0] all, [1] en, [2] ru */
    braid_confusion cat[3], news[3];
    for (int l = 0; l < 3; l++) {
        braid_confusion_init(&cat[l], BRAID_CAT_COUNT);
        braid_confusion_init(&news[l], 2);
    }
    size_t skipped = 0;
    for (size_t i = 0; i < d.n; i++) {
        const braid_example *e = &d.v[i];
        int gold_news = strcmp(e->label, "not_news") != 0;
        braid_category gold_cat = braid_category_from_name(e->label, strlen(e->label));
        if (gold_news && gold_cat == BRAID_CAT_COUNT && strcmp(e->label, "news") != 0) {
            skipped++; /* a label this evaluation does not know */
            continue;
        }
        braid_classification r;
        if (braid_classify_text(cls, e->lang, e->title, strlen(e->title), e->text,
                                strlen(e->text), &r, &err) != BRAID_OK) {
            fprintf(stderr, "braid eval categories: %s\n", err.message);
            continue;
        }
        int li = !strcmp(e->lang, "en") ? 1 : !strcmp(e->lang, "ru") ? 2 : 0;
        for (int l = 0; l < 3; l++) {
            if (l && l != li) continue;
            braid_confusion_add(&news[l], gold_news, r.is_news);
            if (gold_cat != BRAID_CAT_COUNT) braid_confusion_add(&cat[l], gold_cat, r.category);
        }
        if (show_errors && (gold_news != r.is_news ||
                            (gold_cat != BRAID_CAT_COUNT && gold_cat != r.category)))
            fprintf(stderr, "error: %s gold=%s news=%.2f cat=%s(%.2f) %s | %.80s\n", e->lang,
                    e->label, r.news_score, braid_category_name(r.category), r.category_score,
                    e->url, e->title);
    }
    static const char *const lname[3] = {"all", "en", "ru"};
    for (int l = 0; l < 3; l++) {
        if (!braid_confusion_total(&news[l])) continue;
        char prefix[48];
        snprintf(prefix, sizeof prefix, "%s news: ", lname[l]);
        braid_confusion_print(&news[l], news_names, prefix, stdout);
        snprintf(prefix, sizeof prefix, "%s category: ", lname[l]);
        braid_confusion_print(&cat[l], cat_names, prefix, stdout);
    }
    if (skipped) printf("skipped %zu examples with unknown labels\n", skipped);
    double p, r, f;
    for (int l = 0; l < 3; l++) {
        if (!braid_confusion_total(&news[l])) continue;
        double f0;
        braid_confusion_prf(&news[l], 0, &p, &r, &f0);
        braid_confusion_prf(&news[l], 1, &p, &r, &f);
        printf("summary[%s]: news_F1=%.4f not_news_F1=%.4f binary_macro_F1=%.4f "
               "category_accuracy=%.4f category_macro_F1=%.4f n=%zu/%zu\n",
               lname[l], f, f0, braid_confusion_macro_f1(&news[l]),
               braid_confusion_accuracy(&cat[l]), braid_confusion_macro_f1(&cat[l]),
               braid_confusion_total(&news[l]), braid_confusion_total(&cat[l]));
    }
    braid_confusion_prf(&news[0], 1, &p, &r, &f);
    printf("categories: accuracy=%.4f macro_f1=%.4f news_f1=%.4f n=%zu\n",
           braid_confusion_accuracy(&cat[0]), braid_confusion_macro_f1(&cat[0]), f,
           braid_confusion_total(&news[0]));
    braid_classifier_free(cls);
    braid_dataset_free(&d);
    free(o.paths);
    return 0;
}
