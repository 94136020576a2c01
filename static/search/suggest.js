/* Titles as the pupil types: a combobox on every input[data-suggest] (docs/search.md).
   Without this script the search forms work as they are. */
(function () {
  "use strict";
  var n = 0;
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var id = "suggest-" + ++n, list = document.createElement("ul"), wrap = document.createElement("span");
    var timer, ctrl, items = [], active = -1;
    wrap.className = "suggest";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(list);
    list.id = id;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", id);
    input.setAttribute("aria-expanded", "false");

    function pick(i) {
      active = i;
      items.forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      if (i < 0) input.removeAttribute("aria-activedescendant");
      else { input.setAttribute("aria-activedescendant", items[i].id); items[i].scrollIntoView({ block: "nearest" }); }
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      pick(-1);
    }
    function show(found) {
      list.textContent = "";
      items = found.map(function (s, i) {
        var li = document.createElement("li");
        li.id = id + "-" + i;
        li.setAttribute("role", "option");
        li.dir = "auto";
        li.textContent = s.title;
        li.dataset.url = s.url;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); location.href = s.url; });
        list.appendChild(li);
        return li;
      });
      list.hidden = !items.length;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      pick(-1);
    }
    input.addEventListener("input", function () {
      var q = input.value.trim();
      clearTimeout(timer);
      if (ctrl) ctrl.abort();
      if (q.length < 2) return close();
      timer = setTimeout(function () {
        ctrl = new AbortController();
        fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q), { signal: ctrl.signal })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (d) { show(d.suggestions); })
          .catch(function () {});
      }, 200);
    });
    input.addEventListener("keydown", function (e) {
      var k = e.key, last = items.length - 1;
      if (list.hidden) return;
      if (k === "ArrowDown") pick(active < last ? active + 1 : 0);
      else if (k === "ArrowUp") pick(active > 0 ? active - 1 : last);
      else if (k === "Escape") close();
      else if (k === "Enter" && active >= 0) location.href = items[active].dataset.url;
      else return;
      e.preventDefault();
    });
    input.addEventListener("blur", close);
  });
})();
