// Progressive enhancement for the facility <select>: a search box that narrows its options.
// Without JavaScript the plain select works on its own.
(function () {
  document.querySelectorAll(".js-facility-filter").forEach(function (input) {
    var select = document.getElementById(input.dataset.select);
    if (!select) return;
    var options = Array.prototype.slice.call(select.options, 1);
    input.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      options.forEach(function (option) {
        var text = option.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        option.hidden = !match;
        option.disabled = !match && !option.selected;
        if (match) shown += 1;
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      select.size = words.length && shown > 0 ? Math.min(shown + 1, 8) : 0;
    });
  });
})();
