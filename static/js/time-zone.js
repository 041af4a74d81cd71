// Dates and times on a writer's pages are shown in their time zone: sign-up and sign-in send
// the browser's, and the account page offers it when none is chosen yet.
(function () {
  "use strict";

  let zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
  document.querySelectorAll("input[name=time_zone]").forEach((input) => {
    if (!input.value) input.value = zone;
  });
  document.querySelectorAll("select[data-browser-time-zone]").forEach((select) => {
    if (!select.value && Array.from(select.options).some((option) => option.value === zone)) {
      select.value = zone;
      const note = document.getElementById(select.dataset.browserTimeZone);
      if (note) note.hidden = false;
    }
  });
})();
