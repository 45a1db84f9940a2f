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

  // Forms marked data-busy-form show progress and cannot be sent twice.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-busy-form]");
    if (!form || event.defaultPrevented) return;
    if (form.dataset.busy) {
      event.preventDefault();
      return;
    }
    form.dataset.busy = "1";
    form.setAttribute("aria-busy", "true");
    var button = event.submitter;
    if (button && button.dataset.busyLabel) {
      button.textContent = button.dataset.busyLabel;
    }
  });

  // A "select all" checkbox for the moderation queue.
  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-select-all]");
    if (!all) return;
    var boxes = all.form.querySelectorAll(
      'input[type="checkbox"][name="' + all.dataset.selectAll + '"]'
    );
    boxes.forEach(function (box) { box.checked = all.checked; });
  });

  // Votes and "What went wrong?" answers are sent in place, without a reload.
  function post(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok, body: body };
      });
    });
  }

  function feedbackSection(element) {
    return element.closest("[data-feedback]");
  }

  function say(section, text) {
    var status = section.querySelector("[data-vote-status]");
    if (status) status.textContent = text;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-vote-form], [data-reason-form]")) return;
    var section = feedbackSection(form);
    if (!section || !window.fetch || !window.FormData) return;
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") return;
    form.setAttribute("aria-busy", "true");
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });

    post(form, event.submitter)
      .then(function (result) {
        if (!result.ok) {
          var errors = result.body.errors;
          var first = errors && Object.keys(errors)[0];
          say(section, first ? errors[first][0].message : result.body.error);
          return;
        }
        if (form.matches("[data-vote-form]")) {
          var vote = result.body.vote;
          form.querySelectorAll("button[name=helpful]").forEach(function (button) {
            if (button.value === "withdraw") {
              button.hidden = vote === null;
            } else {
              button.setAttribute("aria-pressed", String(button.value === vote));
            }
          });
          section.querySelector("[data-vote-summary]").textContent = result.body.summary;
          var reasons = section.querySelector("[data-vote-reasons]");
          if (reasons) {
            reasons.hidden = vote !== "no";
            var reasonForm = reasons.querySelector("[data-reason-form]");
            if (reasonForm) reasonForm.hidden = false;
          }
        } else {
          form.hidden = true;
        }
        say(section, result.body.message);
      })
      .catch(function () {
        // No usable answer: send the form the ordinary way.
        var submitter = event.submitter;
        if (submitter && submitter.name) {
          var hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.name = submitter.name;
          hidden.value = submitter.value;
          form.appendChild(hidden);
        }
        HTMLFormElement.prototype.submit.call(form);
      })
      .finally(function () {
        form.removeAttribute("aria-busy");
        buttons.forEach(function (button) { button.disabled = false; });
      });
  });

  // The Support button opens a small panel; without JavaScript it is a link.
  var widget = document.querySelector("[data-support-widget]");
  if (widget) {
    var toggle = widget.querySelector("[data-support-toggle]");
    var panel = widget.querySelector("#support-panel");
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-controls", panel.id);
    toggle.setAttribute("aria-expanded", "false");

    var setOpen = function (open, returnFocus) {
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      if (open) {
        panel.querySelector("[data-support-close]").focus();
      } else if (returnFocus) {
        toggle.focus();
      }
    };
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      setOpen(panel.hidden, true);
    });
    toggle.addEventListener("keydown", function (event) {
      // A link that acts as a button also answers the space bar.
      if (event.key === " ") {
        event.preventDefault();
        setOpen(panel.hidden, true);
      }
    });
    panel.querySelector("[data-support-close]").addEventListener("click", function () {
      setOpen(false, true);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) setOpen(false, true);
    });
    document.addEventListener("click", function (event) {
      if (!panel.hidden && !widget.contains(event.target)) setOpen(false, false);
    });
  }

  // After a refused form, take keyboard and screen-reader users to the errors.
  var errors = document.querySelector("[data-focus-on-load]");
  if (errors) errors.focus();

  // Search boxes suggest article titles as you type (ARIA combobox).
  document.querySelectorAll("[data-search-box]").forEach(function (form) {
    var input = form.querySelector("[role=combobox]");
    var list = form.querySelector("[role=listbox]");
    var status = form.querySelector("[data-suggest-status]");
    var timer = null;
    var latest = 0;
    var active = -1;

    function options() { return list.querySelectorAll("[role=option]"); }
    function close() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      var items = options();
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", String(i === active));
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
    function show(suggestions) {
      list.textContent = "";
      suggestions.forEach(function (suggestion, i) {
        var item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.url = suggestion.url;
        item.textContent = suggestion.title;
        var section = document.createElement("span");
        section.className = "suggestion-section";
        section.textContent = suggestion.section;
        item.appendChild(section);
        list.appendChild(item);
      });
      var open = suggestions.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", String(open));
      active = -1;
      if (status) {
        status.textContent = !open ? "" : suggestions.length === 1
          ? form.dataset.countOne
          : form.dataset.countMany.replace("%(count)s", suggestions.length);
      }
    }
    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < 2) { close(); return; }
      var ticket = ++latest;
      fetch(form.dataset.suggestUrl + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (body) { if (ticket === latest) show(body.suggestions); })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        if (list.hidden) { fetchSuggestions(); return; }
        event.preventDefault();
        highlight(active + 1);
      } else if (event.key === "ArrowUp") {
        if (list.hidden) return;
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
        event.preventDefault();
        window.location.href = options()[active].dataset.url;
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });
    list.addEventListener("mousedown", function (event) {
      var item = event.target.closest("[role=option]");
      if (item) {
        event.preventDefault();
        window.location.href = item.dataset.url;
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  });
})();
