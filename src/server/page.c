/*
 * page.c — serves the reader's web page from memory: GET / is index.html,
 * GET /style.css and /app.js the rest.  The files live in
 * src/server/page/ and are compiled into the binary (page_assets.c), so a
 * single `braid` file is the whole server — no build step, no asset path.
 */
#include "server/server.h"

#include <string.h>

#include "server/page.h"

int braid_page_serve(const char *path, braid_resp *rs)
{
    if (!strcmp(path, "/")) path = "/index.html";
    for (size_t i = 0; i < braid_page_nassets; i++)
        if (!strcmp(braid_page_assets[i].path, path)) {
            rs->status = 200;
            rs->ctype = braid_page_assets[i].ctype;
            rs->fixed = braid_page_assets[i].data;
            rs->fixed_len = braid_page_assets[i].len;
            rs->cache_control = "no-cache";
            return 1;
        }
    return 0;
}
