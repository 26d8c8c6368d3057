/* Minutes editors on the meeting page (issue 10, item 1): nothing typed is lost.
 *
 * - An editor is "dirty" from the first keystroke until a save of exactly that text succeeds;
 *   the status line then says "Gemt kl. 14.32" (htmx autosaves 1.5 s after typing stops).
 * - Before any other form on the page is sent (add participant, move a point, …) the dirty
 *   editors are saved first; if a save fails (conflict, error) the other form is not sent.
 * - Leaving the page with a dirty editor asks for confirmation (beforeunload).
 * Without JavaScript each editor is its own page, so none of this is needed there.
 */
(function () {
  "use strict";

  var SELECTOR = "form[data-minutes-editor]";

  function values(form) {
    var m = form.querySelector("textarea[name=minutes]");
    var d = form.querySelector("textarea[name=decision]");
    return (m ? m.value : "") + "\u0000" + (d ? d.value : "");
  }

  function status(form) {
    return document.getElementById("minutes-status-" + form.dataset.minutesEditor);
  }

  function dirtyEditors() {
    return Array.prototype.filter.call(document.querySelectorAll(SELECTOR), function (f) {
      return f.dataset.dirty === "1";
    });
  }

  function markDirty(form) {
    if (form.dataset.dirty !== "1") {
      form.dataset.dirty = "1";
      var s = status(form);
      if (s) { s.textContent = "Ikke gemt"; }
    }
  }

  document.addEventListener("input", function (evt) {
    var form = evt.target.closest && evt.target.closest(SELECTOR);
    if (form) { markDirty(form); }
  });

  // Remember what each request sends, so a save only cleans the editor if nothing was typed since.
  document.addEventListener("htmx:configRequest", function (evt) {
    var form = evt.detail.elt && evt.detail.elt.closest && evt.detail.elt.closest(SELECTOR);
    if (form) { form.dataset.sending = values(form); }
  });

  // A save answered "saved" (data-saved in the response): clean, unless typed since it was sent.
  document.addEventListener("htmx:afterRequest", function (evt) {
    var form = evt.detail.elt && evt.detail.elt.closest && evt.detail.elt.closest(SELECTOR);
    var xhr = evt.detail.xhr;
    if (!form || !xhr || !evt.detail.successful) { return; }
    if (xhr.responseText.indexOf("data-saved") !== -1 && form.dataset.sending === values(form)) {
      form.dataset.dirty = "0";
    }
  });

  document.addEventListener("htmx:afterSettle", function (evt) {
    var target = evt.detail.target;
    if (!target) { return; }
    // An editor loaded inline: focus its first field.
    var editor = target.matches && target.matches(SELECTOR) ? target : null;
    if (editor) {
      var first = editor.querySelector("textarea");
      if (first) { first.focus(); }
    }
  });

  function saveOne(form) {
    return htmx.ajax("POST", form.getAttribute("hx-post"), {
      source: form,
      target: "#minutes-status-" + form.dataset.minutesEditor,
      swap: "innerHTML"
    }).then(function () {
      // let htmx finish swapping the status line before judging the result
      return new Promise(function (resolve) { setTimeout(resolve, 50); });
    });
  }

  // Save the dirty editors one after the other (a second round for any that failed, e.g. a
  // request that met a busy server); resolves true when none is dirty any more.
  function saveAll(forms, round) {
    var chain = Promise.resolve();
    forms.forEach(function (form) {
      chain = chain.then(function () { return saveOne(form); });
    });
    return chain.then(function () {
      var left = dirtyEditors().filter(function (f) {
        return !f.querySelector("[data-minutes-conflict]");
      });
      if (left.length && !round) { return saveAll(left, 1); }
      return dirtyEditors().length === 0;
    });
  }

  function isEditor(elt) {
    return !!(elt && elt.closest && elt.closest(SELECTOR));
  }

  // Plain (non-htmx) forms: save the dirty editors first, then send the form.
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (isEditor(form) || form.hasAttribute("hx-post") || form.dataset.minutesFlushed === "1") {
      return;
    }
    var dirty = dirtyEditors();
    if (!dirty.length || typeof htmx === "undefined") { return; }
    evt.preventDefault();
    var submitter = evt.submitter || null;
    saveAll(dirty).then(function (ok) {
      if (!ok) {
        dirtyEditors()[0].scrollIntoView({ block: "center" });
        return;
      }
      form.dataset.minutesFlushed = "1";
      if (form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
    });
  }, true);

  // htmx requests from elsewhere on the page (move up/down replaces the whole agenda).
  document.addEventListener("htmx:confirm", function (evt) {
    var elt = evt.detail.elt;
    if (isEditor(elt) || (evt.detail.verb || "").toLowerCase() === "get") {
      return; // an editor's own save, or loading an editor: nothing else is replaced
    }
    var dirty = dirtyEditors();
    if (!dirty.length) { return; }
    evt.preventDefault();
    saveAll(dirty).then(function (ok) {
      if (ok) { evt.detail.issueRequest(true); }
    });
  });

  window.addEventListener("beforeunload", function (evt) {
    if (dirtyEditors().length) {
      evt.preventDefault();
      evt.returnValue = "";
    }
  });
})();
