// "Copy address" buttons: shown only when the Clipboard API is there (the address stays
// selectable text without JavaScript).
(function () {
  if (!navigator.clipboard) return;
  var gettext = window.gettext || function (text) { return text; };
  document.querySelectorAll(".js-copy").forEach(function (button) {
    var target = document.getElementById(button.dataset.copyTarget);
    var done = button.parentElement.querySelector(".js-copy-done");
    if (!target) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        if (done) done.textContent = gettext("Copied.");
      });
    });
  });
})();
