// Admin: buttons above an article body to upload an image and to link to
// another article, each inserting Markdown at the cursor. Links are the
// stable /articles/<id>/ form, so renaming an article never breaks them.
// Without JavaScript the body is a plain textarea.
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function element(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function insert(body, text) {
    var start = body.selectionStart;
    var end = body.selectionEnd;
    body.value = body.value.slice(0, start) + text + body.value.slice(end);
    body.selectionStart = body.selectionEnd = start + text.length;
    body.focus();
    body.dispatchEvent(new Event("md:changed"));
  }

  // A panel opened by a toolbar button; Escape or Close shuts it.
  function panel(toolbar, button, id) {
    var box = element("div", { class: "md-panel", id: id, role: "group" });
    box.setAttribute("aria-label", button.textContent);
    box.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", id);
    function toggle(open) {
      box.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      if (open) {
        var first = box.querySelector("input");
        if (first) first.focus();
      } else {
        button.focus();
      }
    }
    button.addEventListener("click", function () {
      toggle(box.hidden);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") toggle(false);
    });
    toolbar.insertAdjacentElement("afterend", box);
    return { box: box, close: function () { toggle(false); } };
  }

  function imageTool(body, toolbar, labels) {
    var button = element("button", { type: "button", class: "button" }, labels.upload);
    toolbar.appendChild(button);
    var ui = panel(toolbar, button, "md-image-panel");
    var file = element("input", { type: "file", id: "md-image-file", accept: "image/png,image/jpeg,image/gif,image/webp" });
    var alt = element("input", { type: "text", id: "md-image-alt", maxlength: "200" });
    var send = element("button", { type: "button", class: "button" }, labels.send);
    var status = element("p", { class: "md-status", role: "status" });
    ui.box.append(
      element("label", { for: "md-image-file" }, labels.file), file,
      element("label", { for: "md-image-alt" }, labels.alt), alt,
      send, status
    );
    send.addEventListener("click", function () {
      if (!file.files.length) {
        file.focus();
        return;
      }
      var data = new FormData();
      data.append("image", file.files[0]);
      data.append("alt", alt.value);
      var article = window.location.pathname.match(/\/article\/(\d+)\/change\//);
      if (article) data.append("article", article[1]);
      status.textContent = labels.busy;
      send.disabled = true;
      fetch(body.dataset.uploadUrl, {
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
          if (!result.ok) {
            status.textContent = result.json.error;
            return;
          }
          insert(body, "\n" + result.json.markdown + "\n");
          status.textContent = labels.done;
          file.value = "";
          alt.value = "";
          ui.close();
        })
        .catch(function () {
          status.textContent = labels.failed;
        })
        .finally(function () {
          send.disabled = false;
        });
    });
  }

  function linkTool(body, toolbar, labels) {
    var button = element("button", { type: "button", class: "button" }, labels.link);
    toolbar.appendChild(button);
    var ui = panel(toolbar, button, "md-link-panel");
    var search = element("input", { type: "search", id: "md-link-search", autocomplete: "off" });
    var list = element("ul", { class: "md-link-results", "aria-live": "polite" });
    ui.box.append(element("label", { for: "md-link-search" }, labels.search), search, list);
    var timer = null;
    var latest = 0;

    function show(results, empty) {
      list.textContent = "";
      if (!results.length) {
        list.appendChild(element("li", {}, empty));
        return;
      }
      results.forEach(function (result) {
        var choice = element("button", { type: "button", class: "md-link-choice" }, result.title);
        choice.appendChild(element("small", {}, " " + result.url + " · " + result.status));
        choice.addEventListener("click", function () {
          var start = body.selectionStart;
          var chosen = body.value.slice(start, body.selectionEnd) || result.title;
          insert(body, "[" + chosen.replace(/[[\]]/g, "") + "](" + result.url + ")");
          ui.close();
          body.focus();
        });
        list.appendChild(element("li")).appendChild(choice);
      });
    }

    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var ticket = ++latest;
        var url = body.dataset.linksUrl + "?q=" + encodeURIComponent(search.value);
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (json) {
            if (ticket === latest) show(json.results, json.empty);
          })
          .catch(function () {
            list.textContent = labels.failed;
          });
      }, 250);
    });
  }

  function setUp() {
    var body = document.getElementById("id_body");
    if (!body || !body.dataset.uploadUrl) return;
    var data = body.dataset;
    var labels = {
      upload: data.uploadLabel, file: data.uploadFile, send: data.uploadSend,
      alt: data.uploadAlt,
      busy: data.uploadBusy, done: data.uploadDone, failed: data.previewFailed,
      link: data.linksLabel, search: data.linksSearch,
    };
    var toolbar = element("div", { class: "md-toolbar", role: "toolbar" });
    toolbar.setAttribute("aria-label", data.toolbarLabel);
    var editor = body.closest(".md-editor") || body;
    editor.insertAdjacentElement("beforebegin", toolbar);
    imageTool(body, toolbar, labels);
    linkTool(body, toolbar, labels);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
