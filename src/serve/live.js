// spean serve: live reload and the error overlay. Injected only by the development server,
// never written by `spean build`.
(function () {
  "use strict";
  var strings = /*STRINGS*/ {};
  var lang = document.documentElement.lang;
  var t = strings[lang] || strings[Object.keys(strings)[0]] || {};
  var overlay = null;

  // The preview must always show the files just built, but a web build's service worker
  // (js/offline.js registers it, after this script has run) would answer from its cache. So
  // registering does nothing here, and a worker left on this address is removed.
  if (navigator.serviceWorker) {
    navigator.serviceWorker.register = function () {
      return Promise.reject(new Error("no service worker in the spean serve preview"));
    };
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      registrations.forEach(function (r) { r.unregister(); });
    });
  }

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function element(tag, text, css) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (css) e.style.cssText = css;
    return e;
  }

  function show(problems) {
    hide();
    overlay = element("div", "", "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.94);color:#fff;font:16px/1.5 system-ui,sans-serif;padding:1rem");
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-labelledby", "spean-overlay-title");
    overlay.id = "spean-overlay";
    var title = element("h2", t.title, "margin:0 0 .5rem;color:#ffb4a8;font-size:1.3rem");
    title.id = "spean-overlay-title";
    overlay.appendChild(title);
    overlay.appendChild(element("p", t.kept, "margin:0 0 1rem"));
    var list = element("ol", "", "padding-left:1.2rem;margin:0 0 1rem");
    problems.forEach(function (p) {
      var item = element("li", "", "margin-bottom:1rem");
      var where = p.file + (p.line ? ":" + p.line + (p.column ? ":" + p.column : "") : "");
      item.appendChild(element("code", where, "color:#9fd3ff;font-size:.95rem"));
      item.appendChild(element("div", p.message, "font-weight:bold"));
      if (p.source_line) item.appendChild(element("pre", p.source_line,
        "background:#000;padding:.3rem .5rem;margin:.2rem 0;white-space:pre-wrap"));
      if (p.hint) item.appendChild(element("div", "→ " + p.hint, "color:#c8f7c5"));
      list.appendChild(item);
    });
    overlay.appendChild(list);
    overlay.appendChild(element("p", t.hint, "margin:0 0 1rem"));
    var close = element("button", t.close, "font:inherit;padding:.4rem 1rem");
    close.type = "button";
    close.addEventListener("click", hide);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
    close.focus();
  }

  function refreshStyles() {
    hide();
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("spean", Date.now());
      link.href = url.href;
    });
  }

  var source = new EventSource("/__spean/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("css", refreshStyles);
  source.addEventListener("failed", function (e) { show(JSON.parse(e.data)); });
  source.addEventListener("ok", hide);
  window.spean = { show: show, hide: hide };
})();
