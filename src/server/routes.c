/*
 * routes.c — from a complete request to a response: which handler, name
 * checks, readiness, JSON errors, and the numbers /metrics and /healthz
 * report.
 *
 * Paths: "/" and page assets, /threads, /healthz, /metrics and /api/...
 * are the server's; every other single-segment path is an article name
 * (PUT and DELETE only).  Names are checked here once: not empty, at most
 * 255 bytes, no '/', no "..", no control characters — a name is a key,
 * never a path, but it may reach logs and a file system one day.
 */
#include "server/server.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/json_write.h"

double braid_server_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void braid_server_error(braid_resp *rs, int status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rs->status = status;
    rs->ctype = "application/json";
    rs->fixed = NULL;
    buf_clear(&rs->body);
    buf_printf(&rs->body, "{\"error\":{\"status\":%d,\"message\":", status);
    json_cstr_or_null(&rs->body, msg);
    buf_puts(&rs->body, "}}\n");
}

static const char *const route_names[R_COUNT] = {
    "put", "delete", "threads", "api_threads", "api_thread", "api_article",
    "healthz", "metrics", "page", "other",
};
static const int codes[N_CODES] = {200, 201, 204, 400, 401, 404, 405, 408,
                                   413, 431, 500, 503, 0, 0};
static const double bounds[LAT_BUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05,
                                           0.1, 0.25, 0.5, 1, 2.5, 5, 10};

void braid_server_observe(braid_server *s, int route, int status, double sec)
{
    if (route < 0 || route >= R_COUNT) route = R_OTHER;
    int ci = N_CODES - 1; /* "other" */
    for (int i = 0; i < N_CODES - 2; i++)
        if (codes[i] == status) ci = i;
    int bi = LAT_BUCKETS;
    for (int i = 0; i < LAT_BUCKETS; i++)
        if (sec <= bounds[i]) {
            bi = i;
            break;
        }
    pthread_mutex_lock(&s->m.mu);
    s->m.requests[route][ci]++;
    s->m.lat[route][bi]++;
    s->m.lat_sum[route] += sec;
    s->m.lat_n[route]++;
    pthread_mutex_unlock(&s->m.mu);
}

static size_t rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return 0;
    unsigned long pages = 0, res = 0;
    if (fscanf(f, "%lu %lu", &pages, &res) != 2) res = 0;
    fclose(f);
    return (size_t)res * 4096;
}

void braid_server_metrics(braid_server *s, buf *o)
{
    braid_index_stats st;
    braid_index_stats_get(s->ix, &st);
    braid_commit_stats cs;
    braid_committer_stats(s->cm, &cs);
    buf_puts(o, "# HELP braid_articles Articles in the index.\n# TYPE braid_articles gauge\n");
    buf_printf(o, "braid_articles %zu\n", st.articles);
    buf_puts(o, "# HELP braid_news_articles Indexed articles classified as news.\n"
                "# TYPE braid_news_articles gauge\n");
    buf_printf(o, "braid_news_articles %zu\n", st.news);
    buf_puts(o, "# HELP braid_threads Non-empty threads.\n# TYPE braid_threads gauge\n");
    buf_printf(o, "braid_threads %zu\n", st.threads);
    buf_puts(o, "# HELP braid_sources Distinct sites seen.\n# TYPE braid_sources gauge\n");
    buf_printf(o, "braid_sources %zu\n", st.sites);
    buf_puts(o, "# HELP braid_now_seconds Publication time of the newest article.\n"
                "# TYPE braid_now_seconds gauge\n");
    buf_printf(o, "braid_now_seconds %lld\n", st.now == INT64_MIN ? 0LL : (long long)st.now);
    buf_puts(o, "# HELP braid_ready 1 once the index is rebuilt from the store.\n"
                "# TYPE braid_ready gauge\n");
    buf_printf(o, "braid_ready %d\n", braid_index_ready(s->ix));
    buf_puts(o, "# HELP braid_load_seconds Time to rebuild the index at start.\n"
                "# TYPE braid_load_seconds gauge\n");
    buf_printf(o, "braid_load_seconds %.3f\n", s->load_seconds);
    buf_puts(o, "# HELP braid_index_bytes Memory of the index's own tables (not the clusterer).\n"
                "# TYPE braid_index_bytes gauge\n");
    buf_printf(o, "braid_index_bytes %zu\n", st.mem_bytes);
    buf_puts(o, "# HELP braid_clusterer_bytes Memory the clusterer holds, by part.\n"
                "# TYPE braid_clusterer_bytes gauge\n");
    const struct { const char *part; size_t v; } parts[] = {
        {"records", st.clusterer.records},       {"features", st.clusterer.features},
        {"vectors", st.clusterer.vectors},       {"threads", st.clusterer.threads},
        {"centroids", st.clusterer.centroids},   {"postings", st.clusterer.postings},
        {"statistics", st.clusterer.statistics}, {"total", st.clusterer.total}};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        buf_printf(o, "braid_clusterer_bytes{part=\"%s\"} %zu\n", parts[i].part, parts[i].v);
    buf_puts(o, "# HELP process_resident_memory_bytes Resident memory.\n"
                "# TYPE process_resident_memory_bytes gauge\n");
    buf_printf(o, "process_resident_memory_bytes %zu\n", rss_bytes());
    buf_puts(o, "# HELP braid_commit_batches_total Group commits.\n"
                "# TYPE braid_commit_batches_total counter\n");
    buf_printf(o, "braid_commit_batches_total %llu\n", cs.batches);
    buf_puts(o, "# HELP braid_commit_ops_total Writes committed.\n"
                "# TYPE braid_commit_ops_total counter\n");
    buf_printf(o, "braid_commit_ops_total %llu\n", cs.ops);
    buf_puts(o, "# HELP braid_commit_failures_total Failed group commits.\n"
                "# TYPE braid_commit_failures_total counter\n");
    buf_printf(o, "braid_commit_failures_total %llu\n", cs.failures);
    buf_puts(o, "# HELP braid_commit_max_batch Largest group commit.\n"
                "# TYPE braid_commit_max_batch gauge\n");
    buf_printf(o, "braid_commit_max_batch %zu\n", cs.max_batch);
    buf_puts(o, "# HELP braid_expired_total Articles removed on expiry.\n"
                "# TYPE braid_expired_total counter\n");
    buf_printf(o, "braid_expired_total %llu\n", cs.expired);

    pthread_mutex_lock(&s->m.mu);
    buf_puts(o, "# HELP braid_requests_total HTTP requests by route and status.\n"
                "# TYPE braid_requests_total counter\n");
    for (int r = 0; r < R_COUNT; r++)
        for (int c = 0; c < N_CODES; c++) {
            if (!s->m.requests[r][c]) continue;
            if (codes[c])
                buf_printf(o, "braid_requests_total{route=\"%s\",code=\"%d\"} %llu\n",
                           route_names[r], codes[c], s->m.requests[r][c]);
            else
                buf_printf(o, "braid_requests_total{route=\"%s\",code=\"other\"} %llu\n",
                           route_names[r], s->m.requests[r][c]);
        }
    buf_puts(o, "# HELP braid_request_duration_seconds Time from request to response.\n"
                "# TYPE braid_request_duration_seconds histogram\n");
    for (int r = 0; r < R_COUNT; r++) {
        if (!s->m.lat_n[r]) continue;
        unsigned long long cum = 0;
        for (int b = 0; b < LAT_BUCKETS; b++) {
            cum += s->m.lat[r][b];
            buf_printf(o, "braid_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                       route_names[r], bounds[b], cum);
        }
        cum += s->m.lat[r][LAT_BUCKETS];
        buf_printf(o, "braid_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
                   route_names[r], cum);
        buf_printf(o, "braid_request_duration_seconds_sum{route=\"%s\"} %.6f\n", route_names[r],
                   s->m.lat_sum[r]);
        buf_printf(o, "braid_request_duration_seconds_count{route=\"%s\"} %llu\n", route_names[r],
                   s->m.lat_n[r]);
    }
    pthread_mutex_unlock(&s->m.mu);
}

static const char *name_problem(const char *name)
{
    size_t n = strlen(name);
    if (!n) return "empty article name";
    if (n > 255) return "article name longer than 255 bytes";
    if (strstr(name, "..")) return "article name contains '..'";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c == '/') return "article name contains '/'";
        if (c < 0x20 || c == 0x7f) return "article name contains a control character";
    }
    return NULL;
}

static void health(braid_server *s, braid_resp *rs)
{
    braid_index_stats st;
    braid_index_stats_get(s->ix, &st);
    int ready = braid_index_ready(s->ix);
    rs->status = ready ? 200 : 503;
    rs->ctype = "application/json";
    rs->cache_control = "no-store";
    buf_printf(&rs->body, "{\"status\":\"%s\",\"articles\":%zu,\"threads\":%zu,"
                          "\"uptime_seconds\":%.0f,\"store\":\"%s\",\"version\":\"%s\"}\n",
               ready ? "ok" : "loading", st.articles, st.threads,
               braid_server_clock() - s->started, braid_store_scheme(s->store), BRAID_VERSION);
    if (!ready) rs->retry_after = 1;
}

void braid_server_route(braid_server *s, const braid_req *rq, braid_resp *rs)
{
    const char *p = rq->path, *m = rq->method;
    int get = !strcmp(m, "GET") || !strcmp(m, "HEAD");
    int ready = braid_index_ready(s->ix);

    if (!strcmp(p, "/healthz")) {
        rs->route = R_HEALTH;
        if (!get) goto not_allowed_get;
        health(s, rs);
        return;
    }
    if (!strcmp(p, "/metrics")) {
        rs->route = R_METRICS;
        if (!get) goto not_allowed_get;
        rs->status = 200;
        rs->ctype = "text/plain; version=0.0.4";
        braid_server_metrics(s, &rs->body);
        return;
    }
    if (get && braid_page_serve(p, rs)) {
        rs->route = R_PAGE;
        return;
    }
    if (!strcmp(p, "/threads") || !strncmp(p, "/api/", 5) || !strcmp(p, "/api")) {
        rs->route = !strcmp(p, "/threads") ? R_THREADS : R_API_THREADS;
        if (!get) goto not_allowed_get;
        if (!ready) {
            rs->retry_after = 1;
            braid_server_error(rs, 503, "the index is loading");
            return;
        }
        if (rs->route == R_THREADS) braid_tgnews_threads(s, rq, rs);
        else braid_api_route(s, rq, rs);
        return;
    }
    /* /<name> */
    const char *name = p + 1;
    int put = !strcmp(m, "PUT"), del = !strcmp(m, "DELETE");
    rs->route = put ? R_PUT : del ? R_DELETE : R_OTHER;
    if (!put && !del) {
        if (get) {
            braid_server_error(rs, 404, "%s: not found (articles are read at /api/articles/NAME)", p);
            return;
        }
        rs->allow = "PUT, DELETE";
        braid_server_error(rs, 405, "%s not allowed on %s", m, p);
        return;
    }
    const char *why = name_problem(name);
    if (why) {
        braid_server_error(rs, 400, "%s", why);
        return;
    }
    if (!ready) {
        rs->retry_after = 1;
        braid_server_error(rs, 503, "the index is loading");
        return;
    }
    if (put) braid_tgnews_put(s, rq, name, rs);
    else braid_tgnews_delete(s, rq, name, rs);
    return;

not_allowed_get:
    rs->allow = "GET, HEAD";
    braid_server_error(rs, 405, "%s not allowed on %s", m, p);
}
