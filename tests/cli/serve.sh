#!/bin/sh
# serve.sh — `braid serve` speaks the contest's protocol and keeps what it
# acknowledged: index a set, query, SIGTERM, restart, query (same answer),
# delete some, query; replace (204), unknown delete (404), the JSON API,
# health, metrics and the page.  Prints "ok NAME" / "not ok NAME".
set -u
. "$(dirname "$0")/serve.lib"

make_set "$T/set" 24
start_server s1 --db "$T/db"
check "server starts and reports a port" '[ -n "$PORT" ]'
check "healthz says ok" '[ "$(code GET /healthz)" = 200 ] && grep -q "\"status\":\"ok\"" "$T/body"'

put_all "$T/set" 86400 > "$T/codes"
check "every new article answers 201" '[ "$(sort -u "$T/codes")" = 201 ] && [ $(wc -l < "$T/codes") -eq 24 ]'

q='/threads?period=86400&lang_code=en&category=any'
check "GET /threads answers 200" '[ "$(code GET "$q")" = 200 ]'
cp "$T/body" "$T/en1.json"
code GET '/threads?period=86400&lang_code=ru&category=any' > /dev/null; cp "$T/body" "$T/ru1.json"
check "threads hold the English articles" 'grep -q "\"a0.html\"" "$T/en1.json" && grep -q "\"a2.html\"" "$T/en1.json"'
check "English threads hold no Russian article" '! grep -q "\"a1.html\"" "$T/en1.json"'
check "Russian threads hold the Russian articles" 'grep -q "\"a1.html\"" "$T/ru1.json"'
check "category present for category=any" 'grep -q "\"category\":" "$T/en1.json"'
check "threads have titles" 'grep -q "\"title\":\"Parliament approves" "$T/en1.json"'
code GET '/threads?period=60&lang_code=en&category=any' > /dev/null
check "a short period keeps only recent articles" '! grep -q "\"a0.html\"" "$T/body" && grep -q "\"a22.html\"" "$T/body"'
check "bad period is 400 with a JSON message" '[ "$(code GET "/threads?period=x&lang_code=en")" = 400 ] && grep -q "\"message\"" "$T/body"'
check "unknown category is 400" '[ "$(code GET "/threads?period=60&lang_code=en&category=nope")" = 400 ]'

stop_server TERM
check "SIGTERM stops the server cleanly" 'grep -q "stopped" "$T/s1.log"'
start_server s2 --db "$T/db"
check "restart loads every article" 'grep -q "ready: 24 articles" "$T/s2.log"'
code GET "$q" > /dev/null; cp "$T/body" "$T/en2.json"
code GET '/threads?period=86400&lang_code=ru&category=any' > /dev/null; cp "$T/body" "$T/ru2.json"
check "same English answer after restart" 'cmp -s "$T/en1.json" "$T/en2.json"'
check "same Russian answer after restart" 'cmp -s "$T/ru1.json" "$T/ru2.json"'
# (a replacement re-places the article at the end of the order, so it comes
# after the restart comparison: see "Same answer after restart" in SERVER.md)
check "PUT of a known name answers 204" '[ "$(code PUT /a0.html -H "Content-Type: text/html" -H "Cache-Control: max-age=86400" --data-binary @"$T/set/a0.html")" = 204 ]'

check "DELETE answers 204" '[ "$(code DELETE /a0.html)" = 204 ] && [ "$(code DELETE /a2.html)" = 204 ]'
check "DELETE of an unknown name answers 404" '[ "$(code DELETE /a0.html)" = 404 ]'
code GET "$q" > /dev/null
check "deleted articles leave the threads" '! grep -q "\"a0.html\"" "$T/body" && ! grep -q "\"a2.html\"" "$T/body" && grep -q "\"a4.html\"" "$T/body"'

# JSON API
check "GET /api/threads" '[ "$(code GET "/api/threads?lang=en&period=86400")" = 200 ] && grep -q "\"sources\"" "$T/body" && grep -q "\"languages\"" "$T/body"'
check "threads carry story ids (linked at start and after writes)" 'grep -q "\"story\":[0-9]" "$T/body" && ! grep -q "\"story\":null" "$T/body"'
id=$(sed -n 's/^{"now":[^[]*\[{"id":\([0-9]*\).*/\1/p' "$T/body")
check "GET /api/threads/ID lists articles with sites and times" '[ -n "$id" ] && [ "$(code GET "/api/threads/$id")" = 200 ] && grep -q "\"site\":\"site" "$T/body" && grep -q "\"time\":\"2019-11-18T10:" "$T/body" && grep -q "\"entities\":" "$T/body"'
check "unknown thread is 404" '[ "$(code GET /api/threads/999999)" = 404 ]'
check "GET /api/articles/NAME has the text" '[ "$(code GET /api/articles/a4.html)" = 200 ] && grep -q "\"text\":\"A volcano erupted" "$T/body" && grep -q "\"lang\":\"en\"" "$T/body"'
check "deleted article is 404 in the API" '[ "$(code GET /api/articles/a0.html)" = 404 ]'
check "metrics in Prometheus format" '[ "$(code GET /metrics)" = 200 ] && grep -q "^braid_articles 22$" "$T/body" && grep -q "braid_request_duration_seconds_bucket{route=\"threads\"" "$T/body"'
check "the page is served" '[ "$(code GET /)" = 200 ] && grep -q "<title>braid" "$T/body" && [ "$(code GET /app.js)" = 200 ]'

# expiry: "now" is the newest publication time; max-age counts from it
article "$T/late.html" en 2 59
sed -i 's/T10:59:00/T23:59:00/' "$T/late.html"
code PUT /short.html -H 'Content-Type: text/html' -H 'Cache-Control: max-age=60' --data-binary @"$T/set/a6.html" > /dev/null
code PUT /late.html -H 'Content-Type: text/html' -H 'Cache-Control: max-age=86400' --data-binary @"$T/late.html" > /dev/null
code GET '/threads?period=1000000&lang_code=en&category=any' > /dev/null
check "expired articles are not listed" '! grep -q "\"short.html\"" "$T/body" && grep -q "\"late.html\"" "$T/body" && grep -q "\"a4.html\"" "$T/body"'

# JSON and plain-text bodies
code PUT /j1 -H 'Content-Type: application/json' -H 'Cache-Control: max-age=86400' \
  --data '{"title":"Volcano erupts on Iceland again","text":"A volcano erupted near Reykjavik, airlines cancelled flights.","published":"2019-11-19T10:00:00Z","source":"json.example"}' > "$T/c"
check "a JSON article is accepted" '[ "$(cat "$T/c")" = 201 ] && [ "$(code GET /api/articles/j1)" = 200 ] && grep -q "json.example" "$T/body"'
code PUT /t1.txt -H 'Content-Type: text/plain' --data 'Plain headline about the budget

The parliament approved the budget after a debate on Tuesday evening.' > "$T/c"
check "a plain-text article is accepted" '[ "$(cat "$T/c")" = 201 ]'

# a thread view's key dates follow its members (refreshed by the committer
# after each batch): a date one article mentions is a key of its singleton
# thread, and no longer once a second report without it joins
xt='The Lithuanian parliament in Vilnius approved the 2020 state budget with 78 votes in favour. Finance minister Vilius Sapoka said spending on pensions and teachers will grow. The opposition called the plan unrealistic and promised to appeal to the constitutional court. The budget counts on growth of 2.6 percent and a deficit of 0.3 percent.'
code PUT /x1 -H 'Content-Type: application/json' -H 'Cache-Control: max-age=86400' \
  --data "{\"title\":\"Lithuanian parliament approves the 2020 budget\",\"text\":\"$xt The vote took place on 14 November 2019.\",\"published\":\"2019-11-19T11:00:00Z\",\"source\":\"lt.example\"}" > /dev/null
code GET /api/articles/x1 > /dev/null
xid=$(sed -n 's/.*"thread":\([0-9]*\).*/\1/p' "$T/body")
code GET "/api/threads/$xid" > /dev/null
check "thread view: a singleton's date is a key" '[ -n "$xid" ] && grep -q "\"dates\":\[\"2019-11-14\"\]" "$T/body"'
code PUT /x2 -H 'Content-Type: application/json' -H 'Cache-Control: max-age=86400' \
  --data "{\"title\":\"Lithuania's parliament passes the 2020 state budget\",\"text\":\"$xt\",\"published\":\"2019-11-19T11:05:00Z\",\"source\":\"news.example\"}" > /dev/null
code GET /api/articles/x2 > /dev/null
check "thread view: the second report joins the thread" 'grep -q "\"thread\":$xid[,}]" "$T/body"'
code GET "/api/threads/$xid" > /dev/null
check "thread view: keys follow the new member (a date one of two mentions is not a key)" 'grep -q "\"size\":2" "$T/body" && grep -q "\"dates\":\[\]" "$T/body"'
# the thread's title is its best headline, not merely the earliest
code PUT /x0 -H 'Content-Type: application/json' -H 'Cache-Control: max-age=86400' \
  --data "{\"title\":\"Budget?\",\"text\":\"$xt\",\"published\":\"2019-11-19T10:55:00Z\",\"source\":\"blog.example\"}" > /dev/null
code GET /api/articles/x0 > /dev/null
check "a third report with a poor headline joins the thread" 'grep -q "\"thread\":$xid[,}]" "$T/body"'
code GET "/threads?period=86400&lang_code=en" > /dev/null
check "the thread keeps its best headline, not the earliest one" 'grep -q "\"title\":\"Lithuanian parliament approves the 2020 budget\",\"category\":\"[a-z]*\",\"articles\":\[[^]]*\"x0\"" "$T/body" && ! grep -q "\"title\":\"Budget?\"" "$T/body"'
stop_server TERM

# server_stale_ms: a cached list may lag writes by that long, never more
start_server s3 --db "$T/db3" --set server_stale_ms=600000
code PUT /a0.html -H 'Content-Type: text/html' -H 'Cache-Control: max-age=86400' --data-binary @"$T/set/a0.html" > /dev/null
code GET "$q" > /dev/null; cp "$T/body" "$T/st1.json"
code PUT /a2.html -H 'Content-Type: text/html' -H 'Cache-Control: max-age=86400' --data-binary @"$T/set/a2.html" > /dev/null
code GET "$q" > /dev/null; cp "$T/body" "$T/st2.json"
check "server_stale_ms: a cached answer is served after a write" 'grep -q "\"a0.html\"" "$T/st2.json" && ! grep -q "\"a2.html\"" "$T/st2.json" && cmp -s "$T/st1.json" "$T/st2.json"'
code GET '/threads?period=86401&lang_code=en&category=any' > /dev/null
check "server_stale_ms: a new question gets a fresh answer" 'grep -q "\"a2.html\"" "$T/body"'
stop_server TERM
check "no sanitizer or leak reports in the server logs" '! grep -l "Sanitizer\|runtime error" "$T"/*.log'
