// app.js — the braid reader: thread lists per language (side by side) and
// a thread view, from the JSON API (docs/SERVER.md).  Plain DOM, no build.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var LANG_NAMES = { en: 'English', ru: 'Русский' };

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }

  function when(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    return d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error((body.error && body.error.message) || r.statusText);
        return body;
      });
    });
  }

  function params() {
    return { lang: $('lang').value, category: $('category').value, period: $('period').value };
  }

  function saveFilters() {
    try { localStorage.setItem('braid-filters', JSON.stringify(params())); } catch (e) { /* private mode */ }
  }
  function loadFilters() {
    try {
      var p = JSON.parse(localStorage.getItem('braid-filters') || 'null');
      if (p) { $('lang').value = p.lang; $('category').value = p.category; $('period').value = p.period; }
    } catch (e) { /* ignore */ }
  }

  function threadItem(t) {
    var langs = Object.keys(t.languages || {}).map(function (l) { return l + ' ' + t.languages[l]; }).join(', ');
    return el('li', { 'data-thread': String(t.id) }, [
      el('a', { class: 'title', href: '#/thread/' + t.id, text: t.title || '(untitled)' }),
      el('div', { class: 'meta' }, [
        el('span', { class: 'badge cat', text: t.category }),
        el('span', { class: 'size', text: t.size + (t.size === 1 ? ' article' : ' articles') }),
        el('span', { class: 'sources', text: t.sources + (t.sources === 1 ? ' source' : ' sources') + (t.sites && t.sites.length ? ': ' + t.sites.slice(0, 4).join(', ') : '') }),
        el('span', { class: 'langs', text: langs }),
        el('time', { datetime: t.last || '', text: when(t.last) })
      ])
    ]);
  }

  function column(lang, p) {
    var q = '/api/threads?limit=50&category=' + encodeURIComponent(p.category) +
      (p.period ? '&period=' + encodeURIComponent(p.period) : '') +
      (lang !== 'any' ? '&lang=' + encodeURIComponent(lang) : '');
    var col = el('div', { class: 'column', 'data-lang': lang }, [el('h2', { text: LANG_NAMES[lang] || 'All languages' })]);
    var list = el('ol', { class: 'threads' });
    col.appendChild(list);
    return getJSON(q).then(function (body) {
      if (!body.threads.length) list.appendChild(el('li', { class: 'empty', text: 'No threads in this period.' }));
      body.threads.forEach(function (t) { list.appendChild(threadItem(t)); });
      return { col: col, total: body.total, now: body.now };
    });
  }

  function showList() {
    var p = params();
    saveFilters();
    $('thread').hidden = true;
    $('list').hidden = false;
    $('status').textContent = 'loading…';
    var langs = p.lang === 'both' ? ['en', 'ru'] : [p.lang];
    Promise.all(langs.map(function (l) { return column(l, p); })).then(function (cols) {
      var wrap = el('div', { class: 'columns' });
      cols.forEach(function (c) { wrap.appendChild(c.col); });
      $('list').replaceChildren(wrap);
      var total = cols.reduce(function (a, c) { return a + c.total; }, 0);
      $('status').textContent = total + ' threads · now ' + when(cols[0] && cols[0].now);
    }).catch(function (e) { $('status').textContent = 'error: ' + e.message; });
  }

  function showThread(id) {
    $('list').hidden = true;
    var box = $('thread');
    box.hidden = false;
    box.replaceChildren(el('p', { class: 'empty', text: 'loading…' }));
    getJSON('/api/threads/' + encodeURIComponent(id)).then(function (t) {
      var keys = el('div', { class: 'keys' });
      (t.entities || []).slice(0, 20).forEach(function (n) { keys.appendChild(el('span', { class: 'badge entity', text: n })); });
      (t.dates || []).slice(0, 10).forEach(function (d) { keys.appendChild(el('span', { class: 'badge date', text: d })); });
      var rows = t.articles.map(function (a) {
        return el('tr', { 'data-article': a.name }, [
          el('td', {}, [a.url ? el('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank', text: a.title || a.name }) : el('span', { text: a.title || a.name })]),
          el('td', { text: a.site || '' }),
          el('td', { text: a.lang }),
          el('td', {}, [el('time', { datetime: a.time || '', text: when(a.time) })])
        ]);
      });
      var langs = Object.keys(t.languages || {}).map(function (l) { return l + ' ' + t.languages[l]; }).join(', ');
      box.replaceChildren(
        el('p', {}, [el('a', { href: '#/', text: '← all threads' })]),
        el('h2', { text: t.title || '(untitled)' }),
        el('div', { class: 'meta' }, [
          el('span', { class: 'badge cat', text: t.category }),
          el('span', { text: t.size + ' articles · ' + t.sources + ' sources · ' + langs }),
          el('span', { text: when(t.first) + ' — ' + when(t.last) })
        ]),
        keys,
        el('table', {}, [
          el('thead', {}, [el('tr', {}, [el('th', { text: 'Article' }), el('th', { text: 'Site' }), el('th', { text: 'Lang' }), el('th', { text: 'Time' })])]),
          el('tbody', {}, rows)
        ])
      );
      $('status').textContent = 'thread ' + t.id;
    }).catch(function (e) { box.replaceChildren(el('p', { class: 'empty', text: 'error: ' + e.message })); });
  }

  function route() {
    var m = location.hash.match(/^#\/thread\/(\d+)/);
    if (m) showThread(m[1]); else showList();
  }

  loadFilters();
  ['lang', 'category', 'period'].forEach(function (id) {
    $(id).addEventListener('change', function () { if (location.hash !== '#/' && location.hash) location.hash = '#/'; else showList(); });
  });
  window.addEventListener('hashchange', route);
  route();
})();
