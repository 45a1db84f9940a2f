// Admin: preview an article body with the renderer the site uses, before
// saving. The server returns sanitised HTML (helpcenter.markup).
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setUp() {
    var body = document.getElementById("id_body");
    if (!body) return;
    var url = body.dataset.previewUrl;
    if (!url) return;
    var bar = document.createElement("div");
    bar.className = "md-preview-bar";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = body.dataset.previewLabel || "Preview";
    var status = document.createElement("span");
    status.className = "md-preview-status";
    status.setAttribute("role", "status");
    bar.appendChild(button);
    bar.appendChild(status);
    var panel = document.createElement("div");
    panel.className = "md-preview article-body";
    panel.hidden = true;
    panel.setAttribute("aria-label", button.textContent);
    body.insertAdjacentElement("afterend", panel);
    body.insertAdjacentElement("afterend", bar);

    button.addEventListener("click", function () {
      status.textContent = body.dataset.previewBusy || "Rendering…";
      button.disabled = true;
      var data = new FormData();
      data.append("body", body.value);
      fetch(url, {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(function (json) {
            return { ok: response.ok, json: json };
          });
        })
        .then(function (result) {
          panel.hidden = false;
          if (result.ok) {
            // The server's output is sanitised by the site's one renderer.
            panel.innerHTML = result.json.html;
            status.textContent = body.dataset.previewDone || "Preview updated.";
          } else {
            panel.textContent = result.json.error;
            status.textContent = body.dataset.previewRefused || "This body cannot be saved as it is.";
          }
        })
        .catch(function () {
          status.textContent = body.dataset.previewFailed || "The preview could not be loaded. Try again.";
        })
        .finally(function () {
          button.disabled = false;
        });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
