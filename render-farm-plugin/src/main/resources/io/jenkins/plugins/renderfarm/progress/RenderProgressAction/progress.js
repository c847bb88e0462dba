/*
 * Live view of a renderFrames call: polls the action's JSON endpoint and redraws counts, the frame grid, running
 * chunks and samples. Loaded as an adjunct (no inline script, so it works under a Content-Security-Policy);
 * everything shown is set with textContent or as attributes, never as HTML.
 */
(function () {
  var FINAL = { SUCCEEDED: true, FAILED: true, CANCELED: true };
  var POLL_MS = 3000;
  var GRID_LIMIT = 2000;

  function expand(spec) {
    var frames = [];
    (spec || "").split(",").forEach(function (part) {
      var m = /^\s*(\d+)(?:-(\d+)(?:x(\d+))?)?\s*$/.exec(part);
      if (!m) { return; }
      var first = +m[1], last = m[2] ? +m[2] : first, step = m[3] ? +m[3] : 1;
      for (var f = first; f <= last && frames.length <= GRID_LIMIT; f += step) { frames.push(f); }
    });
    return frames;
  }

  function clear(el) { while (el && el.firstChild) { el.removeChild(el.firstChild); } }

  function list(el, items) {
    if (!el) { return; }
    clear(el);
    items.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      el.appendChild(li);
    });
  }

  function grid(el, data) {
    if (!el) { return; }
    clear(el);
    var frames = expand(data.frames);
    if (frames.length > GRID_LIMIT) { el.textContent = "(too many frames to draw)"; return; }
    frames.forEach(function (f) {
      var cell = document.createElement("span");
      var status = data.status[String(f)] || "pending";
      cell.className = "renderfarm-cell renderfarm-cell-" + status;
      var pct = data.percent[String(f)];
      cell.title = "frame " + f + ": " + status + (pct !== undefined ? " " + pct + "%" : "");
      el.appendChild(cell);
    });
  }

  function samples(el, data, artifactUrl, compact) {
    if (!el) { return; }
    clear(el);
    var shown = data.samples.slice();
    if (compact) {
      var sheet = shown.filter(function (s) { return s.kind === "contact-sheet"; });
      shown = sheet.length ? sheet : shown.slice(-6);
    }
    shown.forEach(function (s) {
      var fig = document.createElement("figure");
      var img = document.createElement("img");
      img.src = artifactUrl + s.path.split("/").map(encodeURIComponent).join("/") + "?seq=" + s.seq;
      img.alt = s.kind + " " + s.frame;
      if (s.kind === "contact-sheet") { img.className = "renderfarm-sheet"; }
      var caption = document.createElement("figcaption");
      caption.textContent = s.kind === "contact-sheet" ? "latest frames" : s.kind + " " + s.frame;
      fig.appendChild(img);
      fig.appendChild(caption);
      el.appendChild(fig);
    });
  }

  // Every chunk attempt, linked to its archived log; failed ones say why.
  function logs(el, data, artifactUrl) {
    if (!el || !data.logs) { return; }
    clear(el);
    data.logs.forEach(function (l) {
      var li = document.createElement("li");
      var text = "chunk " + l.chunk + ", attempt " + l.attempt + ", frames " + l.frames + " on " + l.slot + ": " + l.state
        + (l.reason ? " (" + l.reason + ")" : "");
      if (l.path) {
        var a = document.createElement("a");
        a.href = artifactUrl + l.path.split("/").map(encodeURIComponent).join("/");
        a.textContent = text;
        li.appendChild(a);
      } else {
        li.textContent = text;
      }
      if (l.state === "failed") { li.className = "renderfarm-log-failed"; }
      el.appendChild(li);
    });
  }

  function render(root, data) {
    var counts = root.querySelector(".renderfarm-counts");
    if (counts) {
      counts.textContent = data.done + " / " + data.total + " frames, " + data.state
        + (data.skipped ? " (" + data.skipped + " kept from before a restart)" : "")
        + (data.reason ? ": " + data.reason : "");
    }
    var where = root.querySelector(".renderfarm-where");
    if (where && data.where) {
      where.textContent = "Rendered " + data.where + (data.site ? " on " + data.site : "") + ": " + data.whereReason;
    }
    var bar = root.querySelector(".renderfarm-bar-done");
    if (bar && data.total > 0) { bar.style.width = Math.round(100 * data.done / data.total) + "%"; }
    list(root.querySelector(".renderfarm-chunks"), data.chunks);
    list(root.querySelector(".renderfarm-notes"), data.notes);
    logs(root.querySelector(".renderfarm-logs"), data, root.getAttribute("data-artifact-url"));
    grid(root.querySelector(".renderfarm-grid"), data);
    samples(root.querySelector(".renderfarm-samples"), data, root.getAttribute("data-artifact-url"),
      root.classList.contains("renderfarm-compact"));
  }

  function poll(root) {
    fetch(root.getAttribute("data-progress-url"), { credentials: "same-origin" })
      .then(function (rsp) { return rsp.ok ? rsp.json() : Promise.reject(rsp.status); })
      .then(function (body) {
        render(root, body.data);
        if (!FINAL[body.data.state]) { setTimeout(function () { poll(root); }, POLL_MS); }
      })
      .catch(function () { setTimeout(function () { poll(root); }, POLL_MS * 5); });
  }

  function start() {
    document.querySelectorAll(".renderfarm-progress").forEach(poll);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
