/* Offline reading after one visit (web builds only): links the web manifest of the page's
   language and registers its service worker (its sw.js sits in the language folder, so its
   scope is that language's pages). Never over file:// (a USB copy: no service worker can run
   there, and the browser refuses to read a manifest from a file, so the link is not in the
   HTML), never in spean serve's preview (which must always show the files just built: its
   live-reload script turns registering off), and only where the browser has service workers
   (https, or http on localhost). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  if (location.protocol !== "https:" && location.protocol !== "http:") return;
  var manifest = document.createElement("link");
  manifest.rel = "manifest";
  manifest.href = script.getAttribute("data-manifest");
  document.head.appendChild(manifest);
  // In spean serve's preview, the live-reload script has made this a no-op.
  if (!("serviceWorker" in navigator)) return;
  // A failure (a private window, storage turned off) only means no offline copy.
  navigator.serviceWorker.register(script.getAttribute("data-worker")).catch(function () {});
})();
