/*
 * test_extract_html.c — HTML extraction: main text and metadata of a
 * contest (Telegram Instant View) page, an English page full of
 * boilerplate, a Russian page, JSON-LD metadata, malformed markup, an
 * empty body, nesting 10,000 and 100,000 deep, the fields a JSON
 * line pre-fills staying as they were; photo pages (subtitle and
 * captions), the JSON-LD articleBody fallback, byline classes, an
 * article's <header>, site names cut from titles, an article split
 * over sibling sections or over CMS text modules, the excerpt before
 * the articleBody as the lead, a link-free teaser
 * kept as the lead, user reviews dropped, an article that is only in
 * <noscript>, the description as the lead of a video page, and a
 * kicker label before the article dropped, a body marked in parts, and
 * the author box under a post, calls to action, donation appeals,
 * affiliate notes, ratings, contact boxes and picture legends dropped;
 * the nesting guard (libxml2's implied end tags and end-tag priorities,
 * NUL bytes, bogus comments) and the tree libxml2's events build with
 * the HTML5 rules html_tree.c adds.
 */
#include "testutil.h"

#include <time.h>

#include "doc.h"
#include "extract/extract.h"
#include "extract/html_internal.h"

static braid_doc *extract_str(const char *html, size_t len, const braid_config *cfg)
{
    braid_doc *d = braid_doc_new("t.html", "t.html");
    assert_non_null(d);
    braid_error err;
    assert_int_equal(braid_extract_html(html, len, cfg, d, &err), BRAID_OK);
    assert_non_null(d->text);
    assert_int_equal(strlen(d->text), d->text_len);
    return d;
}

static braid_doc *extract_fixture(const char *rel)
{
    size_t n;
    char *html = fixture(rel, &n);
    braid_doc *d = extract_str(html, n, NULL);
    free(html);
    return d;
}

static void test_contest_page(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/contest.html");
    assert_string_equal(d->title, "Harbour bridge reopens after two years of repairs");
    assert_string_equal(d->url, "https://example-news.test/world/2019/11/18/harbour-bridge-reopens");
    assert_string_equal(d->site, "Example News");
    assert_string_equal(d->published, "2019-11-18T10:06:51+00:00");
    assert_string_equal(d->author, "Jane Roe");
    assert_string_equal(d->description, "The city's oldest bridge carries traffic again.");
    /* the paragraphs, in order, separated by blank lines — also after a
     * self-closed <iframe/> and <video/>, which HTML5 would leave open */
    assert_true(contains(d->text, "The harbour bridge reopened to cars on Monday morning"));
    assert_true(contains(d->text, "cables.\n\nMayor Tom Lee cut a ribbon"));
    assert_true(contains(d->text, "fifty years.\n\nBuses will return"));
    /* not the h1 title, not the address/time line, not the caption */
    assert_false(contains(d->text, "Harbour bridge reopens"));
    assert_false(contains(d->text, "18 Nov 2019"));
    assert_false(contains(d->text, "Jane Roe"));
    assert_false(contains(d->text, "Photo: City archive"));
    assert_int_equal(strncmp(d->text, "The harbour bridge", 18), 0);
    braid_doc_free(d);
}

static void test_english_boilerplate(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/en_news.html");
    assert_string_equal(d->title, "Rivers rise as storm stalls over valley");
    assert_string_equal(d->url, "https://valley-courier.test/news/rivers-rise");
    assert_string_equal(d->site, "valley-courier.test"); /* host of the url */
    assert_string_equal(d->published, "2020-03-05T08:30:00+00:00");
    assert_string_equal(d->author, "Sam Carter");
    assert_string_equal(d->description, "Flood warnings for three towns.");
    const char *must[] = {"Three rivers in the valley rose above their banks",
                          "The county opened shelters in two schools",
                          "Roads closed",
                          "Police closed the old river road",
                          "Forecasters expect the storm to move east by Saturday"};
    for (size_t i = 0; i < sizeof must / sizeof *must; i++) assert_true(contains(d->text, must[i]));
    const char *never[] = {"cookies", "Valley Courier", "Sport", "Weather", "Home",
                           "Share on Facebook", "Tweet this", "By Sam Carter", "morning briefing",
                           "newsletter", "Related stories", "Last year's floods", "2 comments",
                           "Stay safe everyone", "levee", "Most read", "cup final", "Copyright",
                           "not text", "color: red"};
    for (size_t i = 0; i < sizeof never / sizeof *never; i++)
        if (contains(d->text, never[i])) fail_msg("boilerplate kept: %s", never[i]);
    braid_doc_free(d);
}

static void test_russian_page(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/ru_news.html");
    assert_string_equal(d->title, "В Казани открыли новую станцию метро");
    assert_string_equal(d->site, "Городские новости");
    assert_string_equal(d->url, "https://gorod-news.test/2019/11/18/metro");
    assert_string_equal(d->author, "Анна Иванова");
    assert_string_equal(d->published, "2019-11-18T09:00:00+00:00"); /* +03:00 → UTC */
    assert_true(contains(d->text, "станция метро «Дубравная»"));
    assert_true(contains(d->text, "человек в день.\n\nСтроительство обошлось"));
    assert_false(contains(d->text, "Поделиться"));
    assert_false(contains(d->text, "Наконец-то"));
    assert_false(contains(d->text, "Главная"));
    assert_false(contains(d->text, "©"));
    braid_doc_free(d);
}

/* A photo page: no paragraphs, only a subtitle and captions — they are
 * the text (not the footer's heading, not the title). */
static void test_photo_page(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/photo_page.html");
    assert_string_equal(d->title, "Snow in the harbour");
    assert_string_equal(d->text, "The first snow of the winter covered the boats overnight\n\n"
                                 "Fishing boats under snow at dawn\n\n"
                                 "The ferry kept to its timetable");
    braid_doc_free(d);
    /* empty subtitles and captions on an empty page (found by fuzz_html:
     * memcmp on a buffer never written) */
    const char *empty = "<html><body><h2></h2><figure><figcaption></figcaption></figure></body></html>";
    d = extract_str(empty, strlen(empty), NULL);
    assert_string_equal(d->text, "");
    braid_doc_free(d);
}

/* The article only in JSON-LD (a script renders the page): articleBody
 * is the text, one paragraph per line, entities decoded. */
static void test_jsonld_body(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/jsonld_body.html");
    assert_string_equal(d->author, "Lena Fischer");
    assert_true(contains(d->text, "by 31 votes to 12.\n\nWork on the tracks"));
    assert_true(contains(d->text, "next spring & the first trams"));
    assert_true(contains(d->text, "carried fewer people."));
    assert_false(contains(d->text, "Loading"));
    braid_doc_free(d);
    /* a page whose HTML holds the article keeps its own text */
    const char *html =
        "<html><head><script type=\"application/ld+json\">{\"@type\":\"Article\","
        "\"articleBody\":\"Short.\"}</script></head><body><article><p>The HTML article is "
        "longer than the JSON-LD body, and it is the one that counts here, with commas, "
        "several clauses and enough text to be the article.</p></article></body></html>";
    d = extract_str(html, strlen(html), NULL);
    assert_true(contains(d->text, "The HTML article is longer"));
    assert_false(contains(d->text, "Short."));
    braid_doc_free(d);
}

/* Author from a byline class ("By " cut; a comment's author is not the
 * author); the <header> of an <article> holds the lead, which is kept,
 * while a date line there is dropped; " - Site" cut from og:title. */
static void test_byline_and_header(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/byline_class.html");
    assert_string_equal(d->author, "Anna Berg");
    assert_string_equal(d->title, "Garden notes: planting garlic");
    assert_true(contains(d->text, "Autumn is the time to plant garlic"));
    assert_true(contains(d->text, "Split the bulbs into cloves"));
    assert_false(contains(d->text, "08:30"));
    assert_false(contains(d->text, "Anna Berg"));
    assert_false(contains(d->text, "Troll"));
    braid_doc_free(d);
    const char *vcard = "<html><body><p>By <span class=\"vcard fn\">Ola Nordmann</span> on "
                        "<a class=\"date\">1 May</a></p><p class=\"x\">Text.</p></body></html>";
    d = extract_str(vcard, strlen(vcard), NULL);
    assert_string_equal(d->author, "Ola Nordmann");
    braid_doc_free(d);
    const char *label = "<html><body><span class=\"post-author\">View all posts by Kim Lee</span>"
                        "</body></html>";
    d = extract_str(label, strlen(label), NULL);
    assert_string_equal(d->author, "Kim Lee");
    braid_doc_free(d);
}

/* The article split over sibling sections: the <article> with the lead
 * and a content block beside it are both text, in page order. */
static void test_split_sections(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/split_sections.html");
    assert_true(contains(d->text, "The lock lifts boats eleven metres"));
    assert_true(contains(d->text, "every summer since.\n\nBoats enter the lower chamber"));
    assert_true(contains(d->text, "driven by electric motors."));
    assert_false(contains(d->text, "Other locks"));
    braid_doc_free(d);
}

/* An article split over CMS text modules, each in its own chain of
 * layout wrappers: all modules are text, in order (the top-scored block
 * is one module; the extractor climbs to the block holding them all),
 * and a short block named "content" elsewhere does not win. */
static void test_cms_modules(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/cms_modules.html");
    assert_int_equal(strncmp(d->text, "Alle reden von Windkraft", 24), 0);
    assert_true(contains(d->text, "der Endenergie.\n\nIn den Heizungen unserer"));
    assert_true(contains(d->text, "Von den verschiedenen Heizsystemen"));
    assert_true(contains(d->text, "Dazu kommt, dass nicht jedes"));
    assert_true(contains(d->text, "alles umbauen müssen."));
    assert_false(contains(d->text, "Öffnungszeiten"));
    assert_false(contains(d->text, "Mehr zum Thema"));
    assert_false(contains(d->text, "Wasserstoff im Netz"));
    assert_false(contains(d->text, "Impressum"));
    braid_doc_free(d);
}

/* An article in many sections beside a small <article> (an event box):
 * the container is weighed against the block holding all sections, so
 * every section is text, not just the first. */
static void test_sections_beat_small_article(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/sections_and_small_article.html");
    assert_int_equal(strncmp(d->text, "Der Verein hat am Wochenende", 28), 0);
    assert_true(contains(d->text, "meist an Samstagen.\n\nDie Halle bietet Platz"));
    assert_true(contains(d->text, "Bezahlt wurde der Bau"));
    assert_true(contains(d->text, "für ihren Einsatz dankte."));
    braid_doc_free(d);
}

/* An article whose sections are the body's own children: the climb
 * reaches <body>, and every section is text. */
static void test_body_sections(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/body_sections.html");
    assert_int_equal(strncmp(d->text, "Die Nachfrage nach erneuerbaren", 31), 0);
    assert_true(contains(d->text, "Was ist Dimethylether?\n\nDimethylether ist ein Gas"));
    assert_true(contains(d->text, "Verbraucher in Deutschland können bereits"));
    assert_true(contains(d->text, "getauscht werden müssen."));
    braid_doc_free(d);
}

/* The excerpt set apart before the articleBody inside the <article> is
 * the lead: written first; the byline between them is not. */
static void test_lead_excerpt(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/lead_excerpt.html");
    assert_int_equal(strncmp(d->text, "Dadurch sollen Privatkunden", 27), 0);
    assert_true(contains(d->text, "am Dienstag mitteilte.\n\nHerr Vilanek"));
    assert_true(contains(d->text, "wenn das Angebot einfach ist."));
    assert_false(contains(d->text, "Gregory Lipinski"));
    assert_false(contains(d->text, "Meistgelesen"));
    assert_false(contains(d->text, "Andere Artikel"));
    braid_doc_free(d);
    /* no container: the section around the body's parent holds the lead */
    static const char plain_page[] =
        "<html><body><div class=\"page\"><h1>Stille Nacht im Park</h1><div class=\"intro\"><p>Am "
        "vergangenen Freitag hat der Park zum ersten Mal seine Tore für eine Winternacht mit Laternen "
        "geöffnet, und mehr als tausend Besucher kamen.</p></div><div class=\"wrap\"><div class=\"body\">"
        "<p>Die Laternen wurden von Schulklassen aus der Stadt gebaut, jede Klasse hatte ein eigenes "
        "Thema, von Tieren bis zu fernen Planeten.</p><p>Am Eingang gab es heißen Tee und Kuchen, "
        "verkauft von Eltern, deren Einnahmen dem Förderverein der Grundschule zugutekommen.</p>"
        "<p>Die Veranstalter wollen die Nacht im nächsten Jahr wiederholen, dann vielleicht an zwei "
        "Abenden, damit es weniger voll wird.</p></div></div></div><div class=\"foot\">"
        "<a href=\"/impressum\">Impressum</a></div></body></html>";
    d = extract_str(plain_page, strlen(plain_page), NULL);
    assert_int_equal(strncmp(d->text, "Am vergangenen Freitag", 22), 0);
    assert_true(contains(d->text, "Besucher kamen.\n\nDie Laternen wurden"));
    assert_true(contains(d->text, "weniger voll wird."));
    assert_false(contains(d->text, "Impressum"));
    braid_doc_free(d);
}

/* A block named "teaser" without links is the article's lead and is
 * kept; a list of teasers linking to other articles is dropped. */
static void test_teaser_lead(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/teaser_lead.html");
    assert_int_equal(strncmp(d->text, "Nach drei Jahren Bauzeit", 24), 0);
    assert_true(contains(d->text, "freigegeben worden.\n\nDie Brücke ist 420 Meter lang"));
    assert_true(contains(d->text, "danach wird sie stillgelegt."));
    assert_false(contains(d->text, "Fährbetrieb wird eingestellt"));
    assert_false(contains(d->text, "Die Fähre fährt nur noch"));
    assert_false(contains(d->text, "Radweg am Ufer"));
    braid_doc_free(d);
}

/* User reviews under a product description are comments: dropped. */
static void test_product_reviews(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/product_reviews.html");
    assert_true(contains(d->text, "Ein milder Kaffee aus dem Süden"));
    assert_true(contains(d->text, "die lange anhält."));
    assert_false(contains(d->text, "Kundenbewertungen"));
    assert_false(contains(d->text, "duftet herrlich"));
    assert_false(contains(d->text, "zu sauer"));
    braid_doc_free(d);
}

/* A script-rendered page with its article in <noscript>: the page has
 * no other text, so <noscript> is read (and the menus still are not). */
static void test_noscript_body(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/noscript_body.html");
    assert_int_equal(strncmp(d->text, "Over the past years", 19), 0);
    assert_true(contains(d->text, "many sites at once.\n\nThe new check warns"));
    assert_false(contains(d->text, "Archive"));
    assert_false(contains(d->text, "Privacy"));
    assert_false(contains(d->text, "renderPost"));
    braid_doc_free(d);
    /* a page with text of its own does not read its <noscript> */
    static const char own[] =
        "<html><body><article><p>The council approved the new budget on Tuesday after a long debate "
        "about school funding, road repairs and the library's opening hours.</p></article>"
        "<noscript><p>Please enable JavaScript to see the comments on this article.</p></noscript>"
        "</body></html>";
    d = extract_str(own, strlen(own), NULL);
    assert_true(contains(d->text, "The council approved"));
    assert_false(contains(d->text, "enable JavaScript"));
    braid_doc_free(d);
}

/* A video page with next to no text: its description is the lead; a
 * page with text of its own, or whose text already starts like the
 * description, is left alone. */
static void test_description_lead(void **state)
{
    (void)state;
    static const char video[] =
        "<html><head><title>Sport in Zeiten von Corona</title>"
        "<meta name=\"description\" content=\"New York ist das Epizentrum der Pandemie in den USA. "
        "Auch der Sport ist zum Stillstand gekommen.\"></head><body>"
        "<nav><a href=\"/\">Start</a></nav><main><div class=\"player\"></div>"
        "<p>Video verfügbar bis 30.04.2021</p></main></body></html>";
    braid_doc *d = extract_str(video, strlen(video), NULL);
    assert_int_equal(strncmp(d->text, "New York ist das Epizentrum der Pandemie", 40), 0);
    assert_true(contains(d->text, "Stillstand gekommen."));
    braid_doc_free(d);
    static const char same[] =
        "<html><head><meta name=\"description\" content=\"The council approved the new budget "
        "on Tuesday after a long debate...\"></head><body><article><p>The council approved the new "
        "budget on Tuesday after a long debate about schools.</p></article></body></html>";
    d = extract_str(same, strlen(same), NULL);
    assert_string_equal(d->text, "The council approved the new budget on Tuesday after a long debate about schools.");
    braid_doc_free(d);
    /* a description of no-break spaces is no lead */
    static const char blank[] =
        "<html><head><meta name=\"description\" content=\"&nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; "
        "&nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; "
        "&nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp;\"></head><body><p>Ein Video über den Winter im Park.</p></body></html>";
    d = extract_str(blank, strlen(blank), NULL);
    assert_string_equal(d->text, "Ein Video über den Winter im Park.");
    braid_doc_free(d);
}

/* A section kicker before the article ("Promis") is a label, dropped;
 * a short first paragraph ending like a sentence is kept. */
static void test_leading_label(void **state)
{
    (void)state;
    static const char kicker[] =
        "<html><body><article><div class=\"kicker\">Promis</div>"
        "<p>Der Sänger hat am Sonntag in Berlin sein neues Album vorgestellt, vor rund 300 Gästen "
        "und mit vielen Liedern aus seiner Jugend.</p><p>Die Tour beginnt im März.</p>"
        "</article></body></html>";
    braid_doc *d = extract_str(kicker, strlen(kicker), NULL);
    assert_int_equal(strncmp(d->text, "Der Sänger hat am Sonntag", 26), 0);
    assert_false(contains(d->text, "Promis"));
    braid_doc_free(d);
    static const char sentence[] =
        "<html><body><article><p>Es regnet.</p>"
        "<p>Der Sänger hat am Sonntag in Berlin sein neues Album vorgestellt, vor rund 300 Gästen "
        "und mit vielen Liedern aus seiner Jugend.</p></article></body></html>";
    d = extract_str(sentence, strlen(sentence), NULL);
    assert_int_equal(strncmp(d->text, "Es regnet.\n\nDer Sänger", 23), 0);
    braid_doc_free(d);
}

/* The article body marked in parts (itemprop=articleBody on each
 * section, an ad between them): every part, in order, not the ad. */
static void test_body_in_parts(void **state)
{
    (void)state;
    static const char parts[] =
        "<html><body><main><h1>Planning for the future</h1>"
        "<section itemprop=\"articleBody\"><p>When I moved to California five years ago, the fires "
        "were something that happened to other people, far away from the cities.</p></section>"
        "<div class=\"ad-slot\"><p>Advertisement: the best deals of the week, only here.</p></div>"
        "<section itemprop=\"articleBody\"><p>Right now my friends across the state are staring down "
        "disaster after disaster, suffering through heat, smoke and the ongoing pandemic.</p>"
        "<p>Last week, a heat wave baked the West, and in Death Valley a record may have been set, "
        "while the power grid struggled to keep up with demand.</p></section>"
        "</main></body></html>";
    braid_doc *d = extract_str(parts, strlen(parts), NULL);
    assert_int_equal(strncmp(d->text, "When I moved to California", 26), 0);
    assert_true(contains(d->text, "away from the cities.\n\nRight now my friends"));
    assert_true(contains(d->text, "keep up with demand."));
    assert_false(contains(d->text, "Advertisement"));
    braid_doc_free(d);
}

/* The box about the author under a post ("author-bio", "author-info")
 * is not article text, though WordPress's "author-<name>" classes are
 * taxonomy and do not remove what they are on. */
static void test_author_box(void **state)
{
    (void)state;
    static const char page[] =
        "<html><body><main class=\"site-main\"><div class=\"post author-kim\">"
        "<p>Ein guter Lautsprecher braucht vor allem ein stabiles Gehäuse, sagen die Entwickler, "
        "und ein Verstärker mit genug Leistung für große Räume.</p>"
        "<p>Wer wenig Platz hat, stellt die Boxen am besten nicht direkt an die Wand.</p></div>"
        "<div class=\"author-info\"><p class=\"author-bio\">Kim schreibt seit zehn Jahren über "
        "Lautsprecher, Heimkino und Musik im Alltag.</p></div></main></body></html>";
    braid_doc *d = extract_str(page, strlen(page), NULL);
    assert_true(contains(d->text, "Ein guter Lautsprecher braucht"));
    assert_true(contains(d->text, "direkt an die Wand."));
    assert_false(contains(d->text, "seit zehn Jahren"));
    braid_doc_free(d);
}

/* Boxes inside the article that are never its text: a call to action
 * ("cta"), a donation appeal, an affiliate disclosure, post ratings,
 * the press office's contact box and a picture's legend. */
static void test_article_boxes(void **state)
{
    (void)state;
    static const char page[] =
        "<html><body><article><div class=\"entry-content\">"
        "<p>The city will plant four thousand trees along its busiest streets this winter, "
        "the mayor said, to cool neighbourhoods that suffer most in summer heat waves.</p>"
        "<div class=\"article-donation-CTA\"><p>We rely on your support to make local news available to all.</p></div>"
        "<p>Residents can ask for a tree in front of their house until the end of November, "
        "and the planting starts in December if the ground is not frozen.</p>"
        "<div class=\"affiliate-text\"><p>We earn money when you buy through our links.</p></div>"
        "<span class=\"post-ratings\">Was this article useful? (No ratings yet)</span>"
        "<div id=\"contact\"><p>Press office: Jane Doe, phone 555 0100.</p></div>"
        "<div class=\"cta\"><p>Missed the main event? Watch the recording.</p></div>"
        "<div class=\"rightImage\"><img src=\"t.jpg\"><div class=\"legend\"><p>Oaks on Main "
        "Street in 1950, before the road was widened.</p></div></div>"
        "</div></article></body></html>";
    braid_doc *d = extract_str(page, strlen(page), NULL);
    assert_true(contains(d->text, "four thousand trees"));
    assert_true(contains(d->text, "if the ground is not frozen."));
    assert_false(contains(d->text, "We rely on your support"));
    assert_false(contains(d->text, "We earn money"));
    assert_false(contains(d->text, "ratings yet"));
    assert_false(contains(d->text, "Press office"));
    assert_false(contains(d->text, "Missed the main event"));
    assert_false(contains(d->text, "Oaks on Main Street"));
    braid_doc_free(d);
}

static void test_jsonld_graph(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/jsonld_graph.html");
    assert_string_equal(d->title, "One year with a solar roof");
    assert_string_equal(d->url, "https://blog.test/posts/solar-roof");
    assert_string_equal(d->site, "The Test Blog");
    assert_string_equal(d->author, "Kim Park");
    assert_string_equal(d->published, "2021-06-01T09:15:00+00:00");
    assert_string_equal(d->description, "What a year of solar power taught us.");
    assert_true(contains(d->text, "5,200 kWh"));
    assert_true(contains(d->text, "promised.\n\nWinter months"));
    assert_false(contains(d->text, "not json"));
    braid_doc_free(d);
}

static void test_meta_variants(void **state)
{
    (void)state;
    /* <time datetime> and itemprop when no Open Graph; <title> cut to the
     * headline when an <h1> repeats it */
    const char *html =
        "<html><head><title>Council approves budget - Town Times</title>"
        "<meta itemprop=\"author\" content=\"Lee Chan\"></head><body>"
        "<div class=\"logo\"><h1>Council approves budget</h1></div>"
        "<time datetime=\"2018-02-03 04:05:06\">3 Feb</time>"
        "<p>The council approved the budget for next year by seven votes to two on Tuesday evening.</p>"
        "</body></html>";
    braid_doc *d = extract_str(html, strlen(html), NULL);
    assert_string_equal(d->title, "Council approves budget");
    assert_string_equal(d->author, "Lee Chan");
    assert_non_null(d->published);
    assert_int_equal(strncmp(d->published, "2018-02-03T04:05:06", 19), 0);
    assert_null(d->site); /* no url, no site name */
    assert_true(contains(d->text, "seven votes to two"));
    braid_doc_free(d);
    /* title separators without an <h1>: the longest part */
    const char *h2 = "<html><head><title>Town Times | Council approves the new budget</title></head>"
                     "<body><p>Text of the article about the budget vote.</p></body></html>";
    d = extract_str(h2, strlen(h2), NULL);
    assert_string_equal(d->title, "Council approves the new budget");
    braid_doc_free(d);
}

static void test_prefilled_fields_kept(void **state)
{
    (void)state;
    size_t n;
    char *html = fixture("html/contest.html", &n);
    braid_doc *d = braid_doc_new("x", "x");
    assert_int_equal(braid_doc_setz(&d->title, "Title from JSON"), 0);
    assert_int_equal(braid_doc_setz(&d->url, "https://json.test/a"), 0);
    assert_int_equal(braid_doc_set_published(d, "2020-01-01T00:00:00Z", 20), 0);
    assert_int_equal(braid_extract_html(html, n, NULL, d, NULL), BRAID_OK);
    assert_string_equal(d->title, "Title from JSON");
    assert_string_equal(d->url, "https://json.test/a");
    assert_string_equal(d->published, "2020-01-01T00:00:00+00:00");
    assert_string_equal(d->site, "Example News"); /* not pre-filled: filled */
    assert_true(contains(d->text, "Mayor Tom Lee"));
    braid_doc_free(d);
    free(html);
}

static void test_malformed(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/malformed.html");
    assert_string_equal(d->title, "Broken page");
    assert_true(contains(d->text, "First paragraph with bold and italic text"));
    assert_true(contains(d->text, "Second paragraph & an entity © and a stray end tag."));
    assert_true(contains(d->text, "Cell text inside a table"));
    assert_true(contains(d->text, "Third paragraph after the table mess"));
    assert_false(contains(d->text, "unterminated"));
    assert_false(contains(d->text, "<"));
    braid_doc_free(d);
    /* truncated in a tag, in an attribute, lone '<', NUL-free garbage */
    const char *bad[] = {"<p class=\"a", "<", "<p>text</p><a href='x", "<!--", "<!DOCTYPE",
                         "</p></div></body>", "<script>if (a < b) {", "\xef\xbf\xbd<\xef\xbf\xbd>"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        d = extract_str(bad[i], strlen(bad[i]), NULL);
        braid_doc_free(d);
    }
}

static void test_empty(void **state)
{
    (void)state;
    braid_doc *d = extract_fixture("html/empty_body.html");
    assert_string_equal(d->title, "Only a title");
    assert_int_equal(d->text_len, 0);
    assert_string_equal(d->text, "");
    braid_doc_free(d);
    d = extract_str("", 0, NULL);
    assert_int_equal(d->text_len, 0);
    assert_null(d->title);
    braid_doc_free(d);
}

/* `depth` nested copies of open/close around a paragraph. */
static char *nested(const char *open, const char *close, int depth, size_t *len)
{
    size_t no = strlen(open), nc = strlen(close);
    const char *mid = "<p>Deep inside the nest there is one sentence of text.</p>";
    size_t nm = strlen(mid);
    char *s = malloc((no + nc) * (size_t)depth + nm + 64);
    assert_non_null(s);
    size_t k = 0;
    memcpy(s + k, "<html><body>", 12), k += 12;
    for (int i = 0; i < depth; i++) memcpy(s + k, open, no), k += no;
    memcpy(s + k, mid, nm), k += nm;
    for (int i = 0; i < depth; i++) memcpy(s + k, close, nc), k += nc;
    s[k] = '\0';
    *len = k;
    return s;
}

static void test_deep_nesting(void **state)
{
    (void)state;
    /* the last: end tags libxml2 does not honour ("</section>" over an
     * open <div>), then stray end tags, each of which makes it scan its
     * stack of open elements */
    const char *opens[] = {"<div>", "<span>", "<b><i>", "<table><tr><td>", "<div class=\"x\"><p>",
                           "<section><div></section>"};
    const char *closes[] = {"</div>", "</span>", "", "</td></tr></table>", "", "</x>"};
    int depths[] = {10000, 100000};
    for (size_t t = 0; t < sizeof opens / sizeof *opens; t++) {
        double took[2] = {0, 0};
        for (size_t k = 0; k < 2; k++) {
            size_t len;
            char *html = nested(opens[t], closes[t], depths[k], &len);
            clock_t t0 = clock();
            braid_doc *d = extract_str(html, len, NULL);
            double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
            if (!contains(d->text, "one sentence of text"))
                fail_msg("%s x %d lost the text: '%.80s'", opens[t], depths[k], d->text);
            took[k] = secs;
            /* natively 100,000 levels take under a second; the bound is
             * loose for sanitizers and valgrind and still catches a hang */
            if (secs > 120) fail_msg("%s x %d took %.1f s", opens[t], depths[k], secs);
            braid_doc_free(d);
            free(html);
        }
        /* linear, not quadratic: 10x the input costs about 10x the time
         * (quadratic would be 100x) */
        if (took[1] > 25 * took[0] + 1.0)
            fail_msg("%s: 10,000 deep %.2f s, 100,000 deep %.2f s: not linear", opens[t], took[0],
                     took[1]);
    }
}

static void test_guard(void **state)
{
    (void)state;
    buf out = BUF_INIT;
    /* within the limit: untouched, no copy */
    const char *ok = "<div><div><p>x</p></div></div>";
    assert_int_equal(braid_html_guard(ok, strlen(ok), 8, &out), 0);
    /* beyond: tags past depth 3 become spaces, text stays, length kept */
    const char *deep = "<div><div><div><div><div>x</div></div></div></div></div>";
    assert_int_equal(braid_html_guard(deep, strlen(deep), 3, &out), 1);
    assert_int_equal(out.len, strlen(deep));
    assert_int_equal(strncmp(out.data, "<div><div><div>", 15), 0);
    assert_true(contains(out.data, "x"));
    int tags = 0;
    for (size_t i = 0; i < out.len; i++) tags += out.data[i] == '<';
    assert_int_equal(tags, 6); /* three opens, three closes */
    /* tags inside scripts, comments and void elements do not count */
    const char *raw = "<div><script>\"<div><div><div><div>\"</script><!-- <div><div><div> -->"
                      "<br><br><br><br><img src=a><p>t</p></div>";
    assert_int_equal(braid_html_guard(raw, strlen(raw), 3, &out), 0);
    /* libxml2's end-tag priorities: "</section>" does not close an open
     * <div> inside it, so the nesting grows and is bounded */
    const char *prio = "<section><div></section><section><div></section><section><div></section>"
                       "<p>t</p>";
    assert_int_equal(braid_html_guard(prio, strlen(prio), 3, &out), 1);
    assert_false(contains(out.data, "<p>"));
    assert_true(contains(out.data, "t"));
    /* implied end tags: list items and paragraphs do not nest */
    const char *li = "<ul><li><p>a<li><p>b<li><p>c<li><p>d<li><p>e</ul>";
    assert_int_equal(braid_html_guard(li, strlen(li), 4, &out), 0);
    /* NUL bytes become spaces (libxml2 would stop at the first); HTML5's
     * bogus comments ("<![CDATA[", "<![if") are blanked, a doctype kept */
    const char nul[] = "<!DOCTYPE html><p>a\0b</p><![if !IE]><p>c</p>";
    assert_int_equal(braid_html_guard(nul, sizeof nul - 1, 512, &out), 1);
    assert_int_equal(out.len, sizeof nul - 1);
    assert_int_equal(strlen(out.data), sizeof nul - 1);
    assert_true(contains(out.data, "<!DOCTYPE html><p>a b</p>"));
    assert_false(contains(out.data, "IE"));
    assert_true(contains(out.data, "<p>c</p>"));
    /* attributes beyond the 256th of a tag are blanked (parsers check
     * each against all before it); the tag itself and "/>" stay */
    buf many = BUF_INIT;
    buf_puts(&many, "<p");
    for (int k = 0; k < 300; k++) buf_printf(&many, " a%d=\"v>%d\"", k, k);
    buf_puts(&many, "/><p>after</p>");
    assert_int_equal(braid_html_guard(many.data, many.len, 512, &out), 1);
    assert_true(contains(out.data, " a255=\"v>255\""));
    assert_false(contains(out.data, "a256"));
    assert_false(contains(out.data, "v>299"));
    assert_true(contains(out.data, "/><p>after</p>"));
    buf_free(&many);
    buf_free(&out);
}

/* The tree libxml2's events build, with the HTML5 rules html_tree.c
 * adds: where elements land decides what the main text is. */
static const html_node *find_tag(const html_node *root, enum html_tag t)
{
    for (const html_node *n = root; n; n = braid_html_next(n, root, 0))
        if (n->type == HN_ELEMENT && n->tag == t) return n;
    return NULL;
}

static void test_tree(void **state)
{
    (void)state;
    /* the tag table is sorted: every name finds its own tag */
    for (int t = HT_OTHER + 1; t < HT_N; t++)
        assert_int_equal(braid_html_tag(braid_html_tag_name((enum html_tag)t)), t);
    assert_int_equal(braid_html_tag("blink"), HT_OTHER);

    /* an HTML5 block closes an open <p> (libxml2 would nest it) */
    const char *p = "<body><p>Lead<section><p>Body</p></section></body>";
    html_tree *t = braid_html_tree_new(p, strlen(p));
    assert_non_null(t);
    const html_node *sec = find_tag(braid_html_tree_root(t), HT_SECTION);
    assert_non_null(sec);
    assert_int_equal(sec->parent->tag, HT_BODY);
    braid_html_tree_free(t);

    /* an element that does not belong in an unclosed <head> opens the
     * body; content after </html> goes back into the body; attributes
     * are kept (only the listed ones), entities decoded */
    const char *h = "<html><head><title>T</title><meta charset=utf-8><header id=top>x</header>"
                    "<p class=\"a &amp; b\" data-x=1>y</p></html><div>after</div>";
    t = braid_html_tree_new(h, strlen(h));
    assert_non_null(t);
    const html_node *root = braid_html_tree_root(t);
    const html_node *hd = find_tag(root, HT_HEADER), *pp = find_tag(root, HT_P), *dv = find_tag(root, HT_DIV);
    assert_non_null(hd);
    assert_int_equal(hd->parent->tag, HT_BODY);
    assert_string_equal(braid_html_attr(hd, HA_ID), "top");
    assert_string_equal(braid_html_attr(pp, HA_CLASS), "a & b");
    assert_int_equal(pp->nattr, 1);
    assert_non_null(dv);
    assert_int_equal(dv->parent->tag, HT_BODY);
    assert_int_equal(find_tag(root, HT_TITLE)->parent->tag, HT_HEAD);
    braid_html_tree_free(t);

    /* "</nav>" over an unclosed <div> closes the nav (libxml2 ignores
     * it and would keep the page inside the nav, which is never read) */
    const char *nav = "<body><nav><div><a href=/>Home</a></nav><article><p>The article text is "
                      "here, long enough to be the article, with commas, clauses and more.</p>"
                      "</article></body>";
    t = braid_html_tree_new(nav, strlen(nav));
    assert_int_equal(find_tag(braid_html_tree_root(t), HT_ARTICLE)->parent->tag, HT_BODY);
    braid_html_tree_free(t);
    braid_doc *d = extract_str(nav, strlen(nav), NULL);
    assert_true(contains(d->text, "The article text is here"));
    braid_doc_free(d);

    /* a heading does not nest in an unclosed heading, and "</h2>" closes
     * an open <h1>: the byline and its <time> are not inside the title;
     * CR LF in attribute values is LF */
    const char *hh = "<body><h1>Title of the post<h4 class=author>By <a rel=author>Ann Lee</a> "
                     "<time datetime=\"2020-02-23T10:07:02+01:00\">23 Feb</time></h4>"
                     "<meta name=description content=\"One line\r\nand the next\">"
                     "<h1>Second title</h2><p>Body text</p></body>";
    t = braid_html_tree_new(hh, strlen(hh));
    root = braid_html_tree_root(t);
    assert_int_equal(find_tag(root, HT_H4)->parent->tag, HT_BODY);
    assert_int_equal(find_tag(root, HT_P)->parent->tag, HT_BODY);
    assert_string_equal(braid_html_attr(find_tag(root, HT_META), HA_CONTENT), "One line\nand the next");
    braid_html_tree_free(t);
    d = extract_str(hh, strlen(hh), NULL);
    assert_string_equal(d->published, "2020-02-23T09:07:02+00:00");
    assert_string_equal(d->author, "Ann Lee");
    braid_doc_free(d);

    /* a script holding "</div>" ends at its own end tag; a <meta charset>
     * does not re-decode the (already UTF-8) page; a NUL is no end */
    const char page[] = "<html><head><meta charset=\"windows-1251\"></head><body><article><p>"
                        "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, the first paragraph of the "
                        "story, long enough to count.</p><script>var s = \"</div>\"; hidden();</script>"
                        "\0<p>After a NUL byte the story goes on with its second paragraph.</p>"
                        "</article></body></html>";
    d = extract_str(page, sizeof page - 1, NULL);
    assert_true(contains(d->text, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, the first"));
    assert_true(contains(d->text, "After a NUL byte the story goes on"));
    assert_false(contains(d->text, "hidden()"));
    braid_doc_free(d);

    /* C1 controls, from "&#150;" or a Latin-1 decoding of windows-1252,
     * are the windows-1252 characters meant */
    const char *c1 = "<article><p>Lana del Rey &#150; Norman Fucking Rockwell, \xc2\x93the record\xc2\x94 "
                     "of the year, as the critics wrote in their lists.</br>And a second line.</p></article>";
    d = extract_str(c1, strlen(c1), NULL);
    assert_true(contains(d->text, "Lana del Rey \xe2\x80\x93 Norman"));
    assert_true(contains(d->text, "lists.\nAnd a second line.")); /* "</br>" is a <br> */
    assert_true(contains(d->text, "\xe2\x80\x9cthe record\xe2\x80\x9d of"));
    braid_doc_free(d);
}

static void test_through_engine(void **state)
{
    (void)state;
    /* the engine routes HTML here and the language stage sees the text */
    size_t n;
    char *html = fixture("html/en_news.html", &n);
    braid_config cfg;
    braid_config_init(&cfg);
    braid_error err;
    braid_engine *e = braid_engine_new(&cfg, &err);
    if (!e) {
        free(html);
        skip();
    }
    braid_doc *d = NULL;
    assert_int_equal(braid_engine_read_one(e, "en_news.html", html, n, &d, &err), BRAID_OK);
    assert_int_equal(braid_doc_format(d), BRAID_FORMAT_HTML);
    assert_true(contains(braid_doc_text(d, NULL), "Forecasters expect"));
    assert_string_equal(braid_doc_lang(d), "en");
    braid_doc_free(d);
    braid_engine_free(e);
    free(html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contest_page),
        cmocka_unit_test(test_english_boilerplate),
        cmocka_unit_test(test_russian_page),
        cmocka_unit_test(test_jsonld_graph),
        cmocka_unit_test(test_photo_page),
        cmocka_unit_test(test_jsonld_body),
        cmocka_unit_test(test_byline_and_header),
        cmocka_unit_test(test_split_sections),
        cmocka_unit_test(test_cms_modules),
        cmocka_unit_test(test_sections_beat_small_article),
        cmocka_unit_test(test_lead_excerpt),
        cmocka_unit_test(test_body_sections),
        cmocka_unit_test(test_teaser_lead),
        cmocka_unit_test(test_product_reviews),
        cmocka_unit_test(test_noscript_body),
        cmocka_unit_test(test_description_lead),
        cmocka_unit_test(test_leading_label),
        cmocka_unit_test(test_body_in_parts),
        cmocka_unit_test(test_author_box),
        cmocka_unit_test(test_article_boxes),
        cmocka_unit_test(test_meta_variants),
        cmocka_unit_test(test_prefilled_fields_kept),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_guard),
        cmocka_unit_test(test_tree),
        cmocka_unit_test(test_through_engine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
