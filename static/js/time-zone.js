// Dates and times on a writer's pages are shown in their time zone: sign-up and sign-in send
// the browser's with the form, and the account page offers it when none is chosen yet.
// Asked for only when needed: the first question to Intl about time zones is slow on phones.
(function () {
  "use strict";

  function browserZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
  }

  document.querySelectorAll("input[name=time_zone]").forEach((input) => {
    input.form.addEventListener("submit", () => {
      if (!input.value) input.value = browserZone();
    });
  });

  document.querySelectorAll("select[data-browser-time-zone]").forEach((select) => {
    if (select.value) return;
    const zone = browserZone();
    if (Array.from(select.options).some((option) => option.value === zone)) {
      select.value = zone;
      const note = document.getElementById(select.dataset.browserTimeZone);
      if (note) note.hidden = false;
    }
  });
})();
