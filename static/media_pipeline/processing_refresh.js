// The media asset's processing panel follows the workers without reloading the edit screen:
// while the panel names a refresh URL it is fetched again and put in place; a settled asset
// (ready or failed) names none, so the asking stops. Nothing else on the screen is touched.
(function () {
  "use strict";
  function schedule(panel) {
    var url = panel.getAttribute("data-refresh-url");
    if (!url) return;
    var seconds = parseInt(panel.getAttribute("data-refresh-seconds"), 10) || 4;
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector(".media-processing");
          if (!fresh) return;
          panel.replaceWith(fresh);
          schedule(fresh);
        })
        .catch(function () {
          schedule(panel);
        });
    }, seconds * 1000);
  }
  document.querySelectorAll(".media-processing[data-refresh-url]").forEach(schedule);
})();
