/*
 * text_dump.c — run the plain-text cleaner on documents and print what it
 * keeps, for looking at its decisions on real data (bench/text_drops.py
 * reads the output and lists what was dropped).
 *
 * Input: files named on the command line, or NUL-separated documents on
 * stdin.  Output per document: "TITLE: <title>\n<text>\n" then a NUL.
 * Build: cc -std=c11 -Iinclude -Isrc bench/text_dump.c build/text/libbraid.a
 *        $(pkg-config --libs ...) (see bench/text_drops.py).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "braid.h"
#include "doc.h"
#include "extract/extract.h"
#include "util/buf.h"

static void one(const char *s, size_t len, const braid_config *cfg)
{
    braid_doc *d = braid_doc_new("x", "x");
    braid_error err;
    if (!d || braid_extract_text(s, len, cfg, d, &err) != BRAID_OK) {
        fprintf(stderr, "failed\n");
        exit(1);
    }
    printf("TITLE: %s\n", d->title ? d->title : "");
    fwrite(d->text, 1, d->text_len, stdout);
    fputc('\n', stdout);
    fputc('\0', stdout);
    braid_doc_free(d);
}

int main(int argc, char **argv)
{
    braid_config cfg;
    braid_config_init(&cfg);
    buf b = BUF_INIT;
    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            FILE *f = fopen(argv[i], "rb");
            if (!f) { perror(argv[i]); return 1; }
            buf_clear(&b);
            char tmp[65536];
            size_t n;
            while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_append(&b, tmp, n);
            fclose(f);
            one(b.data ? b.data : "", b.len, &cfg);
        }
    } else {
        int c;
        for (;;) {
            buf_clear(&b);
            while ((c = getchar()) != EOF && c != 0) buf_putc(&b, (char)c);
            if (b.len) one(b.data, b.len, &cfg);
            if (c == EOF) break;
        }
    }
    buf_free(&b);
    return 0;
}
