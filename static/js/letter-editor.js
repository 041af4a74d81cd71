// The letter editor: autosave a few seconds after typing stops and when leaving a field,
// "Saved today at ...", a merge panel when another tab saved first, and a copy of unsaved text
// in localStorage that is offered back after a crash or while offline.
// Without this script the form's Save button does the same job with a full page load.
// Every time shown comes from the server, in the writer's time zone: one clock.
(function () {
  "use strict";

  // Words come from the JavaScript catalogue (/jsi18n/, loaded before this script); without it,
  // English.
  const gettext = window.gettext || ((text) => text);
  const ngettext = window.ngettext || ((one, many, n) => (n === 1 ? one : many));
  const interpolate = window.interpolate ||
    ((text, values) => text.replace(/%\((\w+)\)s/g, (_, name) => String(values[name])));

  const form = document.getElementById("letter-form");
  if (!form || form.dataset.editable !== "true") return;

  const AUTOSAVE_DELAY_MS = 2500;
  const body = form.elements.body;
  const version = form.elements.version;
  const status = document.getElementById("letter-save-status");
  const verdict = document.getElementById("letter-verdict");
  const conflictSlot = document.getElementById("letter-conflict-slot");
  const recovery = document.getElementById("letter-recovery");
  const storageKey = "penpals:letter:" + form.dataset.letterId;

  let timer = null;
  let dirty = false;
  let saving = null; // the save in flight, so saves never overlap
  let submitting = false; // a form is leaving the page on purpose
  let inConflict = Boolean(conflictSlot.querySelector(".conflict-panel"));

  document.querySelectorAll(".js-only").forEach((el) => { el.hidden = false; });

  function showStatus(text) {
    status.textContent = text;
  }

  // How long ago, in words: the browser's clock is only compared with itself.
  function ago(date) {
    const minutes = Math.round((Date.now() - date.getTime()) / 60000);
    // Each phrase written out whole, so that the catalogue's extractor finds it.
    const say = (text, n) => interpolate(text, { count: n }, true);
    if (minutes < 1) return gettext("a moment ago");
    if (minutes < 60) {
      return say(ngettext("%(count)s minute ago", "%(count)s minutes ago", minutes), minutes);
    }
    const hours = Math.round(minutes / 60);
    if (minutes < 48 * 60) {
      return say(ngettext("%(count)s hour ago", "%(count)s hours ago", hours), hours);
    }
    const days = Math.round(minutes / 1440);
    return say(ngettext("%(count)s day ago", "%(count)s days ago", days), days);
  }

  // --- Local mirror: what the writer typed, until the server has it. ---
  function mirror() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({
        body: body.value, version: Number(version.value), at: new Date().toISOString(),
      }));
    } catch (e) { /* storage full or disabled: the server copy still works */ }
  }

  function readMirror() {
    try { return JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { return null; }
  }

  function clearMirror() {
    try { localStorage.removeItem(storageKey); } catch (e) { /* nothing to clear */ }
  }

  function offerRecovery() {
    const saved = readMirror();
    if (!saved || saved.body === body.value) { clearMirror(); return; }
    recovery.querySelector("[data-recovery-time]").textContent = ago(new Date(saved.at));
    recovery.hidden = false;
    recovery.querySelector("[data-recovery=restore]").addEventListener("click", () => {
      body.value = saved.body;
      // Saved on top of the version it was typed on: if the server moved on, that is a conflict.
      version.value = saved.version;
      recovery.hidden = true;
      changed();
      save();
    });
    recovery.querySelector("[data-recovery=discard]").addEventListener("click", () => {
      clearMirror();
      recovery.hidden = true;
    });
  }

  // --- Saving ---
  function changed() {
    if (inConflict) return;
    dirty = true;
    mirror();
    showStatus(gettext("Not saved yet"));
    clearTimeout(timer);
    timer = setTimeout(save, AUTOSAVE_DELAY_MS);
  }

  async function save() {
    clearTimeout(timer);
    if (!dirty || inConflict) return;
    if (saving) { await saving; if (!dirty) return; }
    dirty = false;
    saving = send().finally(() => { saving = null; });
    return saving;
  }

  async function send() {
    showStatus(gettext("Saving…"));
    let response;
    try {
      response = await fetch(form.dataset.autosaveUrl, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
        credentials: "same-origin",
      });
    } catch (e) {
      dirty = true;
      showStatus(gettext("Not saved: you seem to be offline. Your text is kept in this browser and will be saved when you are back online."));
      return;
    }
    let data = {};
    try { data = await response.json(); } catch (e) { /* a login page or proxy error */ }
    if (response.ok) {
      version.value = data.version;
      if (verdict && data.verdict_html) verdict.innerHTML = data.verdict_html;
      if (!dirty) clearMirror();
      showStatus(data.saved_text);
    } else if (response.status === 409 && data.conflict) {
      showConflict(data);
    } else {
      dirty = true;
      const reason = data.error || gettext("please sign in again, then press Save.");
      showStatus(interpolate(gettext("Not saved: %(reason)s Your text is kept in this browser."), { reason: reason }, true));
    }
  }

  // --- Another tab saved first: the server merges, the writer chooses where both changed. ---
  function showConflict(data) {
    inConflict = true;
    clearTimeout(timer);
    body.readOnly = true; // what the merge keeps is the text the server was sent
    if (data.yours !== body.value.replace(/\r\n/g, "\n")) {
      // Typed while that save was on its way: send the newest text, refused in its turn.
      inConflict = false;
      dirty = true;
      save();
      return;
    }
    conflictSlot.innerHTML = data.conflict_html;
    wireConflict();
    showStatus(gettext("Not saved: this letter was also changed in another tab. Choose above what to keep."));
    const heading = document.getElementById("conflict-heading");
    heading.scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: true });
  }

  function wireConflict() {
    const merge = conflictSlot.querySelector(".conflict-form");
    if (!merge) return;
    // The chosen text is saved by that form: this browser's copy is no longer needed.
    merge.addEventListener("submit", () => { submitting = true; clearMirror(); });
  }

  // --- First-letter ideas, put into the letter as bracketed notes when asked. ---
  const insertPrompts = document.getElementById("insert-prompts");
  if (insertPrompts) {
    insertPrompts.addEventListener("click", () => {
      if (inConflict) return;
      const prompts = Array.from(document.querySelectorAll("#letter-prompts li"))
        .map((li) => "[" + li.textContent.trim() + "]").join("\n\n");
      body.value = body.value.trim() ? body.value.replace(/\s*$/, "\n\n") + prompts : prompts;
      changed();
      body.focus();
    });
  }

  // --- Wiring ---
  body.addEventListener("input", changed);
  body.addEventListener("blur", save);
  form.addEventListener("change", (event) => {
    if (event.target !== body) { changed(); save(); }
  });
  form.addEventListener("submit", () => { submitting = true; clearTimeout(timer); });
  window.addEventListener("online", save);
  window.addEventListener("pagehide", () => { if (dirty) mirror(); });
  window.addEventListener("beforeunload", (event) => {
    if (!submitting && (dirty || saving)) { event.preventDefault(); event.returnValue = ""; }
  });

  if (inConflict) {
    // Rendered by the server after a plain Save: this tab's text is in the panel.
    body.readOnly = true;
    wireConflict();
  } else {
    offerRecovery();
  }
})();
