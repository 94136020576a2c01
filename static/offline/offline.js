/* Save for offline: registers the service worker and drives the save buttons and the saved list.
   Every page works without this script; its words come from the page (data-* attributes). */
(function () {
  'use strict';
  if (!('serviceWorker' in navigator) || !window.caches || !window.MessageChannel) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () {});

  function ask(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data); };
        registration.active.postMessage(message, [channel.port2]);
      });
    });
  }

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function megabytes(box, bytes) {
    var value = Math.max(bytes / 1e6, bytes ? 0.1 : 0);
    return fill(box.dataset.mb, { size: value.toLocaleString(document.documentElement.lang, { maximumFractionDigits: 1 }) });
  }

  function setupSave(box) {
    var button = box.querySelector('button');
    var status = box.querySelector('[role=status]');
    var id = box.dataset.id;
    var saved = false;
    function show(isSaved, text) {
      saved = isSaved;
      button.textContent = isSaved ? box.dataset.remove : button.dataset.label;
      status.textContent = text || '';
      button.disabled = false;
    }
    button.dataset.label = button.textContent;
    box.hidden = false;
    ask({ type: 'list' }).then(function (answer) {
      var found = (answer.items || []).some(function (item) { return String(item.id) === id; });
      if (found) show(true, box.dataset.saved);
    });
    button.addEventListener('click', function () {
      button.disabled = true;
      if (saved) {
        ask({ type: 'remove', id: id }).then(function () { show(false, box.dataset.removed); });
        return;
      }
      status.textContent = box.dataset.saving;
      var listen = box.dataset.listen === '1';
      var probe = document.createElement('audio');
      var audio = probe.canPlayType('audio/webm; codecs="opus"') ? 'audio_opus' : 'audio_aac';
      ask({ type: 'save', id: id, listen: listen, audio: audio, lang: document.documentElement.lang,
            page: location.pathname + (listen ? '?listen=1' : '') }).then(function (answer) {
        if (answer.ok) { show(true, box.dataset.saved); return; }
        var text = box.dataset[answer.code] || box.dataset.failed;
        if (answer.code === 'quota') {
          text = fill(text, { needed: megabytes(box, answer.detail.needed || 0),
                              free: megabytes(box, answer.detail.free || 0) });
        }
        show(false, text);
      });
    });
  }

  function setupList(box) {
    var list = box.querySelector('[data-offline-items]');
    var usage = box.querySelector('[data-offline-usage]');
    var empty = box.querySelector('[data-offline-empty]');
    var note = '';
    box.hidden = false;
    var unsupported = document.querySelector('[data-offline-unsupported]');
    if (unsupported) unsupported.hidden = true;
    function render(items) {
      list.textContent = '';
      var total = 0;
      items.sort(function (a, b) { return b.savedAt - a.savedAt; }).forEach(function (item) {
        total += item.bytes;
        var li = document.createElement('li');
        var link = document.createElement('a');
        var title = document.createElement('bdi');
        title.textContent = item.title;
        link.href = item.page;
        link.appendChild(title);
        var size = document.createElement('span');
        size.className = 'meta';
        size.textContent = ' · ' + megabytes(box, item.bytes) + ' ';
        var remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = box.dataset.remove;
        remove.addEventListener('click', function () {
          remove.disabled = true;
          ask({ type: 'remove', id: String(item.id) }).then(function () {
            note = box.dataset.removed;
            load();
          });
        });
        li.append(link, size, remove);
        list.appendChild(li);
      });
      empty.hidden = items.length > 0;
      var estimate = navigator.storage && navigator.storage.estimate
        ? navigator.storage.estimate() : Promise.resolve({});
      estimate.then(function (space) {
        usage.textContent = fill(box.dataset.usage, {
          saved: megabytes(box, total),
          quota: megabytes(box, space.quota || 0),
          used: megabytes(box, space.usage || 0)
        }) + (note ? ' ' + note : '');
        box.dataset.ready = '1';
      });
    }
    function load() { ask({ type: 'list' }).then(function (answer) { render(answer.items || []); }); }
    load();
    if (navigator.onLine !== false) {
      ask({ type: 'refresh' }).then(function (answer) {
        if (answer.removed && answer.removed.length) {
          note = fill(box.dataset.gone, { titles: answer.removed.join('، ') });
        }
        load();
      });
    }
  }

  document.querySelectorAll('[data-offline-save]').forEach(setupSave);
  document.querySelectorAll('[data-offline-list]').forEach(setupList);
}());
