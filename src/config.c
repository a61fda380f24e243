/*
 * config.c — defaults, parsing and printing of braid_config.
 *
 * One table lists every key with its type, offset and bounds, so that
 * `--set key=value`, config files and `braid config` (which prints the
 * effective configuration) cannot drift apart.  Adding a setting means
 * adding a field to braid_config, a default here, and one table row.
 */
#include "error.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_SIZE, K_INT, K_DOUBLE, K_PATH };

struct key {
    const char *name;
    enum kind kind;
    size_t offset;
    double min, max;
};

#define F(field) offsetof(braid_config, field)
static const struct key keys[] = {
    {"max_doc_bytes", K_SIZE, F(max_doc_bytes), 1, 1e10},
    {"max_html_depth", K_INT, F(max_html_depth), 8, 100000},
    {"min_text_chars", K_INT, F(min_text_chars), 0, 1e6},
    {"read_jobs", K_INT, F(read_jobs), 0, 64},
    {"lid_model", K_PATH, F(lid_model), 0, 0},
    {"lang_words_model", K_PATH, F(lang_words_model), 0, 0},
    {"lang_min_confidence", K_DOUBLE, F(lang_min_confidence), 0, 1},
    {"lang_dicts", K_INT, F(lang_dicts), 0, 1},
    {"lexicon_path", K_PATH, F(lexicon_path), 0, 0},
    {"thread_window_hours", K_DOUBLE, F(thread_window_hours), 0, 24 * 365},
    {"thread_sim_same", K_DOUBLE, F(thread_sim_same), 0, 1},
    {"thread_sim_cross", K_DOUBLE, F(thread_sim_cross), 0, 1},
    {"thread_w_entity", K_DOUBLE, F(thread_w_entity), 0, 100},
    {"thread_w_number", K_DOUBLE, F(thread_w_number), 0, 100},
    {"thread_w_date", K_DOUBLE, F(thread_w_date), 0, 100},
    {"thread_w_xterm", K_DOUBLE, F(thread_w_xterm), 0, 100},
    {"thread_title_boost", K_DOUBLE, F(thread_title_boost), 0, 100},
    {"thread_anchor_penalty", K_DOUBLE, F(thread_anchor_penalty), 0, 1},
    {"thread_anchor_conflict", K_DOUBLE, F(thread_anchor_conflict), 0, 1},
    {"thread_merge_cross", K_DOUBLE, F(thread_merge_cross), 0, 1},
    {"thread_merge_same", K_DOUBLE, F(thread_merge_same), 0, 1},
    {"thread_max_features", K_INT, F(thread_max_features), 8, 100000},
    {"dup_max_bits", K_INT, F(dup_max_bits), 0, 64},
    {"story_sim", K_DOUBLE, F(story_sim), 0, 1},
    {"story_window_days", K_DOUBLE, F(story_window_days), 0, 3650},
    {"model_dir", K_PATH, F(model_dir), 0, 0},
    {"news_min_score", K_DOUBLE, F(news_min_score), 0, 1},
    {"server_port", K_INT, F(server_port), 0, 65535},
    {"server_bind", K_PATH, F(server_bind), 0, 0},
    {"server_db", K_PATH, F(server_db), 0, 0},
    {"server_token", K_PATH, F(server_token), 0, 0},
    {"server_max_body", K_SIZE, F(server_max_body), 1, 1e10},
    {"server_max_header", K_SIZE, F(server_max_header), 4096, 1 << 24},
    {"server_max_connections", K_INT, F(server_max_connections), 1, 100000},
    {"server_timeout", K_INT, F(server_timeout), 1, 86400},
    {"server_request_timeout", K_INT, F(server_request_timeout), 1, 86400},
    {"server_workers", K_INT, F(server_workers), 0, 64},
    {"server_max_batch", K_INT, F(server_max_batch), 1, 100000},
    {"server_stale_ms", K_INT, F(server_stale_ms), 0, 3600000},
    {"server_story_seconds", K_INT, F(server_story_seconds), 0, 86400},
};
#undef F

void braid_config_init(braid_config *c)
{
    memset(c, 0, sizeof *c);
    c->max_doc_bytes = 10u * 1024 * 1024;
    c->max_html_depth = 512;
    c->min_text_chars = 1;
    c->read_jobs = 0;
    c->lid_model[0] = '\0';
    c->lang_words_model[0] = '\0';
    c->lang_min_confidence = 0.30;
    c->lang_dicts = 0;
    /* threads: measured values, see docs/THREADS.md */
    c->lexicon_path[0] = '\0';
    c->thread_window_hours = 72;
    c->thread_sim_same = 0.30;
    c->thread_sim_cross = 0.12;
    c->thread_w_entity = 1.0;
    c->thread_w_number = 0.5;
    c->thread_w_date = 1.0;
    c->thread_w_xterm = 1.0;
    c->thread_title_boost = 2.0;
    c->thread_anchor_penalty = 0.5;
    c->thread_anchor_conflict = 0.3;
    c->thread_merge_cross = 0.20;
    c->thread_merge_same = 0.65;
    c->thread_max_features = 200;
    c->dup_max_bits = 3;
    c->story_sim = 0.25;
    c->story_window_days = 30;
    c->model_dir[0] = '\0';
    c->news_min_score = 0.5;
    /* server: docs/SERVER.md */
    c->server_port = 8080;
    strcpy(c->server_bind, "127.0.0.1");
    strcpy(c->server_db, "braid.db");
    c->server_token[0] = '\0';
    c->server_max_body = 10u * 1024 * 1024;
    c->server_max_header = 32u * 1024;
    c->server_max_connections = 256;
    c->server_timeout = 30;
    c->server_request_timeout = 60;
    c->server_workers = 0;
    c->server_max_batch = 1024;
    c->server_stale_ms = 0;
    c->server_story_seconds = 120;
}

static const struct key *find_key(const char *name)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(keys[i].name, name) == 0) return &keys[i];
    return NULL;
}

braid_status braid_config_set(braid_config *c, const char *name,
                              const char *value, braid_error *err)
{
    const struct key *k = find_key(name);
    if (!k) return braid_err_set(err, BRAID_EINVAL, "config: unknown key '%s'", name);
    char *slot = (char *)c + k->offset;
    if (k->kind == K_PATH) {
        size_t n = strlen(value);
        if (n >= sizeof c->lid_model)
            return braid_err_set(err, BRAID_EINVAL, "config: %s: path too long", name);
        memcpy(slot, value, n + 1);
        return BRAID_OK;
    }
    char *end;
    errno = 0;
    double v = strtod(value, &end);
    /* size suffixes for byte counts: 10M, 512K, 1G */
    if (k->kind == K_SIZE && end != value && *end) {
        if (*end == 'K' || *end == 'k') { v *= 1024; end++; }
        else if (*end == 'M' || *end == 'm') { v *= 1024 * 1024; end++; }
        else if (*end == 'G' || *end == 'g') { v *= 1024.0 * 1024 * 1024; end++; }
    }
    if (end == value || *end || errno)
        return braid_err_set(err, BRAID_EINVAL, "config: %s: '%s' is not a number", name, value);
    if (v < k->min || v > k->max)
        return braid_err_set(err, BRAID_EINVAL, "config: %s: %s is outside [%g, %g]",
                             name, value, k->min, k->max);
    switch (k->kind) {
    case K_SIZE: *(size_t *)slot = (size_t)v; break;
    case K_INT: *(int *)slot = (int)v; break;
    case K_DOUBLE: *(double *)slot = v; break;
    case K_PATH: break;
    }
    return BRAID_OK;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r')) e--;
    *e = '\0';
    return s;
}

braid_status braid_config_load(braid_config *c, const char *path, braid_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f) return braid_err_set(err, BRAID_EIO, "%s: cannot open: %s", path, strerror(errno));
    char line[2048];
    int lineno = 0;
    braid_status st = BRAID_OK;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#') continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            st = braid_err_set(err, BRAID_EINVAL, "%s:%d: expected 'key = value'", path, lineno);
            break;
        }
        *eq = '\0';
        char *k = trim(s), *v = trim(eq + 1);
        braid_error e2;
        if (braid_config_set(c, k, v, &e2) != BRAID_OK) {
            st = braid_err_set(err, e2.code, "%s:%d: %s", path, lineno, e2.message);
            break;
        }
    }
    fclose(f);
    return st;
}

void braid_config_print(const braid_config *c, void *out)
{
    FILE *f = out;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *slot = (const char *)c + keys[i].offset;
        switch (keys[i].kind) {
        case K_SIZE: fprintf(f, "%s = %zu\n", keys[i].name, *(const size_t *)slot); break;
        case K_INT: fprintf(f, "%s = %d\n", keys[i].name, *(const int *)slot); break;
        case K_DOUBLE: fprintf(f, "%s = %g\n", keys[i].name, *(const double *)slot); break;
        case K_PATH:
            /* a secret is never printed: whoever reads the listing (a CI
             * log, a support ticket) learns only that one is set */
            if (keys[i].offset == offsetof(braid_config, server_token) && *slot)
                fprintf(f, "%s = (set, not shown)\n", keys[i].name);
            else
                fprintf(f, "%s = %s\n", keys[i].name, slot);
            break;
        }
    }
}
