/*
 * Live view of a renderFrames call: polls the action's JSON endpoint and redraws counts with the time left, the
 * frame grid, running chunks, samples and the preview movie's player. Loaded as an adjunct (no inline script, so it works under a Content-Security-Policy);
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

  function duration(seconds) {
    if (seconds < 60) { return seconds + " s"; }
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) { return minutes + " min " + (seconds % 60) + " s"; }
    return Math.floor(minutes / 60) + " h " + (minutes % 60) + " min";
  }

  function artifact(artifactUrl, s) {
    return artifactUrl + s.path.split("/").map(encodeURIComponent).join("/") + "?seq=" + s.seq;
  }

  /** The preview movie's player, kept across polls so a playing movie is only reloaded when it changed. */
  function movie(el, data, artifactUrl) {
    if (!el) { return; }
    var found = data.samples.filter(function (s) { return s.kind === "movie"; });
    if (!found.length) { return; }
    var src = artifact(artifactUrl, found[found.length - 1]);
    var video = el.querySelector("video");
    if (!video) {
      video = document.createElement("video");
      video.controls = true;
      video.loop = true;
      video.muted = true;
      video.className = "renderfarm-movie";
      el.appendChild(video);
    }
    if (video.getAttribute("src") !== src) { video.setAttribute("src", src); }
  }

  function samples(el, data, artifactUrl, compact) {
    if (!el) { return; }
    clear(el);
    var shown = data.samples.filter(function (s) { return s.kind !== "movie"; });
    if (compact) {
      var sheet = shown.filter(function (s) { return s.kind === "contact-sheet"; });
      shown = sheet.length ? sheet : shown.slice(-6);
    }
    shown.forEach(function (s) {
      var fig = document.createElement("figure");
      var img = document.createElement("img");
      img.src = artifact(artifactUrl, s);
      img.alt = s.kind + " " + s.frame;
      if (s.kind === "contact-sheet") { img.className = "renderfarm-sheet"; }
      var caption = document.createElement("figcaption");
      caption.textContent = s.kind === "contact-sheet" ? "the whole shot" : s.kind + " " + s.frame;
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
        + (typeof data.eta === "number" && !FINAL[data.state] ? ", about " + duration(data.eta) + " left" : "")
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
    movie(root.querySelector(".renderfarm-movie-box"), data, root.getAttribute("data-artifact-url"));
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
