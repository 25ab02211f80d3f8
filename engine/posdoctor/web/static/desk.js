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
 * its fragment" is fetched again whenever the stream says something changed (an event whose
 * seq is newer than the element's data-seq, or any event without a seq, such as presence).
 */
(function () {
  "use strict";

  function editable(el) {
    return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function visible(el) {
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
      var first = el.querySelector("button, input, select, textarea, a[href]");
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

  function refresh(box) {
    if (window.htmx) {
      window.htmx.ajax("GET", box.getAttribute("data-refresh"), {
        target: "#" + box.id,
        swap: "outerHTML",
      });
    }
  }

  var stream = null;
  var streamUrl = "";

  function onMessage(ev) {
    var box = document.querySelector("[data-live]");
    if (!box) {
      return;
    }
    var seq = null;
    try {
      var data = JSON.parse(ev.data);
      seq = typeof data.seq === "number" ? data.seq : null;
    } catch (e) {
      seq = null;
    }
    if (seq === null || seq > liveSeq(box)) {
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
      ["answer", "change", "undo", "fix", "handover", "escalate", "presence", "update"].forEach(
        function (name) {
          stream.addEventListener(name, onMessage);
        },
      );
    }
  }

  /* After a swap, put the focus where the next key press will be read: the card's heading. */
  function afterSwap(ev) {
    connect();
    var target = ev.detail && ev.detail.target;
    if (target && !document.activeElement.closest("form[data-keep-focus]")) {
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
