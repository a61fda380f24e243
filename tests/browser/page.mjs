// page.mjs — the reader's page in a real browser: Debian's chromium driven
// by playwright-core loads the page of a server filled with English and
// Russian test articles, checks the side-by-side thread lists, clicks into
// a thread and checks what a reader sees there.  Screenshots go to
// build/browser/ (a CI artifact).  Prints "ok NAME" / "not ok NAME";
// skips (one "ok ... skipped" line, exit 0) when chromium or playwright-core
// is absent.
//
// Usage: BRAID=build/asan/braid node tests/browser/page.mjs
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const BRAID = process.env.BRAID;
const OUT = process.env.BROWSER_OUT || 'build/browser';

function skip(why) {
  console.log(`ok browser test skipped: ${why}`);
  process.exit(0);
}
if (!BRAID) { console.log('not ok BRAID is not set'); process.exit(1); }
if (!existsSync(CHROMIUM)) skip(`${CHROMIUM} not found (apt-get install chromium)`);
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  skip('playwright-core is not installed (npm ci)');
}

let failed = 0;
function check(name, cond) {
  console.log(`${cond ? 'ok' : 'not ok'} ${name}`);
  if (!cond) failed++;
}

const EVENTS = {
  en: [
    ['Parliament approves national budget after long debate', 'The parliament approved the national budget for next year on Tuesday after a long debate. Finance minister Anna Keller said the budget raises spending on schools and hospitals.'],
    ['Volcano erupts on Iceland, flights cancelled across Europe', 'A volcano erupted near Reykjavik on Monday, sending ash over the North Atlantic. Airlines cancelled 900 flights across Europe. The Katla volcano could erupt for weeks.'],
  ],
  ru: [
    ['Парламент утвердил государственный бюджет после долгих дебатов', 'Парламент во вторник утвердил государственный бюджет на следующий год после долгих дебатов. Министр финансов Анна Келлер заявила, что бюджет увеличивает расходы на школы и больницы.'],
    ['Извержение вулкана в Исландии: в Европе отменены рейсы', 'В понедельник вблизи Рейкьявика началось извержение вулкана Катла. Авиакомпании отменили 900 рейсов по всей Европе.'],
  ],
};

function page(lang, ev, n) {
  const [title, body] = EVENTS[lang][ev];
  const min = String(n % 60).padStart(2, '0');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"/>
<meta property="og:url" content="https://site${n % 4}.example/${lang}/${n}"/>
<meta property="og:site_name" content="site${n % 4}.example"/>
<meta property="article:published_time" content="2019-11-18T10:${min}:00+00:00"/>
<meta property="og:title" content="${title}"/></head>
<body><article><h1>${title}</h1><p>${body}</p><p>Report ${n}.</p></article></body></html>`;
}

const dir = mkdtempSync(join(tmpdir(), 'braid-browser-'));
const server = spawn(BRAID, ['serve', '--port', '0', '--db', join(dir, 'db')], { stdio: ['ignore', 'ignore', 'pipe'] });
const watchdog = setTimeout(() => { server.kill('SIGKILL'); process.exit(1); }, 240000);
let log = '';
const url = await new Promise((resolve, reject) => {
  server.stderr.on('data', (d) => {
    log += d;
    const m = log.match(/listening on (http:\/\/[^/]+\/)/);
    if (m && log.includes('ready:')) resolve(m[1]);
  });
  server.on('exit', () => reject(new Error('server exited: ' + log)));
});

let browser;
try {
  let n = 0;
  for (const lang of ['en', 'ru']) for (const ev of [0, 1]) for (let k = 0; k < 3; k++, n++) {
    const r = await fetch(`${url}${lang}-${ev}-${k}.html`, {
      method: 'PUT', body: page(lang, ev, n),
      headers: { 'Content-Type': 'text/html', 'Cache-Control': 'max-age=86400' },
    });
    if (r.status !== 201) throw new Error(`PUT ${lang}-${ev}-${k}: ${r.status}`);
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(url);
  await p.selectOption('#period', '');
  await p.waitForSelector('.column[data-lang="ru"] li[data-thread]');
  mkdirSync(OUT, { recursive: true });
  await p.screenshot({ path: join(OUT, 'threads.png'), fullPage: true });
  const en = await p.locator('.column[data-lang="en"] li[data-thread] a.title').allTextContents();
  const ru = await p.locator('.column[data-lang="ru"] li[data-thread] a.title').allTextContents();
  check('English and Russian columns side by side', en.length > 0 && ru.length > 0);
  check('English column shows English headlines', en.some((t) => t.includes('budget')) && !en.some((t) => /[а-я]/.test(t)));
  check('Russian column shows Russian headlines', ru.some((t) => t.includes('бюджет')));
  const meta = await p.locator('.column[data-lang="en"] li[data-thread]').first().textContent();
  check('a thread shows size, sources and time', /articles?/.test(meta) && /sources?/.test(meta) && /UTC/.test(meta));

  await p.locator('.column[data-lang="en"] li[data-thread] a.title').first().click();
  await p.waitForSelector('#thread tr[data-article]');
  await p.screenshot({ path: join(OUT, 'thread.png'), fullPage: true });
  const rows = await p.locator('#thread tr[data-article]').count();
  const heading = await p.locator('#thread h2').textContent();
  const table = await p.locator('#thread table').textContent();
  check('clicking a thread opens its view', /^#\/thread\/\d+/.test(new URL(p.url()).hash) && heading.length > 0);
  check('the thread view lists every article with site and time', rows >= 2 && /site\d\.example/.test(table) && /2019-11-18 10:/.test(table));
  const links = await p.locator('#thread tr[data-article] a[href^="https://site"]').count();
  check('articles link to their originals', links === rows);
  await p.selectOption('#category', 'sports');
  await p.waitForSelector('#list:not([hidden]) .columns');
  // the old list is still on screen until the filtered answer arrives:
  // wait for the empty-column message itself (bounded), then count
  await p.waitForSelector('.column li.empty', { timeout: 10000 }).catch(() => {});
  const empty = await p.locator('.column li.empty').count();
  check('a category filter with no threads says so', empty >= 1);
  check('no JavaScript errors', errors.length === 0);
} catch (e) {
  console.log(`not ok browser test: ${e.message}`);
  failed++;
} finally {
  if (browser) await browser.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  clearTimeout(watchdog);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
