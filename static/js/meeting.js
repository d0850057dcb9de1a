// The meeting entry page, progressively enhanced (the form works without it):
// - each official's votes against the number present, and the quorum, live as numbers;
// - what is typed is kept in this browser (localStorage, one key per user and meeting)
//   until the server confirms the save, and offered back when the page is opened again;
// - a second tap on a submit button while the first is on its way sends nothing;
// - a refused save's summary of errors, at the top, takes the focus;
// - "add another promise" adds a row here instead of sending the form.
// The server checks every rule again; this only tells earlier.
(function () {
  "use strict";

  function storage() {
    try {
      var probe = "__meeting_probe__";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null; // private mode or storage refused: the page works without it
    }
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? String(values[name]) : all;
    });
  }

  function whole(input) {
    var text = (input.value || "").trim();
    return /^\d+$/.test(text) ? parseInt(text, 10) : NaN;
  }

  function kept(form) {
    // every field a person types into; not the token, the version or the buttons
    var values = {};
    form.querySelectorAll("input[name], textarea[name], select[name]").forEach(function (el) {
      if (el.type === "hidden" || el.type === "submit" || el.name === "csrfmiddlewaretoken") return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) values[el.name] = (values[el.name] || []).concat([el.value]);
        else if (!(el.name in values)) values[el.name] = [];
        return;
      }
      values[el.name] = el.value;
    });
    return values;
  }

  function put(form, values) {
    Object.keys(values).forEach(function (name) {
      form.querySelectorAll("[name='" + name.replace(/'/g, "\\'") + "']").forEach(function (el) {
        if (el.type === "checkbox" || el.type === "radio") {
          el.checked = values[name].indexOf(el.value) !== -1;
        } else if (el.type !== "hidden") {
          el.value = values[name];
        }
      });
    });
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function liveFigures(form) {
    var present = form.querySelector("input[name=present]");
    var status = form.querySelector(".quorum-status");
    var roll = parseInt(form.dataset.roll, 10);
    var quorum = parseInt(form.dataset.quorum, 10);
    var limit = present ? whole(present) : NaN;
    form.querySelectorAll(".tally-row").forEach(function (row) {
      var total = 0;
      row.querySelectorAll("input.count").forEach(function (input) {
        var value = whole(input);
        if (!isNaN(value)) total += value;
      });
      var out = row.querySelector(".tally-total");
      var over = !isNaN(limit) && total > limit;
      out.textContent = isNaN(limit) ? String(total) : total + " / " + limit;
      row.classList.toggle("over", over);
      out.setAttribute("title", over ? form.dataset.overMessage || "" : "");
    });
    if (status && !isNaN(quorum)) {
      var shown = isNaN(limit) ? 0 : limit;
      var reached = shown >= quorum;
      status.textContent =
        fill(form.dataset.quorumTemplate || "", { present: shown, quorum: quorum, roll: roll }) +
        " · " +
        (reached ? form.dataset.quorumReached : form.dataset.quorumMissing);
      status.classList.toggle("reached", reached);
    }
  }

  function keepDrafts(form, store) {
    var key = form.dataset.draftKey;
    if (!store || !key) return;
    var opened = kept(form); // what the server filled in
    var version = (form.querySelector("input[name=version]") || {}).value || "0";
    var stored = null;
    try {
      stored = JSON.parse(store.getItem(key) || "null");
    } catch (e) {
      stored = null;
    }
    var prompt = form.querySelector("[data-testid=draft-prompt]");
    var deciding = false;
    if (stored && stored.values && !same(stored.values, opened) && prompt) {
      deciding = true; // keep the stored entry untouched until the user decides
      prompt.hidden = false;
      // on a phone the page may open scrolled (a reload keeps the place): bring the offer
      // into view, unless a refused save's summary has the focus
      if (!form.querySelector("[data-error-summary]")) {
        prompt.focus();
        // the browser puts a reloaded page back where it was once it has loaded: after that
        window.addEventListener("load", function () {
          window.requestAnimationFrame(function () {
            if (!prompt.hidden) prompt.scrollIntoView({ block: "center" });
          });
        });
      }
      prompt.querySelector("[data-draft=restore]").addEventListener("click", function () {
        put(form, stored.values);
        // the version the typing started from: if someone saved since, the server says
        // what changed instead of this entry silently overwriting theirs
        var versionInput = form.querySelector("input[name=version]");
        if (versionInput && stored.version) versionInput.value = stored.version;
        prompt.hidden = true;
        deciding = false;
        save();
        liveFigures(form);
      });
      prompt.querySelector("[data-draft=discard]").addEventListener("click", function () {
        store.removeItem(key);
        prompt.hidden = true;
        deciding = false;
      });
    }
    function save() {
      var values = kept(form);
      if (same(values, opened) && !deciding) {
        store.removeItem(key); // nothing typed beyond what the server has
        return;
      }
      store.setItem(
        key,
        JSON.stringify({ version: version, at: new Date().toISOString(), values: values })
      );
    }
    form.addEventListener("input", function () {
      if (deciding && prompt) {
        prompt.hidden = true; // typing anew is a decision: what was kept is replaced
        deciding = false;
      }
      save();
    });
  }

  function sendOnce(form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending) {
        event.preventDefault();
        return;
      }
      form.dataset.sending = "1";
      // after this event the browser has taken the pressed button's value: disable them all
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.disabled = true;
        });
      }, 0);
    });
    // back-forward cache: a page shown again must be usable again
    window.addEventListener("pageshow", function () {
      delete form.dataset.sending;
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = false;
      });
    });
  }

  function summarise(form) {
    // a refused save: its summary at the top takes the focus (the errors may be screens
    // down on a phone), and each of its links moves the focus to the field it names
    var summary = form.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) return;
        event.preventDefault();
        target.scrollIntoView({ block: "center" });
        target.focus();
      });
    });
    summary.focus();
  }

  function promiseRows(form) {
    // the button sends the form without script (the server adds a row); here, a copy of
    // the empty row is added and the formset's count follows
    var button = form.querySelector("[data-add-promise]");
    var template = form.querySelector("template[data-promise-template]");
    var rows = form.querySelector("[data-promise-rows]");
    var total = form.querySelector("input[name='promise-TOTAL_FORMS']");
    if (!button || !template || !rows || !total) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10) || 0;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector("select, textarea, input:not([type=hidden])");
      if (first) first.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var store = storage();
    var saved = document.querySelector("[data-saved-draft]");
    if (saved && store) store.removeItem(saved.dataset.savedDraft); // the server has it now
    var form = document.querySelector("[data-testid=meeting-form]");
    if (!form) return;
    form.addEventListener("input", function () {
      liveFigures(form);
    });
    summarise(form);
    keepDrafts(form, store);
    sendOnce(form);
    promiseRows(form);
    liveFigures(form);
  });
})();
