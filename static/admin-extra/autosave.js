/*
 * Autosave for the article change form.
 *
 * Every few seconds, if the form differs from what was last sent, post the
 * whole working copy to the admin's autosave endpoint. The server keeps one
 * autosave per user and article (overwritten, not a revision) and offers it
 * back when the form is opened again. A static file, so it runs under the
 * site's Content-Security-Policy without inline script.
 */
(function () {
  "use strict";

  function serialize(form) {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || typeof value !== "string") { return; }
      (data[name] = data[name] || []).push(value);
    });
    return data;
  }

  function start() {
    var status = document.getElementById("nr-autosave");
    var form = document.getElementById("article_form");
    if (!status || !form || !status.dataset.url) { return; }
    var url = status.dataset.url;
    var interval = parseInt(status.dataset.interval, 10) || 5000;
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    var version = form.querySelector("input[name=opened_version]");
    var lastSent = JSON.stringify(serialize(form));
    var submitting = false;
    var inFlight = false;

    function payload(text) {
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
      body.append("version", version ? version.value : "");
      body.append("data", text);
      return body;
    }

    function say(message, failed) {
      status.textContent = message;
      status.classList.toggle("nr-autosave--failed", !!failed);
    }

    function tick() {
      if (submitting || inFlight) { return; }
      var text = JSON.stringify(serialize(form));
      if (text === lastSent) { return; }
      inFlight = true;
      fetch(url, {method: "POST", body: payload(text), credentials: "same-origin",
                  headers: {"X-Requested-With": "XMLHttpRequest"}})
        .then(function (response) {
          return response.json().then(function (json) {
            if (!response.ok) { throw new Error(json.error || response.statusText); }
            lastSent = text;
            say(json.message, false);
          });
        })
        .catch(function (error) {
          say("Autosave failed (" + error.message + "). Your work is still in this window.", true);
        })
        .finally(function () { inFlight = false; });
    }

    // The rich-text editor rewrites its textarea when it starts; that is not an edit.
    document.addEventListener("prose-editor:ready", function () {
      window.setTimeout(function () { lastSent = JSON.stringify(serialize(form)); }, 300);
    });
    form.addEventListener("submit", function () { submitting = true; });
    window.setInterval(tick, interval);
    // Closing the tab or switching away: send what is unsent, without waiting.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState !== "hidden" || submitting || !navigator.sendBeacon) { return; }
      var text = JSON.stringify(serialize(form));
      if (text !== lastSent && navigator.sendBeacon(url, payload(text))) { lastSent = text; }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
