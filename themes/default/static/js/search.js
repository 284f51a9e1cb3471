/* Offline search, on the search page of each language (the header's box sends its query there:
   results take the page's main column). The index is loaded with <script src> (fetch() is
   blocked over file://), only when the reader searches, and only the shards a query needs.
   Queries are split exactly like src/search/tokenize.rs splits pages at build time, with the
   tables that come with the index (index.js: Khmer spellings folded, stop words, French plurals,
   endings stemmed), so both sides use one:
   - Khmer: zero-width characters removed, equivalent spellings folded (coeng-da and coeng-ta,
     ឲ and ឱ, deprecated characters), sign order normalised, text cut into orthographic
     clusters; each pair of neighbouring clusters of a word must occur in the page (so a word
     inside a longer compound is found, whatever a word splitter would say), the last one as
     the beginning of a pair (its last cluster may be typed halfway);
   - other scripts: lower case, accents folded, French plurals and light stemming, keys matched
     by prefix, and words of 5 letters or more also at one typo (two from 9 letters), ranked
     below exact matches.
   Pages with every word of the query come first, then pages with most of them. */
(function () {
  "use strict";
  var store = { meta: null, shards: {}, docs: {} };
  var api = window.SPEAN_SEARCH = {
    index: function (meta) { store.meta = meta; },
    keys: function (shard, keys) { store.shards[shard] = keys; },
    docs: function (n, docs) { store.docs[n] = docs; }
  };
  var form = document.querySelector("form.search-page");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var found = document.getElementById("search-found");
  var heading = document.getElementById("search-heading");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var suggest = document.getElementById("search-suggest");
  var more = document.getElementById("search-more");
  var base = form.dataset.index;
  var langRoot = form.dataset.langRoot;
  var PAGE = 12;
  // Result links name a folder's index.html where the page's own links do: an offline build
  // (its box's action ends in index.html), read from file:// or from a ZIM archive in Kiwix,
  // whose server has no folder addresses; or any build opened from file://.
  var spellIndex = /(^|\/)index\.html$/.test(form.getAttribute("action") || "") ||
    location.protocol === "file:";

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

  /* ---- the tokenizer, mirroring tokenize.rs, with its tables (store.meta.rules) ---- */
  var COENG = "\u17D2", RO = "\u179A";
  function isBase(c) { return (c >= "\u1780" && c <= "\u17B3") || (c >= "\u17E0" && c <= "\u17E9"); }
  function isSign(c) { return (c >= "\u17B4" && c <= "\u17D1") || c === "\u17D3" || c === "\u17DD"; }
  function isKhmer(c) { return (c >= "\u1780" && c <= "\u17FF") || (c >= "\u19E0" && c <= "\u19FF"); }
  function rules() { return store.meta.rules; }
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
    text = text.replace(/[\u200B\u200C\u200D\u00AD\uFEFF]/g, "");
    rules().folds.forEach(function (f) { text = text.split(f[0]).join(f[1]); });
    text = text.replace(/\u17C1\u17B6/g, "\u17C4").replace(/\u17C1\u17B8/g, "\u17BE").replace(/\u17C6\u17BB/g, "\u17BB\u17C6");
    return clustersRaw(text).map(function (c) { return reorder(c).join(""); }).join("");
  }
  function fold(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/['’]/g, "");
  }
  function stem(word) {
    var r = rules(), i, s;
    for (i = 0; i < r.plurals.length; i++) {
      s = r.plurals[i][0];
      if (word.slice(-s.length) === s && Array.from(word.slice(0, -s.length)).length >= 3) return word.slice(0, -s.length) + r.plurals[i][1];
    }
    for (i = 0; i < r.suffixes.length; i++) {
      s = r.suffixes[i];
      if (word.length > s.length && word.slice(-s.length) === s && Array.from(word.slice(0, -s.length)).length >= 4) {
        var b = word.slice(0, -s.length);
        return s === "ies" ? b + "y" : b;
      }
    }
    return word;
  }
  /* The words of a query, each with the keys a page must have to match it: a Khmer run with
     its pairs of clusters (or its one cluster, as a prefix), a Latin word with its stem. */
  function queryWords(query) {
    var text = normalize(query.toLowerCase()), words = [], run = [];
    var cls = clustersRaw(text).map(function (c) { return isKhmer(c[0]) && isBase(c[0]) ? c.join("") : null; });
    cls.concat([null]).forEach(function (c) {
      if (c) { run.push(c); return; }
      if (!run.length) return;
      /* The last pair by prefix, as a Latin word is matched: a cluster typed halfway
         (ការចុះឈ្មោ before its ះ) already finds the pages of the whole one. */
      var keys = [];
      if (run.length === 1) keys.push({ prefix: run[0] });
      for (var i = 0; i + 1 < run.length; i++) {
        var pair = run[i] + run[i + 1];
        keys.push(i + 2 === run.length ? { prefix: pair } : { exact: pair });
      }
      words.push({ keys: keys, khmer: run.join("") });
      run = [];
    });
    text.split(/[^\p{L}\p{N}]+|[\u1780-\u17FF\u19E0-\u19FF]+/u).forEach(function (w) {
      if (!w) return;
      var f = fold(w);
      if (Array.from(f).length < 2 || rules().stop.indexOf(f) >= 0) return;
      words.push({ keys: [{ prefix: stem(f) }], latin: f });
    });
    return words;
  }
  /* The keys of a text as the index has them (Khmer pairs, Latin stems), for the tests that
     hold this tokenizer to tokenize.rs (tests/fixtures/tokenizer-vectors.json). */
  api.tokens = function (text) {
    return load("index.js").then(function () {
      var out = [];
      queryWords(text).forEach(function (w) { w.keys.forEach(function (k) { out.push(k.exact || k.prefix); }); });
      return out;
    });
  };
  /* The shards a key can be in. Keys are grouped by their first letters (store.meta.depth), and
     a group too big for one file is split by its keys' next letter (shards.rs), so a key is in
     the shard with the longest name it begins with; a key matched as a prefix also has its
     completions in every shard whose name begins with it. */
  function shardsFor(key, prefix) {
    key = key.indexOf("w:") === 0 ? key.slice(2) : key;
    var best = null, out = [];
    store.meta.shards.forEach(function (sh) {
      if (key.indexOf(sh) === 0) { if (best === null || sh.length > best.length) best = sh; }
      else if (prefix && sh.indexOf(key) === 0) out.push(sh);
    });
    return best !== null ? [best].concat(out) : out;
  }
  /* A shard's file: its name's ASCII letters and digits, other letters as _ and a code point
     of four hex digits, __ and six beyond U+FFFF (shard_file in shards.rs). */
  function shardFile(name) {
    return Array.from(name).map(function (c) {
      if (/^[a-z0-9]$/i.test(c)) return c;
      var cp = c.codePointAt(0), hex = cp.toString(16);
      return cp > 0xFFFF ? "__" + ("00000" + hex).slice(-6) : "_" + ("000" + hex).slice(-4);
    }).join("");
  }
  /* Where a Latin word's near spellings (a typo after its first letters) are looked for: the
     shards of its first letters' whole group. */
  function nearShards(word) {
    var letters = word.latin ? Array.from(word.latin).length : 0;
    if (letters < 5) return [];
    return shardsFor(Array.from(word.keys[0].prefix).slice(0, store.meta.depth).join(""), true);
  }

  /* Edit distance between a and some prefix of b about as long as a, at most `max` (else
     max + 1): a typo anywhere in a word, and the rest of the key as a completion. */
  function prefixDistance(a, b, max) {
    var n = a.length, row = [], i, j;
    for (j = 0; j <= b.length; j++) row.push(j);
    var best = max + 1;
    for (i = 1; i <= n; i++) {
      var prev = row[0], lowest = i;
      row[0] = i;
      for (j = 1; j <= b.length; j++) {
        var cur = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
        if (row[j] < lowest) lowest = row[j];
      }
      if (lowest > max) return max + 1;
    }
    for (j = Math.max(0, n - max); j <= Math.min(b.length, n + max); j++) best = Math.min(best, row[j]);
    return best;
  }

  /* A shard's own list for a key (a key is never one of Object's: `constructor` is a word). */
  function listOf(shard, key) {
    return Object.prototype.hasOwnProperty.call(shard, key) ? shard[key] : [];
  }

  /* For one word: the pages it matches exactly ({doc: weight}), and those it matches at a typo,
     with the key that matched best (for "did you mean"). */
  function matchWord(word) {
    var exact = null;
    word.keys.forEach(function (k) {
      var key = k.exact || k.prefix, hits = {};
      var add = function (list) { list.forEach(function (p) { hits[p[0]] = Math.max(hits[p[0]] || 0, p[1]); }); };
      shardsFor(key, !k.exact).forEach(function (sh) {
        var shard = store.shards[sh] || {};
        if (k.exact) { add(listOf(shard, k.exact)); return; }
        Object.keys(shard).forEach(function (name) {
          if (name.indexOf(k.prefix) === 0 && name.indexOf("w:") !== 0) add(shard[name]);
        });
      });
      if (exact === null) { exact = hits; return; }
      var both = {};
      Object.keys(exact).forEach(function (d) { if (hits[d]) both[d] = exact[d] + hits[d]; });
      exact = both;
    });
    var near = {}, nearKey = null, nearDocs = 0;
    var letters = word.latin ? Array.from(word.latin).length : 0;
    if (letters >= 5) {
      var q = word.keys[0].prefix, max = letters >= 9 ? 2 : 1;
      nearShards(word).forEach(function (sh) {
        var shard = store.shards[sh] || {};
        Object.keys(shard).forEach(function (name) {
          if (name.indexOf("w:") === 0 || name.indexOf(q) === 0) return;
          if (Math.abs(name.length - q.length) > max + 4) return;
          if (prefixDistance(q, name, max) > max) return;
          shard[name].forEach(function (p) { if (!exact[p[0]]) near[p[0]] = Math.max(near[p[0]] || 0, p[1]); });
          if (shard[name].length > nearDocs) { nearDocs = shard[name].length; nearKey = name; }
        });
      });
    }
    return { exact: exact || {}, near: near, nearKey: nearKey };
  }

  /* The browser's Khmer word splitter, one for every query (null where there is none): its
     first use reads its dictionary, so it is made once, and ahead of the first Khmer query on
     a Khmer page (warm, when the box is focused). */
  var splitter;
  function segmenter() {
    if (splitter === undefined) {
      try {
        splitter = window.Intl && Intl.Segmenter ? new Intl.Segmenter("km", { granularity: "word" }) : null;
        if (splitter) Array.from(splitter.segment("\u179F\u17BB\u1781\u1797\u17B6\u1796"));
      } catch (e) {
        splitter = null; /* a splitter that fails is none: the run as typed is still looked up */
      }
    }
    return splitter;
  }
  /* The whole words of a query's run of Khmer clusters, each once, as the index has words (two
     clusters or more): the run as typed (often one word: in every browser, old phones too),
     and the words the browser splits it into where it can (finer than the index's dictionary:
     មន្ទីរ|ពេទ្យ, សុខ|ភាព). */
  function khmerWords(run) {
    var split = segmenter() ? Array.from(segmenter().segment(run)).map(function (s) { return s.segment; }) : [];
    var out = [], seen = {};
    [run].concat(split).forEach(function (word) {
      if (seen[word] || clustersRaw(word).length < 2) return;
      seen[word] = true;
      out.push(word);
    });
    return out;
  }
  function warm() {
    if (!/^km/.test(document.documentElement.lang)) return;
    (window.requestIdleCallback || function (f) { setTimeout(f, 0); })(function () { segmenter(); });
  }

  /* ---- searching ---- */
  var latest = 0, ranked = [], shown = 0, current = null;
  function search(query, moveFocus, typing) {
    var ticket = ++latest;
    var started = window.performance ? performance.now() : 0;
    if (!query.trim()) { show(ticket, query, [], [], null, false); return; }
    status.textContent = form.dataset.loading;
    load("index.js").then(function () {
      if (!store.meta) return null;
      var words = queryWords(query), needed = {};
      var need = function (shards) { shards.forEach(function (sh) { needed[shardFile(sh)] = true; }); };
      words.forEach(function (w) {
        w.keys.forEach(function (k) { need(shardsFor(k.exact || k.prefix, !k.exact)); });
        need(nearShards(w));
      });
      Object.keys(needed).forEach(function (f) { load("k-" + f + ".js"); });
      /* Then the whole Khmer words' shards (a split group can put a `w:` key deeper than its
         pairs): the splitter's first use reads its Khmer dictionary (tens of milliseconds on a
         slow phone), done while the pairs' shards load; a word's shard is loaded whatever was
         searched before, so a query ranks the same, typed or pasted. */
      words.forEach(function (w) {
        if (!w.khmer) return;
        w.words = khmerWords(w.khmer);
        w.words.forEach(function (word) { need(shardsFor(word, false)); });
      });
      return Promise.all(Object.keys(needed).map(function (f) { return load("k-" + f + ".js"); }))
        .then(function () { return words; });
    }).then(function (words) {
      if (ticket !== latest || !words) return;
      var computing = window.performance ? performance.now() : 0;
      var matches = words.map(matchWord), pages = {};
      matches.forEach(function (m) {
        Object.keys(m.exact).forEach(function (d) {
          var p = pages[d] || (pages[d] = { words: 0, exact: 0, score: 0 });
          p.words++; p.exact++; p.score += m.exact[d];
        });
        Object.keys(m.near).forEach(function (d) {
          var p = pages[d] || (pages[d] = { words: 0, exact: 0, score: 0 });
          p.words++; p.score += m.near[d] / 4;
        });
      });
      /* Whole Khmer words rank higher (khmerWords). */
      words.forEach(function (w) {
        (w.words || []).forEach(function (word) {
          var sh = shardsFor(word, false)[0], shard = (sh !== undefined && store.shards[sh]) || {};
          listOf(shard, "w:" + word).forEach(function (p) { if (pages[p[0]]) pages[p[0]].score += p[1]; });
        });
      });
      var all = Object.keys(pages).map(Number).sort(function (a, b) {
        var x = pages[a], y = pages[b];
        return y.words - x.words || y.exact - x.exact || y.score - x.score || a - b;
      });
      /* Did you mean: nothing has every word as typed, but near spellings do. */
      var everyWord = all.some(function (d) { return pages[d].exact === words.length; });
      var fix = null;
      if (!everyWord && matches.some(function (m) { return m.nearKey && !Object.keys(m.exact).length; })) {
        fix = words.map(function (w, i) { return !Object.keys(matches[i].exact).length && matches[i].nearKey ? { key: matches[i].nearKey } : { word: w.latin || w.khmer }; });
      }
      if (window.performance) form.dataset.computeMs = (performance.now() - computing).toFixed(1);
      current = { query: query, words: words, fix: fix };
      ranked = all;
      shown = 0;
      return showMore(ticket, moveFocus).then(function () {
        if (ticket !== latest) return;
        /* The query whose results are shown, and how long it took (for tests and bench/). */
        form.dataset.shown = query;
        if (window.performance) form.dataset.ms = (performance.now() - started).toFixed(1);
        if (typing) prefetchNext(query);
      });
    });
  }

  /* While the reader types Khmer, the next letter that starts a cluster makes a new pair of the
     query's last cluster and that one, whose shard is named by the last cluster's first letters
     (the shard's depth): when they are enough to name it, or few shards begin with them, those
     shards are loaded now, in the pause before the next letter, instead of after it. */
  var PREFETCH = 4;
  function prefetchNext(query) {
    var cls = clustersRaw(normalize(query.toLowerCase())), last = cls[cls.length - 1];
    if (!last || !isKhmer(last[0]) || !isBase(last[0])) return;
    var next = shardsFor(last.join(""), true);
    if (next.length > PREFETCH) return;
    next.forEach(function (sh) {
      var file = shardFile(sh);
      if (loading["k-" + file + ".js"]) return;
      form.dataset.prefetched = (form.dataset.prefetched ? form.dataset.prefetched + " " : "") + file;
      load("k-" + file + ".js");
    });
  }

  /* The next results, their documents loaded. */
  function showMore(ticket, moveFocus) {
    var next = ranked.slice(shown, shown + PAGE), per = store.meta.per, shards = {};
    next.forEach(function (d) { shards[Math.floor(d / per)] = true; });
    return Promise.all(Object.keys(shards).map(function (n) { return load("d-" + n + ".js"); })).then(function () {
      if (ticket !== latest) return;
      var docs = next.map(function (d) { return (store.docs[Math.floor(d / per)] || [])[d % per]; }).filter(Boolean);
      show(ticket, current.query, docs, current.words, current.fix, shown > 0);
      shown += next.length;
      more.hidden = shown >= ranked.length;
      if (moveFocus) heading.focus();
    });
  }

  /* Marks the query's words in a text: the nodes, or null when none is in it. */
  function marked(text, words) {
    var parts = [], norm = normalize(text);
    words.forEach(function (w) {
      if (!w.khmer) return;
      var at = norm.indexOf(w.khmer);
      if (at >= 0) { text = norm; parts.push([at, at + w.khmer.length]); }
    });
    var re = /[\p{L}\p{N}]+/gu, m;
    while ((m = re.exec(text))) {
      var f = fold(m[0].toLowerCase()), s = stem(f);
      if (words.some(function (w) { return w.latin && (f.indexOf(w.keys[0].prefix) === 0 || (w.near && s.indexOf(w.near) === 0)); })) parts.push([m.index, m.index + m[0].length]);
    }
    if (!parts.length) return null;
    parts.sort(function (a, b) { return a[0] - b[0]; });
    var out = [], last = 0;
    parts.forEach(function (p) {
      if (p[0] < last) return;
      out.push(document.createTextNode(text.slice(last, p[0])));
      var mk = document.createElement("mark");
      mk.textContent = text.slice(p[0], p[1]);
      out.push(mk);
      last = p[1];
    });
    out.push(document.createTextNode(text.slice(last)));
    return out;
  }

  /* The passage that holds a word of the query, with the words marked (else the first). */
  function passage(doc, words) {
    for (var i = 0; i < doc.p.length; i++) {
      var m = marked(doc.p[i], words);
      if (m) return m;
    }
    return doc.p.length ? [document.createTextNode(doc.p[0])] : [];
  }

  function show(ticket, query, docs, words, fix, append) {
    if (ticket !== latest) return;
    if (!append) { list.textContent = ""; suggest.textContent = ""; }
    found.hidden = !query.trim();
    more.hidden = true;
    if (!query.trim()) { status.textContent = ""; return; }
    /* Near spellings marked too, once they are known to be what matched. */
    words.forEach(function (w, i) { w.near = fix && fix[i].key; });
    docs.forEach(function (doc) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = langRoot + doc.u + (spellIndex && (doc.u === "" || doc.u.slice(-1) === "/") ? "index.html" : "");
      var title = marked(doc.t, words);
      if (title) title.forEach(function (n) { a.appendChild(n); }); else a.textContent = doc.t;
      li.appendChild(a);
      var section = store.meta.sections[doc.s];
      if (section) { var w = document.createElement("span"); w.className = "where"; w.textContent = " · " + section; li.appendChild(w); }
      var p = document.createElement("p");
      passage(doc, words).forEach(function (n) { p.appendChild(n); });
      li.appendChild(p);
      list.appendChild(li);
    });
    var n = ranked.length;
    status.textContent = n === 0 ? form.dataset.none : n === 1 ? form.dataset.one : form.dataset.count.replace("{count}", digits(n));
    if (fix && !append && docs.length) suggestion(fix, docs[0]);
  }

  /* "Did you mean …?": each word without an exact match replaced by the word of the first
     result that its nearest key begins. */
  function suggestion(fix, doc) {
    var text = [doc.t].concat(doc.p).join(" "), re = /[\p{L}\p{N}]+/gu;
    var parts = fix.map(function (f) {
      if (!f.key) return f.word;
      var m, best = null;
      re.lastIndex = 0;
      while ((m = re.exec(text))) {
        var w = m[0].toLowerCase();
        if (stem(fold(w)).indexOf(f.key) === 0 || fold(w).indexOf(f.key) === 0) { if (!best || w.length < best.length) best = w; }
      }
      return best || f.key;
    });
    var said = parts.join(" ");
    var template = form.dataset.suggest.split("{query}");
    var a = document.createElement("a");
    a.href = "?q=" + encodeURIComponent(said);
    a.textContent = said;
    a.addEventListener("click", function (e) { e.preventDefault(); input.value = said; search(said, true); });
    suggest.appendChild(document.createTextNode(template[0]));
    suggest.appendChild(a);
    suggest.appendChild(document.createTextNode(template[1] || ""));
  }

  /* Numbers in the language's own digits (Khmer ០-៩). */
  function digits(n) {
    var d = Array.from(form.dataset.digits || "0123456789");
    return String(n).replace(/[0-9]/g, function (c) { return d[+c] || c; });
  }

  /* As the reader types, each letter searches at once, in the input event: no pause is waited
     for, since a pause is time to results lost on every letter, and a search that finds its
     files loaded takes a few milliseconds even on a slow phone (one input event brings a
     paste or an input method's whole cluster). A search overtaken by the next one shows
     nothing (its ticket) and ranks nothing once its files are loaded. */
  input.addEventListener("input", function () { search(input.value, false, true); });
  input.addEventListener("focus", function () { load("index.js"); warm(); }, { once: true });
  input.addEventListener("keydown", function (e) { if (e.key === "Escape") { input.value = ""; search("", false); } });
  form.addEventListener("submit", function (e) { e.preventDefault(); search(input.value, true); });
  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore(latest, false).then(function () {
      var next = list.children[first] && list.children[first].querySelector("a");
      if (next) next.focus();
    });
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; search(initial, true); }
})();
