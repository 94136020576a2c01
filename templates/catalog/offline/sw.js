/* Maktaba's service worker (docs/offline.md). Version __VERSION__. */
'use strict';
const CONFIG = {{ config|safe }};
const VERSION = '__VERSION__';
const SHELL_CACHE = 'maktaba-shell-' + VERSION;
const INDEX_CACHE = 'maktaba-index';
const INDEX_KEY = '/offline/__saved__.json';
const ITEM_PREFIX = 'maktaba-item-';
const REFRESH_EVERY_MS = 5 * 60 * 1000;
const STATIC_SHELL = new Set(CONFIG.static);
const NO_CREDENTIALS = { credentials: 'omit', cache: 'no-store' };

let memo = null;
let lastRefresh = 0;
let queue = Promise.resolve();

function serial(work) {
  const run = queue.then(work, work);
  queue = run.catch(() => null);
  return run;
}

function isPrivate(path) {
  return CONFIG.private.some((prefix) => path.startsWith(prefix));
}

function storable(response) {
  if (!response || response.status !== 200 || response.type !== 'basic') return false;
  const control = (response.headers.get('Cache-Control') || '').toLowerCase();
  return !/(private|no-store)/.test(control);
}

/* A copy without the "redirected" mark, so a navigation may be answered with it. */
async function clean(response) {
  const body = await response.blob();
  return new Response(body, { status: 200, headers: response.headers });
}

async function readIndex() {
  if (memo) return memo;
  const cache = await caches.open(INDEX_CACHE);
  const found = await cache.match(INDEX_KEY);
  memo = found ? await found.json() : { items: {} };
  return memo;
}

async function writeIndex(index) {
  const cache = await caches.open(INDEX_CACHE);
  memo = null;
  await cache.put(INDEX_KEY, new Response(JSON.stringify(index), {
    headers: { 'Content-Type': 'application/json' },
  }));
  memo = index;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    await Promise.all(CONFIG.shell.map(async (url) => {
      const headers = { 'Accept-Language': CONFIG.language };
      const response = await fetch(url, Object.assign({ headers }, NO_CREDENTIALS));
      if (storable(response)) await cache.put(url, await clean(response));
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const index = await readIndex();
    const kept = new Set(Object.values(index.items).map((item) => item.cache));
    for (const name of await caches.keys()) {
      const oldShell = name.startsWith('maktaba-shell-') && name !== SHELL_CACHE;
      const halfSaved = name.startsWith(ITEM_PREFIX) && !kept.has(name);
      if (oldShell || halfSaved) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

/* --- saving ------------------------------------------------------------------------------ */

class SaveError extends Error {
  constructor(code, detail) { super(code); this.code = code; this.detail = detail || {}; }
}

function isQuota(error) {
  return error && (error.name === 'QuotaExceededError' || error.code === 22);
}

async function cachedFile(index, url) {
  for (const item of Object.values(index.items)) {
    if (item.files.some((file) => file.url === url)) {
      const found = await (await caches.open(item.cache)).match(url);
      if (found) return found;
    }
  }
  return null;
}

/* A file already saved with another copy is revalidated (If-None-Match), never fetched again
   unless it changed: renditions are named by their content, documents carry an ETag. */
async function fetchFile(index, file) {
  const old = await cachedFile(index, file.url);
  const headers = {};
  if (old && old.headers.get('ETag')) headers['If-None-Match'] = old.headers.get('ETag');
  // With no copy of ours, the browser's HTTP cache may hold it (a lesson just watched): revalidate.
  const cache = old ? 'no-store' : 'no-cache';
  const response = await fetch(file.url, { credentials: 'omit', cache, headers });
  if (response.status === 304 && old) return { response: old, fetched: 0 };
  if (!storable(response)) throw new SaveError('failed');
  const copy = await clean(response);
  return { response: copy, fetched: 1 };
}

async function save(request) {
  const index = await readIndex();
  const query = new URLSearchParams();
  if (request.listen) query.set('listen', '1');
  if (request.audio) query.set('audio', request.audio);
  const manifestUrl = CONFIG.resource.replace('{id}', String(request.id)) + '?' + query;
  const answer = await fetch(manifestUrl, NO_CREDENTIALS).catch(() => null);
  if (!answer) throw new SaveError('offline');
  if (answer.status === 404 || answer.status === 410) throw new SaveError('gone');
  if (!answer.ok) throw new SaveError('failed');
  const manifest = await answer.json();
  const page = new URL(request.page, self.location.origin);
  if (page.origin !== self.location.origin || isPrivate(page.pathname)) {
    throw new SaveError('failed');
  }
  const needed = manifest.files.reduce((sum, file) => sum + file.size, 0);
  if (navigator.storage && navigator.storage.estimate) {
    const { usage = 0, quota = Infinity } = await navigator.storage.estimate();
    if (needed * 1.1 + 200000 > quota - usage) {
      throw new SaveError('quota', { needed, free: Math.max(0, quota - usage) });
    }
  }
  const name = ITEM_PREFIX + manifest.id + '-' + Date.now();
  const cache = await caches.open(name);
  let downloaded = 0;
  try {
    const headers = { 'Accept-Language': request.lang || CONFIG.language };
    const pageResponse = await fetch(page.href, Object.assign({ headers }, NO_CREDENTIALS));
    if (!storable(pageResponse)) throw new SaveError('failed');
    const pageCopy = await clean(pageResponse);
    const pageSize = (await pageCopy.clone().blob()).size;
    await cache.put(page.pathname + page.search, pageCopy);
    const files = [];
    for (const file of manifest.files) {
      const { response, fetched } = await fetchFile(index, file);
      const size = (await response.clone().blob()).size;
      downloaded += fetched ? size : 0;
      await cache.put(file.url, response);
      files.push({ url: file.url, size, type: file.type });
    }
    const item = {
      id: manifest.id, title: manifest.title, page: page.pathname + page.search,
      listen: Boolean(request.listen), audio: request.audio || '', lang: request.lang || '',
      cache: name,
      version: manifest.version, files, pageSize,
      bytes: pageSize + files.reduce((sum, file) => sum + file.size, 0),
      savedAt: Date.now(),
    };
    const old = await serial(async () => {
      const current = await readIndex();
      const previous = current.items[item.id];
      const next = { items: Object.assign({}, current.items, { [item.id]: item }) };
      await writeIndex(next);
      return previous;
    });
    if (old && old.cache !== name) await caches.delete(old.cache);
    return { item, downloaded };
  } catch (error) {
    await caches.delete(name);
    if (isQuota(error)) throw new SaveError('quota', { needed, free: 0 });
    if (error instanceof SaveError) throw error;
    throw new SaveError('offline');
  }
}

async function remove(id) {
  const old = await serial(async () => {
    const current = await readIndex();
    const previous = current.items[id];
    if (!previous) return null;
    const items = Object.assign({}, current.items);
    delete items[id];
    await writeIndex({ items });
    return previous;
  });
  if (old) await caches.delete(old.cache);
  return old;
}

/* Saved items the server no longer publishes go; changed ones are saved again. */
async function refresh() {
  lastRefresh = Date.now();
  const index = await readIndex();
  const ids = Object.keys(index.items);
  if (!ids.length) return { removed: [], updated: 0 };
  const answer = await fetch(CONFIG.state + '?ids=' + ids.join(','), NO_CREDENTIALS);
  if (!answer.ok) return { removed: [], updated: 0 };
  const state = await answer.json();
  const removed = [];
  let updated = 0;
  for (const id of ids) {
    const item = index.items[id];
    const version = state[id];
    if (version === null) {
      await remove(id);
      removed.push(item.title);
    } else if (version && version !== item.version) {
      try {
        await save({ id, page: item.page, listen: item.listen, audio: item.audio, lang: item.lang });
        updated += 1;
      } catch (error) {
        if (error.code === 'gone') { await remove(id); removed.push(item.title); }
      }
    }
  }
  return { removed, updated };
}

self.addEventListener('message', (event) => {
  const message = event.data || {};
  const port = event.ports[0];
  const reply = (data) => port && port.postMessage(data);
  const work = (async () => {
    try {
      if (message.type === 'save') {
        const { item, downloaded } = await save(message);
        reply({ ok: true, item, downloaded });
      } else if (message.type === 'remove') {
        await remove(String(message.id));
        reply({ ok: true });
      } else if (message.type === 'refresh') {
        reply(Object.assign({ ok: true }, await refresh()));
      } else if (message.type === 'list') {
        const index = await readIndex();
        reply({ ok: true, items: Object.values(index.items) });
      }
    } catch (error) {
      reply({ ok: false, code: error.code || 'failed', detail: error.detail || {} });
    }
  })();
  event.waitUntil(work);
});

/* --- answering ---------------------------------------------------------------------------- */

function sliced(request, response, blob) {
  const headers = new Headers(response.headers);
  headers.set('Accept-Ranges', 'bytes');
  const size = blob.size;
  const match = /^bytes=(\d*)-(\d*)$/.exec((request.headers.get('Range') || '').trim());
  if (!match || (match[1] === '' && match[2] === '')) {
    headers.set('Content-Length', String(size));
    return new Response(blob, { status: 200, headers });
  }
  let start;
  let end;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || end < start || size === 0) {
    return new Response(null, { status: 416, headers: { 'Content-Range': 'bytes */' + size } });
  }
  headers.set('Content-Range', 'bytes ' + start + '-' + end + '/' + size);
  headers.set('Content-Length', String(end - start + 1));
  return new Response(blob.slice(start, end + 1, blob.type), { status: 206, headers });
}

async function savedAnswer(request, url) {
  const index = await readIndex();
  const exact = url.pathname + url.search;
  for (const item of Object.values(index.items)) {
    const isFile = item.files.some((file) => file.url === url.pathname);
    const isPage = request.mode === 'navigate' && (item.page === exact || item.page === url.pathname);
    if (!isFile && !isPage) continue;
    const cache = await caches.open(item.cache);
    const found = await cache.match(isFile ? url.pathname : item.page, { ignoreVary: true });
    if (!found) continue;
    if (isFile) return sliced(request, found, await found.blob());
    return found;
  }
  return null;
}

function fallbackFor(path) {
  const byLength = CONFIG.fallbacks.slice().sort((a, b) => b.length - a.length);
  return byLength.find((url) => path.startsWith(url.replace(/offline\/$/, ''))) || CONFIG.fallbacks[0];
}

async function answer(event, request, url) {
  const saved = await savedAnswer(request, url);
  if (saved) {
    if (request.mode === 'navigate' && Date.now() - lastRefresh > REFRESH_EVERY_MS) {
      event.waitUntil(refresh().catch(() => null));
    }
    return saved;
  }
  const shell = await caches.open(SHELL_CACHE);
  const kept = await shell.match(url.pathname + url.search, { ignoreVary: true });
  if (kept && (request.mode !== 'navigate' || navigator.onLine === false)) return kept;
  try {
    return await fetch(request);
  } catch (error) {
    if (kept) return kept;
    if (request.mode === 'navigate') {
      const fallback = await shell.match(fallbackFor(url.pathname), { ignoreVary: true });
      if (fallback) return fallback;
    }
    throw error;
  }
}

function savedSync(request, url) {
  const exact = url.pathname + url.search;
  return Object.values(memo.items).some((item) => (
    item.files.some((file) => file.url === url.pathname)
    || (request.mode === 'navigate' && (item.page === exact || item.page === url.pathname))
  ));
}

/* Online, the worker stays out of the way of what it does not keep: the browser fetches those
   pages itself, with its own language and cookies. */
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isPrivate(url.pathname)) return;
  if (url.pathname === '/sw.js') return;
  const offline = self.navigator.onLine === false;
  if (memo === null) {
    event.waitUntil(readIndex().catch(() => null));
    if (request.mode === 'navigate' && !offline) return;
    event.respondWith(readIndex().then(() => answer(event, request, url)));
    return;
  }
  const isShell = STATIC_SHELL.has(url.pathname);
  if (offline || isShell || savedSync(request, url)) event.respondWith(answer(event, request, url));
});
