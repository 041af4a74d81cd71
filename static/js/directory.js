// The directory: the filters stay open on wide screens (a "Filter" control folds them away on
// phones; without this script, CSS shows them all the same), and after filtering or paging the
// focus lands on the result count, so keyboard and screen-reader users start at the results.
(function () {
  "use strict";

  const filters = document.querySelector(".directory-filters");
  const wide = window.matchMedia("(min-width: 992px)");
  function fit() {
    if (wide.matches) filters.open = true;
  }
  fit();
  wide.addEventListener("change", fit);

  if (window.location.hash === "#results") {
    document.getElementById("results").focus();
  }
})();
