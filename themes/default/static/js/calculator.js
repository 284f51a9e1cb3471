/* Scheme calculator. The page holds each figure's rule (in force on the build's day) as JSON in
   `data-rule`; this computes the figures as the reader types a monthly wage, in Khmer or Latin
   digits. The arithmetic is the same as src/data/rules.rs (`evaluate`): whole riel and whole
   hundredths of a percent, multiplied first, divided once, halves rounded up; both run
   tests/fixtures/calculator-vectors.json. Without script the form stays hidden and the page's
   table, computed by the build, gives the same figures for common wages. */
(function (root) {
  "use strict";
  var MAX_WAGE = 1000000000;
  var DAYS_IN_MONTH = 30;

  /* floor(a / b) for integers below 2^53, exactly (a double division can round up). */
  function div(a, b) {
    var q = Math.floor(a / b);
    if (q * b > a) q -= 1;
    if ((q + 1) * b <= a) q += 1;
    return q;
  }

  function evaluate(rule, wage) {
    if (wage > MAX_WAGE) return null;
    if (rule.kind === "flat") return rule.riel;
    var counted = Math.max(wage, rule.floor == null ? 0 : rule.floor);
    if (rule.cap != null) counted = Math.min(counted, rule.cap);
    var numerator = counted * rule.hundredths * rule.days;
    var denominator = 10000 * (rule.daily ? DAYS_IN_MONTH : 1);
    return div(2 * numerator + denominator, 2 * denominator);
  }

  /* "១,២០០,០០០", "1 200 000", "1.200.000" → 1200000; null when it is not a wage in digits. */
  function parseWage(text) {
    var latin = String(text).replace(/[\u17e0-\u17e9]/g, function (d) {
      return String.fromCharCode(d.charCodeAt(0) - 0x17e0 + 48);
    }).replace(/[\s,.'\u00a0\u202f]/g, "");
    if (!/^[0-9]+$/.test(latin) || latin.length > 10) return null;
    var wage = parseInt(latin, 10);
    return wage > MAX_WAGE ? null : wage;
  }

  /* The same text as format_riel in src/data/format.rs: grouped digits in the page's script. */
  function format(value, fmt) {
    var plain = String(value), grouped = "";
    for (var i = 0; i < plain.length; i++) {
      if (i > 0 && (plain.length - i) % 3 === 0) grouped += fmt.group;
      grouped += plain[i];
    }
    var digits = Array.from(fmt.digits);
    if (digits.length === 10) {
      grouped = grouped.replace(/[0-9]/g, function (d) { return digits[+d]; });
    }
    return fmt.currency.replace("{amount}", grouped);
  }

  root.speanCalculator = { evaluate: evaluate, parseWage: parseWage, format: format };

  var form = document.getElementById("calc-form");
  if (!form) return;
  var fmt = { currency: form.dataset.currency, group: form.dataset.group, digits: form.dataset.digits };
  var input = document.getElementById("calc-wage");
  var status = document.getElementById("calc-status");
  var outputs = Array.prototype.slice.call(form.querySelectorAll("output[data-rule]")).map(function (o) {
    return { node: o, rule: JSON.parse(o.getAttribute("data-rule")) };
  });
  function update() {
    var text = input.value.trim();
    var wage = text === "" ? null : parseWage(text);
    status.textContent = text !== "" && wage === null ? form.dataset.invalid : "";
    outputs.forEach(function (o) {
      var value = wage === null ? null : evaluate(o.rule, wage);
      o.node.textContent = value === null ? "–" : format(value, fmt);
    });
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  input.addEventListener("input", update);
  form.hidden = false;
  update();
})(window);
