// The letter editor: autosave a few seconds after typing stops and when leaving a field,
// "Saved at ...", a choice between both texts when another tab saved first, and a copy of
// unsaved text in localStorage that is offered back after a crash or while offline.
// Without this script the form's Save button does the same job with a full page load.
(function () {
  "use strict";

  const form = document.getElementById("letter-form");
  if (!form || form.dataset.editable !== "true") return;

  const AUTOSAVE_DELAY_MS = 2500;
  const body = form.elements.body;
  const version = form.elements.version;
  const status = document.getElementById("letter-save-status");
  const verdict = document.getElementById("letter-verdict");
  const conflictPanel = document.getElementById("letter-conflict");
  const recovery = document.getElementById("letter-recovery");
  const storageKey = "penpals:letter:" + form.dataset.letterId;

  let timer = null;
  let dirty = false;
  let saving = null; // the save in flight, so saves never overlap
  let inConflict = !conflictPanel.hidden;

  document.querySelectorAll(".js-only").forEach((el) => { el.hidden = false; });
  document.querySelectorAll(".no-js-only").forEach((el) => { el.hidden = true; });

  function showStatus(text) {
    status.textContent = text;
  }

  function timeText(date) {
    return date.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
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
    recovery.querySelector("[data-recovery-time]").textContent =
      new Date(saved.at).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
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
    dirty = true;
    mirror();
    showStatus("Not saved yet");
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
    showStatus("Saving…");
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
      showStatus("Not saved: you seem to be offline. Your text is kept in this browser and will be saved when you are back online.");
      return;
    }
    let data = {};
    try { data = await response.json(); } catch (e) { /* a login page or proxy error */ }
    if (response.ok) {
      version.value = data.version;
      if (verdict && data.verdict_html) verdict.innerHTML = data.verdict_html;
      if (!dirty) clearMirror();
      showStatus("Saved at " + timeText(new Date(data.saved_at)));
    } else if (response.status === 409 && data.conflict) {
      showConflict(data);
    } else {
      dirty = true;
      showStatus("Not saved: " + (data.error || "please sign in again, then press Save.") + " Your text is kept in this browser.");
    }
  }

  // --- Another tab saved first: show both texts and let the writer choose. ---
  function showConflict(data) {
    inConflict = true;
    conflictPanel.dataset.serverVersion = data.version;
    conflictPanel.dataset.serverBody = data.body;
    document.getElementById("conflict-saved").value = data.body;
    document.getElementById("conflict-yours").value = body.value;
    conflictPanel.hidden = false;
    showStatus("Not saved: this letter was changed in another tab. Choose which text to keep.");
    conflictPanel.scrollIntoView({ block: "nearest" });
  }

  function resolveConflict(choice) {
    const saved = document.getElementById("conflict-saved").value;
    const yours = document.getElementById("conflict-yours").value;
    // The server version we now know about; saving on top of it is a deliberate choice.
    version.value = conflictPanel.dataset.serverVersion || version.value;
    if (choice === "saved") body.value = saved;
    if (choice === "yours") body.value = yours;
    if (choice === "both") body.value = saved + "\n\n----- text from the other tab -----\n\n" + yours;
    conflictPanel.hidden = true;
    inConflict = false;
    if (choice === "saved") {
      dirty = false;
      clearMirror();
      showStatus("Using the saved text.");
    } else {
      changed();
      if (choice === "yours") save();
      else body.focus();
    }
  }

  conflictPanel.querySelectorAll("[data-conflict]").forEach((button) => {
    button.addEventListener("click", () => resolveConflict(button.dataset.conflict));
  });

  // --- First-letter prompts, only when asked for. ---
  const insertPrompts = document.getElementById("insert-prompts");
  if (insertPrompts) {
    insertPrompts.addEventListener("click", () => {
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
  let submitting = false;
  form.addEventListener("submit", () => { submitting = true; clearTimeout(timer); });
  window.addEventListener("online", save);
  window.addEventListener("pagehide", () => { if (dirty) mirror(); });
  window.addEventListener("beforeunload", (event) => {
    if (!submitting && (dirty || saving)) { event.preventDefault(); event.returnValue = ""; }
  });

  const savedTime = status.querySelector("time");
  if (savedTime) showStatus("Saved at " + timeText(new Date(savedTime.dateTime)));
  if (inConflict) {
    // The server rendered a conflict after a plain Save: the form's version is already the
    // newer one, so the buttons only pick the text.
    conflictPanel.dataset.serverVersion = version.value;
  } else {
    offerRecovery();
  }
})();
