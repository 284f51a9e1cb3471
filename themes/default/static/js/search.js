/* Offline search. The index is loaded with <script src> (fetch() is blocked over file://), only
   when the reader uses the search box, and only the shards a query needs. Queries are split
   exactly like src/search/tokenize.rs splits pages at build time:
   - Khmer: zero-width characters removed, sign order normalised, text cut into orthographic
     clusters; each pair of neighbouring clusters must occur in the page (so a word inside a
     longer compound is found, whatever a word splitter would say);
   - other scripts: lower case, accents folded, light stemming, keys matched by prefix. */
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var list = form.querySelector(".search-results");
  var status = form.querySelector(".search-status");
  var base = form.dataset.index;
  var langRoot = form.dataset.langRoot;
  // Result links name a folder's index.html where the page's own links do: an offline build
  // (its box's action ends in index.html), read from file:// or from a ZIM archive in Kiwix,
  // whose server has no folder addresses; or any build opened from file://.
  var spellIndex = /(^|\/)index\.html$/.test(form.getAttribute("action") || "") ||
    location.protocol === "file:";

  var store = { meta: null, shards: {}, docs: {} };
  window.SPEAN_SEARCH = {
    index: function (meta) { store.meta = meta; },
    keys: function (shard, keys) { store.shards[shard] = keys; },
    docs: function (n, docs) { store.docs[n] = docs; }
  };
  var loading = {};
  function load(file) {
    if (!loading[file]) {
      /* Kept for the benchmark (bench/search.sh): which files a query needed. */
      form.dataset.loaded = (form.dataset.loaded ? form.dataset.loaded + " " : "") + file;
      loading[file] = new Promise(function (resolve) {
        var s = document.createElement("script");
        s.src = base + file;
        s.onload = resolve;
        s.onerror = resolve; /* a missing shard is just an empty one */
        document.head.appendChild(s);
      });
    }
    return loading[file];
  }

  /* ---- the tokenizer, mirroring tokenize.rs ---- */
  var COENG = "\u17D2", RO = "\u179A";
  function isBase(c) { return (c >= "\u1780" && c <= "\u17B3") || (c >= "\u17E0" && c <= "\u17E9"); }
  function isSign(c) { return (c >= "\u17B4" && c <= "\u17D1") || c === "\u17D3" || c === "\u17DD"; }
  function isKhmer(c) { return (c >= "\u1780" && c <= "\u17FF") || (c >= "\u19E0" && c <= "\u19FF"); }
  function clustersRaw(text) {
    var chars = Array.from(text), out = [], i = 0;
    while (i < chars.length) {
      var c = chars[i];
      if (isBase(c)) {
        var cl = [c];
        i++;
        while (i < chars.length) {
          if (chars[i] === COENG && i + 1 < chars.length && isBase(chars[i + 1])) { cl.push(chars[i], chars[i + 1]); i += 2; }
          else if (isSign(chars[i])) { cl.push(chars[i]); i++; }
          else break;
        }
        out.push(cl);
      } else { out.push([c]); i++; }
    }
    return out;
  }
  function reorder(cl) {
    if (cl.length < 3 || !isBase(cl[0])) return cl;
    var subs = [], signs = [], i = 1;
    while (i < cl.length) {
      if (cl[i] === COENG && i + 1 < cl.length) { subs.push([cl[i], cl[i + 1]]); i += 2; }
      else { signs.push(cl[i]); i++; }
    }
    subs.sort(function (a, b) { return (a[1] === RO) - (b[1] === RO); });
    var out = [cl[0]];
    subs.forEach(function (s) { out.push(s[0], s[1]); });
    return out.concat(signs);
  }
  function normalize(text) {
    text = text.replace(/[\u200B\u200C\u200D\u00AD\uFEFF]/g, "")
      .replace(/\u17C1\u17B6/g, "\u17C4").replace(/\u17C1\u17B8/g, "\u17BE").replace(/\u17C6\u17BB/g, "\u17BB\u17C6");
    return clustersRaw(text).map(function (c) { return reorder(c).join(""); }).join("");
  }
  function fold(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/['’]/g, "");
  }
  var STOP = ["the", "and", "of", "to", "in", "for", "on", "at", "by", "or", "is", "an", "it", "be", "as",
    "la", "le", "les", "de", "des", "du", "et", "un", "une", "en", "au", "aux", "l", "d", "a"];
  var SUFFIXES = ["ations", "ation", "ements", "ement", "ments", "ment", "ions", "ion", "ings", "ing", "ies", "es", "ed", "s", "e"];
  function stem(word) {
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (word.length > s.length && word.slice(-s.length) === s && Array.from(word.slice(0, -s.length)).length >= 4) {
        var b = word.slice(0, -s.length);
        return s === "ies" ? b + "y" : b;
      }
    }
    return word;
  }
  /* Groups of keys a page must match: {exact: key} or {prefix: key}. */
  function queryGroups(query) {
    var text = normalize(query.toLowerCase()), groups = [], runs = [];
    var cls = clustersRaw(text).map(function (c) { return isKhmer(c[0]) && isBase(c[0]) ? c.join("") : null; });
    var run = [];
    cls.concat([null]).forEach(function (c) {
      if (c) run.push(c); else if (run.length) { runs.push(run); run = []; }
    });
    runs.forEach(function (r) {
      if (r.length === 1) groups.push({ prefix: r[0], khmer: r.join("") });
      for (var i = 0; i + 1 < r.length; i++) groups.push({ exact: r[i] + r[i + 1], khmer: r.join("") });
    });
    text.split(/[^\p{L}\p{N}]+|[\u1780-\u17FF\u19E0-\u19FF]+/u).forEach(function (w) {
      if (!w) return;
      var f = fold(w);
      if (Array.from(f).length < 2 || STOP.indexOf(f) >= 0) return;
      groups.push({ prefix: stem(f), latin: f });
    });
    return { groups: groups, khmerRuns: runs.map(function (r) { return r.join(""); }) };
  }
  function shardOf(key) {
    key = key.indexOf("w:") === 0 ? key.slice(2) : key;
    var chars = Array.from(key);
    if (!chars.length) return "";
    var depth = store.meta ? store.meta.depth : 2;
    return chars.slice(0, depth).join("");
  }

  /* ---- searching ---- */
  var latest = 0;
  function search(query) {
    var ticket = ++latest;
    var started = window.performance ? performance.now() : 0;
    var parsed = queryGroups(query);
    if (!parsed.groups.length) { show([], query, parsed, ticket); return; }
    status.textContent = form.dataset.loading;
    load("index.js").then(function () {
      if (!store.meta) return;
      var files = {};
      store.meta.shards.forEach(function (s) { files[s[0]] = s[1]; });
      var needed = {};
      parsed.groups.forEach(function (g) {
        var s = shardOf(g.exact || g.prefix);
        Object.keys(files).forEach(function (name) {
          if (name === s || (Array.from(s).length < store.meta.depth && name.indexOf(s) === 0)) needed[name] = files[name];
        });
      });
      return Promise.all(Object.keys(needed).map(function (s) { return load("k-" + needed[s] + ".js"); }));
    }).then(function () {
      if (ticket !== latest || !store.meta) return;
      var computing = window.performance ? performance.now() : 0;
      var scores = null;
      parsed.groups.forEach(function (g) {
        var s = shardOf(g.exact || g.prefix), shard = {}, found = {};
        Object.keys(store.shards).forEach(function (name) {
          if (name === s || (Array.from(s).length < store.meta.depth && name.indexOf(s) === 0)) Object.assign(shard, store.shards[name]);
        });
        Object.keys(shard).forEach(function (key) {
          var hit = g.exact ? key === g.exact : key.indexOf(g.prefix) === 0 && key.indexOf("w:") !== 0;
          if (!hit) return;
          shard[key].forEach(function (p) { found[p[0]] = Math.max(found[p[0]] || 0, p[1]); });
        });
        if (scores === null) { scores = found; return; }
        var next = {};
        Object.keys(scores).forEach(function (d) { if (found[d]) next[d] = scores[d] + found[d]; });
        scores = next;
      });
      /* Whole Khmer words of the query (when the browser can split them) rank higher. */
      if (window.Intl && Intl.Segmenter) {
        parsed.khmerRuns.forEach(function (r) {
          Array.from(new Intl.Segmenter("km", { granularity: "word" }).segment(r)).forEach(function (w) {
            var shard = store.shards[shardOf(w.segment)] || {};
            (shard["w:" + w.segment] || []).forEach(function (p) { if (scores[p[0]]) scores[p[0]] += p[1]; });
          });
        });
      }
      var ranked = Object.keys(scores || {}).map(Number).sort(function (a, b) { return scores[b] - scores[a] || a - b; }).slice(0, 12);
      if (window.performance) form.dataset.computeMs = (performance.now() - computing).toFixed(1);
      var per = store.meta.per;
      var shards = {};
      ranked.forEach(function (d) { shards[Math.floor(d / per)] = true; });
      return Promise.all(Object.keys(shards).map(function (n) { return load("d-" + n + ".js"); })).then(function () {
        if (ticket !== latest) return;
        show(ranked.map(function (d) { return (store.docs[Math.floor(d / per)] || [])[d % per]; }).filter(Boolean), query, parsed, ticket);
        if (window.performance) form.dataset.ms = (performance.now() - started).toFixed(1);
      });
    });
  }

  /* The first passage that holds a query word, with the words marked. */
  function passage(doc, parsed) {
    var latins = parsed.groups.filter(function (g) { return g.latin; }).map(function (g) { return g.prefix; });
    function marks(text) {
      var parts = [], last = 0, any = false;
      var norm = normalize(text);
      parsed.khmerRuns.forEach(function (r) {
        var at = norm.indexOf(r);
        if (at >= 0) { text = norm; parts.push([at, at + r.length]); any = true; }
      });
      var re = /[\p{L}\p{N}]+/gu, m;
      while ((m = re.exec(text))) {
        var f = fold(m[0].toLowerCase());
        if (latins.some(function (l) { return f.indexOf(l) === 0; })) { parts.push([m.index, m.index + m[0].length]); any = true; }
      }
      parts.sort(function (a, b) { return a[0] - b[0]; });
      var out = [];
      parts.forEach(function (p) {
        if (p[0] < last) return;
        out.push(document.createTextNode(text.slice(last, p[0])));
        var mk = document.createElement("mark");
        mk.textContent = text.slice(p[0], p[1]);
        out.push(mk);
        last = p[1];
      });
      out.push(document.createTextNode(text.slice(last)));
      return any ? out : null;
    }
    for (var i = 0; i < doc.p.length; i++) {
      var m = marks(doc.p[i]);
      if (m) return m;
    }
    return doc.p.length ? [document.createTextNode(doc.p[0])] : [];
  }

  function show(docs, query, parsed, ticket) {
    if (ticket !== latest) return;
    list.textContent = "";
    if (!query.trim()) { status.textContent = ""; return; }
    docs.forEach(function (doc) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = langRoot + doc.u + (spellIndex && (doc.u === "" || doc.u.slice(-1) === "/") ? "index.html" : "");
      var title = marks(doc.t);
      if (title) title.forEach(function (n) { a.appendChild(n); }); else a.textContent = doc.t;
      li.appendChild(a);
      if (doc.s) { var w = document.createElement("span"); w.className = "where"; w.textContent = " · " + doc.s; li.appendChild(w); }
      var p = document.createElement("p");
      passage(doc, parsed).forEach(function (n) { p.appendChild(n); });
      li.appendChild(p);
      list.appendChild(li);
    });
    status.textContent = docs.length === 0 ? form.dataset.none : docs.length === 1 ? form.dataset.one : form.dataset.count.replace("{count}", digits(docs.length));
    function marks(text) { var m = passage({ p: [text] }, parsed); return m.length > 1 ? m : null; }
  }

  /* Numbers in the language's own digits (Khmer ០-៩). */
  function digits(n) {
    var d = Array.from(form.dataset.digits || "0123456789");
    return String(n).replace(/[0-9]/g, function (c) { return d[+c] || c; });
  }

  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 120);
  });
  input.addEventListener("focus", function () { load("index.js"); }, { once: true });
  input.addEventListener("keydown", function (e) { if (e.key === "Escape") { input.value = ""; search(""); } });
  form.addEventListener("submit", function (e) { e.preventDefault(); search(input.value); });
  /* The box sits behind a button (<details>): opening it puts the cursor in it, and a query in
     the address opens it with its results. */
  var box = form.closest("details");
  if (box) box.addEventListener("toggle", function () { if (box.open) input.focus(); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { if (box) box.open = true; input.value = initial; search(initial); }
})();
