// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Buttons with data-copy copy a value to the clipboard and say so.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.dataset.copy).then(function () {
      var label = button.textContent;
      button.textContent = button.dataset.copiedLabel || "Copied";
      setTimeout(function () { button.textContent = label; }, 2000);
    });
  });
})();
