// The facility finder: one search box instead of "state, Show facilities, facility".
// An ARIA 1.2 combobox with a list popup (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/):
// focus stays in the box, arrows move the active option (aria-activedescendant), Enter chooses,
// Escape closes. Matches come from /facilities/search.json; the chosen facility's listing rule
// and number format show at once. Without JavaScript the server-rendered selects work alone.
(function () {
  "use strict";

  // Words come from the JavaScript catalogue (/jsi18n/) when the page loads it; else English.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, name) { return String(values[name]); });
  };

  document.querySelectorAll("[data-facility-finder]").forEach(function (finder) {
    var template = finder.querySelector("[data-finder-template]");
    var fallback = finder.querySelector("[data-finder-fallback]");
    if (!template || !fallback || !window.fetch) return;
    fallback.remove();
    finder.appendChild(template.content.cloneNode(true));

    var input = finder.querySelector("[data-finder-input]");
    var value = finder.querySelector("[data-finder-value]");
    var listbox = finder.querySelector("[data-finder-listbox]");
    var status = finder.querySelector("[data-finder-status]");
    var form = input.form;
    var notice = form.querySelector("[data-listing-notice]");
    var results = [];
    var active = -1;
    var chosenLabel = input.value;
    var timer = null;
    var lastQuery = null;

    function setExpanded(open) {
      listbox.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) setActive(-1);
    }

    function setActive(index) {
      var options = listbox.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
        option.classList.toggle("active", i === index);
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(data) {
      results = data.results;
      listbox.textContent = "";
      results.forEach(function (facility, i) {
        var option = document.createElement("li");
        option.id = "id_facility_option_" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "combobox-option";
        var name = document.createElement("span");
        name.className = "d-block";
        name.textContent = facility.label;
        var agency = document.createElement("span");
        agency.className = "d-block small combobox-agency";
        agency.textContent = facility.jurisdiction;
        option.appendChild(name);
        option.appendChild(agency);
        // mousedown would blur the box and close the list before the click lands.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(i); });
        listbox.appendChild(option);
      });
      setExpanded(results.length > 0);
      if (!results.length) {
        status.textContent = interpolate(gettext("No open facility matches “%(query)s”. Try part of its name, its town or its state."), { query: data.query }, true);
      } else if (data.count > results.length) {
        status.textContent = interpolate(gettext("%(count)s facilities match; the first %(shown)s are shown. Type more to narrow the list."), { count: data.count, shown: results.length }, true);
      } else {
        status.textContent = interpolate(ngettext("%(count)s facility matches.", "%(count)s facilities match.", data.count), { count: data.count }, true);
      }
    }

    function search() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (query.length < 2) {
        results = [];
        setExpanded(false);
        status.textContent = "";
        return;
      }
      var url = finder.dataset.searchUrl + "?q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          // An older answer must not replace a newer one.
          if (data.query === input.value.trim().split(/\s+/).join(" ")) render(data);
        })
        .catch(function () {
          status.textContent = gettext("The search is not answering. Check your connection and try again.");
        });
    }

    function choose(index) {
      var facility = results[index];
      if (!facility) return;
      input.value = chosenLabel = facility.label;
      value.value = facility.slug;
      setExpanded(false);
      status.textContent = interpolate(gettext("Chosen: %(facility)s."), { facility: facility.label }, true);
      showListingRule(facility);
      showNumberFormat(facility);
      input.classList.remove("is-invalid");
    }

    function showListingRule(facility) {
      if (!notice) return;
      var confirm = notice.querySelector("[data-listing-confirm]");
      notice.querySelector("[data-listing-notice-text]").textContent = facility ? facility.listing_notice : "";
      notice.hidden = !(facility && facility.listing_notice);
      notice.classList.toggle("alert-danger", !!facility && facility.listing_policy === "refused");
      notice.classList.toggle("alert-warning", !facility || facility.listing_policy !== "refused");
      if (confirm) confirm.hidden = !(facility && facility.listing_policy === "warn");
    }

    function showNumberFormat(facility) {
      var hint = form.querySelector("[data-number-hint]");
      if (hint) hint.textContent = facility.number_hint;
    }

    input.addEventListener("input", function () {
      if (input.value !== chosenLabel && value.value) {
        // Typing again unchooses: the form must not send a facility the box no longer shows.
        value.value = "";
        showListingRule(null);
      }
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });

    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open && results.length) setExpanded(true);
        setActive(Math.min(active + 1, results.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (open) setActive(Math.max(active - 1, 0));
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          choose(active);
        } else if (open) {
          event.preventDefault();
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          setExpanded(false);
        }
      }
    });

    input.addEventListener("blur", function () {
      setExpanded(false);
    });
    input.addEventListener("focus", function () {
      if (results.length && !value.value) setExpanded(true);
    });
  });

  // The error summary takes focus, so that a screen reader hears it first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
