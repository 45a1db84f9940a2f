// Admin: a live preview of an article body beside the editor, rendered by
// the renderer the site uses. The server returns sanitised HTML
// (helpcenter.markup). Without JavaScript the body is a plain textarea.
(function () {
  "use strict";

  var DELAY = 500; // ms after the last key before the preview follows

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

    // The textarea and its preview side by side (stacked on narrow screens),
    // in one block: the admin lays a field's parts out in a row.
    var field = document.createElement("div");
    field.className = "md-field";
    body.insertAdjacentElement("beforebegin", field);
    var pair = document.createElement("div");
    pair.className = "md-editor";
    field.appendChild(pair);
    pair.appendChild(body);
    var panel = document.createElement("div");
    panel.className = "md-preview article-body";
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-label", button.textContent);
    panel.tabIndex = 0;
    pair.appendChild(panel);
    field.appendChild(bar);

    var timer = null;
    var sent = null;
    var latest = 0;

    function render() {
      if (body.value === sent) return;
      sent = body.value;
      var ticket = ++latest;
      status.textContent = body.dataset.previewBusy || "Rendering…";
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
          if (ticket !== latest) return; // a newer text is on its way
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
          sent = null;
          status.textContent = body.dataset.previewFailed || "The preview could not be loaded. Try again.";
        });
    }

    button.addEventListener("click", function () {
      sent = null;
      render();
    });
    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(render, DELAY);
    });
    // Other scripts (the image and link buttons) insert text this way.
    body.addEventListener("md:changed", function () {
      clearTimeout(timer);
      render();
    });
    render();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
