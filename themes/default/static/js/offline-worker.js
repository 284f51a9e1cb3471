/* The service worker of one language of a web build. Its sw.js (written by each build) sets
   self.spean = {version, shell, home, offline} with addresses relative to itself, then imports
   this file.
   - install: keeps the shell (styles, scripts, fonts, icons), the language's home, its offline
     page and the pages open right now; never other languages' pages (a phone's storage is small);
   - pages and everything else: network first, and each answer is kept, so a page read once can
     be read again without a connection; a page never read shows the offline page;
   - shell files: cache first (their cache's name carries the build's version);
   - activate: deletes this scope's shell caches of older builds. Pages read are kept in a cache
     of their own, not versioned, so a new build of the site never throws away what a reader
     kept (pages are network first: online they are fresh anyway). */
(function () {
  "use strict";
  var config = self.spean;
  var scope = self.registration.scope;
  var prefix = "spean " + scope + " ";
  var name = prefix + config.version;
  var pages = prefix + "pages";
  function address(rel) { return new URL(rel, self.location.href).href; }
  var shell = config.shell.map(address);
  var offlinePage = address(config.offline);
  // Pages are kept without their query (?q=, ?province=): the page is the same.
  function key(request) {
    var url = new URL(request.url);
    url.hash = "";
    if (request.mode === "navigate") url.search = "";
    return url.href;
  }

  self.addEventListener("install", function (event) {
    // From the network, not the browser's HTTP cache, which may hold an older build's files.
    function fresh(url) { return new Request(url, { cache: "reload" }); }
    event.waitUntil(caches.open(name).then(function (cache) {
      return cache.addAll(shell.concat([offlinePage]).map(fresh));
    }).then(function () {
      return caches.open(pages);
    }).then(function (cache) {
      return cache.add(fresh(address(config.home))).then(function () {
        return self.clients.matchAll({ type: "window", includeUncontrolled: true });
      }).then(function (windows) {
        return Promise.all(windows.filter(function (w) {
          return w.url.indexOf(scope) === 0;
        }).map(function (w) {
          var url = new URL(w.url);
          url.hash = "";
          url.search = "";
          return cache.add(url.href).catch(function () {});
        }));
      });
    }).then(function () { return self.skipWaiting(); }));
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) {
        return n.indexOf(prefix) === 0 && n !== name && n !== pages;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); }));
  });

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
    if (shell.indexOf(key(request)) >= 0) {
      event.respondWith(caches.open(name).then(function (cache) {
        return cache.match(key(request)).then(function (hit) { return hit || fetch(request); });
      }));
      return;
    }
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        event.waitUntil(caches.open(pages).then(function (cache) {
          return cache.put(key(request), copy);
        }));
      }
      return response;
    }, function () {
      return caches.match(key(request), { cacheName: pages }).then(function (hit) {
        if (hit) return hit;
        if (request.mode === "navigate") return caches.match(offlinePage, { cacheName: name });
        return Response.error();
      });
    }));
  });
})();
