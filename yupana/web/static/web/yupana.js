/* Yupana shell behaviour: menu, help dialog, and what happens when the server cannot be reached.
   Forms are submitted through htmx (hx-boost), so a failed send leaves the page - and what the user
   typed - in place; the request is retried with a growing pause until the server answers. */
(function () {
  "use strict";
  var banner = function () { return document.getElementById("connection-banner"); };
  var retryDelays = [2000, 4000, 8000, 15000, 30000];
  var pending = null;

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-menu-toggle]");
    if (toggle) {
      var nav = document.getElementById("sidenav");
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      return;
    }
    var close = event.target.closest("[data-close-dialog]");
    if (close) { close.closest("dialog").close(); return; }
    var help = event.target.closest("[data-help-link]");
    if (help && window.htmx) {
      event.preventDefault();
      var dialog = document.getElementById("help-panel");
      if (!dialog.open) { dialog.showModal(); }
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "help-panel-body") {
      var title = event.detail.target.querySelector("h1");
      if (title) {
        document.getElementById("help-panel-title").textContent = title.textContent;
        title.remove();
      }
    }
  });

  // The CSRF token rotates at login while a boosted page keeps its <body> attributes, so every htmx
  // request reads the current token from the cookie.
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) { event.detail.headers["X-CSRFToken"] = token; }
  });

  function showOffline(show) {
    var el = banner();
    if (el) { el.hidden = !show; }
  }

  document.addEventListener("htmx:sendError", function (event) {
    // The server did not answer at all: keep the page, tell the user, retry the same request.
    showOffline(true);
    var elt = event.detail.elt;
    var attempt = pending && pending.elt === elt ? pending.attempt + 1 : 0;
    var delay = retryDelays[Math.min(attempt, retryDelays.length - 1)];
    var config = event.detail.requestConfig || {};
    pending = { elt: elt, attempt: attempt };
    window.setTimeout(function () {
      if (!document.body.contains(elt)) { return; }
      var verb = (config.verb || "get").toUpperCase();
      var path = config.path || window.location.href;
      htmx.ajax(verb, path, { source: elt, values: config.parameters, target: config.target || document.body });
    }, delay);
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.xhr && event.detail.xhr.status > 0) {
      showOffline(false);
      pending = null;
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    // 5xx: the page is not replaced (what the user typed stays) and a banner explains; 4xx pages
    // come from the server already explained and are shown.
    var xhr = event.detail.xhr;
    var el = document.getElementById("server-error-banner");
    if (el && xhr && xhr.status >= 500) { el.hidden = false; }
  });

  document.addEventListener("htmx:beforeRequest", function () {
    var el = document.getElementById("server-error-banner");
    if (el) { el.hidden = true; }
  });

  window.addEventListener("online", function () { showOffline(false); });
  window.addEventListener("offline", function () { showOffline(true); });
})();
