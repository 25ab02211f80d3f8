/* posdoctor help desk: keyboard shortcuts and live updates.
 *
 * Runs under the app's CSP: no inline script, no eval, no hx-on. Every shortcut is a
 * [data-key] attribute on a visible button, link or field of the page, so the server decides
 * what a key does on each screen and this file only finds and presses it:
 *   y n u 1-9  answer      w why     h how      b back      c change the last answer
 *   f fix       e escalate  ? help    Esc close / leave a field
 * Keys typed into a field go to the field. Inside an open change form ([data-keys] scope) the
 * form's own keys win over the page's.
 *
 * Live updates: an element with data-live="URL of an event stream" and data-refresh="URL of
 * its fragment" is fetched again whenever the stream says something changed: an event whose
 * seq is newer than the element's data-seq, or viewers other than its data-viewers.
 */
(function () {
  "use strict";

  function editable(el) {
    return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  /* On screen: laid out, and not inside a closed <details> (whose content Chromium still
     lays out, with offsetWidth > 0). */
  function visible(el) {
    var closed = el.parentElement && el.parentElement.closest("details:not([open])");
    if (closed && el.closest("summary") === null) {
      return false;
    }
    if (el.checkVisibility) {
      return el.checkVisibility();
    }
    return !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  }

  function usable(el) {
    return !el.disabled && el.getAttribute("aria-disabled") !== "true" && visible(el);
  }

  function findKey(root, key) {
    var all = root.querySelectorAll("[data-key]");
    for (var i = 0; i < all.length; i++) {
      var keys = all[i].getAttribute("data-key").split(" ");
      if (keys.indexOf(key) >= 0 && usable(all[i])) {
        return all[i];
      }
    }
    return null;
  }

  function press(el) {
    if (editable(el)) {
      el.focus();
      if (el.select && el.tagName === "INPUT") {
        el.select();
      }
    } else if (el.tagName === "DETAILS") {
      el.open = true;
      var first = el.querySelector(
        "select, textarea, input:not([type=hidden]), button, a[href]"
      );
      if (first) {
        first.focus();
      }
    } else {
      el.click();
    }
  }

  function toggleHelp(show) {
    var help = document.getElementById("keys-help");
    if (!help) {
      return;
    }
    var open = show === undefined ? help.hidden : show;
    help.hidden = !open;
    if (open) {
      help.focus();
    }
  }

  function closeOpen() {
    toggleHelp(false);
    var open = document.querySelectorAll("details[open][data-key]");
    for (var i = 0; i < open.length; i++) {
      open[i].open = false;
    }
  }

  function onKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) {
      return;
    }
    if (editable(ev.target)) {
      if (ev.key === "Escape") {
        ev.target.blur();
      }
      return;
    }
    if (ev.key === "?") {
      ev.preventDefault();
      toggleHelp();
      return;
    }
    if (ev.key === "Escape") {
      closeOpen();
      return;
    }
    if (document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling")) {
      ev.preventDefault(); /* the last key is still being answered: one at a time */
      return;
    }
    var key = ev.key.length === 1 ? ev.key.toLowerCase() : "";
    if (!key) {
      return;
    }
    var scope = document.activeElement && document.activeElement.closest("[data-keys]");
    var el = (scope && findKey(scope, key)) || findKey(document, key);
    if (el) {
      ev.preventDefault();
      press(el);
    }
  }

  function liveSeq(box) {
    return parseInt(box.getAttribute("data-seq") || "-1", 10);
  }

  /* Fetch the live element again; while the agent is typing into one of its fields, wait
     until the field is left (the swap would throw away what is typed). */
  function refresh(box) {
    var active = document.activeElement;
    if (editable(active) && box.contains(active) && active.value) {
      active.addEventListener("blur", function () { refresh(box); }, { once: true });
      return;
    }
    if (window.htmx) {
      var how = { target: "#" + box.id, swap: "outerHTML" };
      if (box.getAttribute("data-select")) {
        how.select = box.getAttribute("data-select");  /* a whole page: keep only the box */
      }
      window.htmx.ajax("GET", box.getAttribute("data-refresh"), how);
    }
  }

  function sameViewers(box, viewers) {
    try {
      return JSON.stringify(JSON.parse(box.getAttribute("data-viewers") || "[]")) ===
        JSON.stringify(viewers || []);
    } catch (e) {
      return false;
    }
  }

  var stream = null;
  var streamUrl = "";

  /* session: an event of the call (refresh when it is newer than the screen); presence: who
     is viewing (refresh when that changed); gone: the call is no longer ours to see. */
  function onMessage(ev) {
    var box = document.querySelector("[data-live]");
    if (!box) {
      return;
    }
    var data = {};
    try {
      data = JSON.parse(ev.data);
    } catch (e) {
      data = {};
    }
    if (ev.type === "board") {
      refresh(box);
    } else if (ev.type === "gone") {
      window.location.reload();
    } else if (ev.type === "presence") {
      if (!sameViewers(box, data.viewers)) {
        refresh(box);
      }
    } else if (typeof data.seq !== "number" || data.seq > liveSeq(box)) {
      refresh(box);
    }
  }

  /* One stream per page, opened for the live element and re-opened when its URL changes. */
  function connect() {
    var box = document.querySelector("[data-live]");
    var url = box ? box.getAttribute("data-live") : "";
    if (url === streamUrl) {
      return;
    }
    if (stream) {
      stream.close();
      stream = null;
    }
    streamUrl = url;
    if (url && window.EventSource) {
      stream = new EventSource(url, { withCredentials: true });
      stream.onmessage = onMessage;
      ["session", "presence", "gone", "board"].forEach(function (name) {
        stream.addEventListener(name, onMessage);
      });
    }
  }

  /* After a swap, put the focus where the next key press will be read (the card's heading),
     unless the agent is in a field that is still on the page. */
  function afterSwap() {
    connect();
    var active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) {
      var heading = document.querySelector("[data-focus-after-swap]");
      if (heading) {
        heading.focus({ preventScroll: true });
      }
    }
  }

  document.addEventListener("keydown", onKey);
  document.addEventListener("htmx:afterSettle", afterSwap);
  document.addEventListener("DOMContentLoaded", connect);
  window.addEventListener("pagehide", function () {
    if (stream) {
      stream.close();
    }
  });
})();
