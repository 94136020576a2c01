/* Continue where you left off: report the pupil's place in an assigned recording.
   Only on pages that carry [data-resume-report] (a pupil's assigned recording). Sends the whole
   seconds on pause, at the end, every 30 s of playing and when the page is left; the link
   "Continue where you left off" works without this script (?t= starts the player there), and
   with it seeks in place, without loading the page again. */
(function () {
  "use strict";
  var box = document.querySelector("[data-resume-report]");
  var media = document.querySelector(".media-player video, .media-player audio");
  if (!box || !media || !window.FormData) return;
  var url = box.getAttribute("data-resume-report");
  var token = box.getAttribute("data-csrf");
  var last = -1;
  var sentAt = 0;

  function send() {
    var seconds = Math.floor(media.currentTime || 0);
    if (seconds === last || seconds === 0) return;
    last = seconds;
    sentAt = Date.now();
    var form = new FormData();
    form.append("csrfmiddlewaretoken", token);
    form.append("seconds", String(seconds));
    if (navigator.sendBeacon && navigator.sendBeacon(url, form)) return;
    if (window.fetch) fetch(url, { method: "POST", body: form, credentials: "same-origin", keepalive: true });
  }

  media.addEventListener("pause", send);
  media.addEventListener("ended", send);
  media.addEventListener("timeupdate", function () {
    if (Date.now() - sentAt > 30000) send();
  });
  window.addEventListener("pagehide", send);

  var link = box.querySelector("a[href*='t=']");
  if (link) {
    link.addEventListener("click", function (event) {
      var match = /[?&]t=(\d+)/.exec(link.getAttribute("href"));
      if (!match) return;
      event.preventDefault();
      media.currentTime = parseInt(match[1], 10);
      var playing = media.play();
      if (playing && playing.catch) playing.catch(function () {});
    });
  }
})();
