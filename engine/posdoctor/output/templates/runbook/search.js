(function () {
  "use strict";
  var entries = JSON.parse(document.getElementById("search-index").textContent);
  var input = document.getElementById("q");
  var count = document.getElementById("search-count");
  var none = document.getElementById("search-none");
  function cardOf(id) {
    return document.querySelector('[data-cause="' + id.replace(/["\\]/g, "") + '"]');
  }
  function run() {
    var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var found = 0;
    entries.forEach(function (entry) {
      var hit = terms.every(function (term) { return entry.text.indexOf(term) >= 0; });
      var card = cardOf(entry.id);
      if (card) { card.hidden = !hit; }
      if (hit) { found += 1; }
    });
    document.querySelectorAll("section.category").forEach(function (section) {
      section.hidden = !section.querySelector("[data-cause]:not([hidden])");
    });
    count.textContent = terms.length ? count.getAttribute("data-found").replace("{n}", found) : "";
    none.hidden = !(terms.length && found === 0);
  }
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked;
    document.querySelectorAll('form.search input[name="q"]').forEach(function (box) { box.value = asked; });
  }
  input.addEventListener("input", run);
  run();
})();
