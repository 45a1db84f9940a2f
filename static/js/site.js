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
})();
