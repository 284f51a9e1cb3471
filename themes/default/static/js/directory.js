/* Health-facility filter. Enhances the directory page when script runs: the facilities come
   from a <script src> data file (fetch() is blocked over file://), loaded only when the reader
   uses the filter (or opens an address that holds a filter), and the choice is kept in the
   address (?type=&province=&q=&emergency=1) so a filtered list can be bookmarked or shared.
   Without script the page still lists every province with a link to its facilities. */
(function () {
  "use strict";
  var form = document.getElementById("facility-filter");
  if (!form) return;
  var all = null;
  var waiting = null;
  function withData(then) {
    if (all) return then();
    if (!waiting) {
      waiting = [];
      var s = document.createElement("script");
      s.src = form.dataset.src;
      s.onload = function () { all = window.SPEAN_FACILITIES || []; buildIndex(); waiting.forEach(function (f) { f(); }); };
      document.head.appendChild(s);
    }
    waiting.push(then);
  }
  var results = document.getElementById("filter-results");
  var status = document.getElementById("filter-status");

  /* Lower case, accents and Khmer zero-width spaces removed, so "Hopital" finds "Hôpital". */
  function fold(text) {
    return String(text || "").toLowerCase().normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").replace(/[\u200b\u200c\u200d]/g, "");
  }
  var index = [];
  function buildIndex() {
    index = all.map(function (f) {
      return fold([f.name, f.type_name, f.province_name, f.district, f.address, f.services.join(" ")].join(" "));
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (text) node.textContent = text;
    return node;
  }

  function card(f) {
    var article = el("article", { "class": "facility" });
    var h = el("h3");
    h.appendChild(el("a", { href: f.page }, f.name));
    article.appendChild(h);
    article.appendChild(el("p", { "class": "facility-type" }, f.type_name + " · " + f.district + ", " + f.province_name));
    if (f.sample) article.appendChild(el("p", { "class": "sample-tag" }, form.dataset.sample));
    if (f.address) article.appendChild(el("p", {}, f.address));
    if (f.hours) article.appendChild(el("p", {}, f.hours));
    var badges = el("ul", { "class": "badges" });
    if (f.emergency_24h) badges.appendChild(el("li", { "class": "badge emergency" }, form.dataset.emergency));
    if (f.nssf_contract) badges.appendChild(el("li", { "class": "badge contract" }, form.dataset.contract));
    if (badges.children.length) article.appendChild(badges);
    if (f.tel) {
      var p = el("p");
      var call = el("a", { "class": "call", href: "tel:" + f.tel }, form.dataset.call + " ");
      call.appendChild(el("span", { "class": "number" }, f.phone));
      p.appendChild(call);
      article.appendChild(p);
    }
    return article;
  }

  function apply() {
    withData(filter);
  }

  function filter() {
    var type = form.elements.type.value;
    var province = form.elements.province.value;
    var emergency = form.elements.emergency.checked;
    var words = fold(form.elements.q.value).split(/\s+/).filter(Boolean);
    var shown = [];
    for (var i = 0; i < all.length; i++) {
      var f = all[i];
      if (type && f.type !== type) continue;
      if (province && String(f.province) !== province) continue;
      if (emergency && !f.emergency_24h) continue;
      var text = index[i];
      if (!words.every(function (w) { return text.indexOf(w) !== -1; })) continue;
      shown.push(f);
    }
    results.textContent = "";
    var filtering = type || province || emergency || words.length;
    if (filtering) shown.forEach(function (f) { results.appendChild(card(f)); });
    status.textContent = !filtering ? "" : shown.length === 1 ? form.dataset.one
      : shown.length ? form.dataset.results.replace("{count}", shown.length)
      : form.dataset.none;
    var query = new URLSearchParams();
    if (type) query.set("type", type);
    if (province) query.set("province", province);
    if (form.elements.q.value) query.set("q", form.elements.q.value);
    if (emergency) query.set("emergency", "1");
    if (window.history && window.history.replaceState && location.protocol !== "file:") {
      history.replaceState(null, "", query.toString() ? "?" + query : location.pathname);
    }
  }

  var initial = new URLSearchParams(location.search);
  ["type", "province", "q"].forEach(function (name) {
    if (initial.get(name)) form.elements[name].value = initial.get(name);
  });
  form.elements.emergency.checked = initial.get("emergency") === "1";
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("focusin", function () { withData(function () {}); }, { once: true });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  if (initial.toString()) apply();
})();
