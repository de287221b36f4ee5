// recoupe serve: the little the pages need from script. Loaded from /static (the CSP forbids inline script).
// The timeline chart is one tab stop (arrow keys move between entries, Enter opens the evidence in the list);
// a button shows what cleaning removed; a marked name opens its entity; a link to "#c<start>-<end>"
// highlights the sentence it cites.
"use strict";

(function () {
  // The list's entry (a <details>) for an index, and the chart's mark.
  function listed(index) { return document.querySelector('details.tl-entry[data-entry="' + index + '"]'); }

  function select(index) {
    document.querySelectorAll(".tl-entry.selected").forEach(function (el) { el.classList.remove("selected"); });
    document.querySelectorAll('.tl-entry[data-entry="' + index + '"]').forEach(function (el) {
      el.classList.add("selected");
    });
  }

  // A chart mark opens its entry's evidence in the list and brings it into view.
  function openFromChart(mark) {
    var index = mark.getAttribute("data-entry");
    var entry = listed(index);
    if (!entry) { return; }
    entry.open = true;
    select(index);
    if (entry.scrollIntoView) { entry.scrollIntoView({ block: "nearest" }); }
  }

  // The chart is one tab stop: the focused mark holds tabindex 0, the others -1 (a roving tab index).
  function focusMark(marks, k) {
    if (k < 0 || k >= marks.length) { return; }
    marks.forEach(function (m, j) { m.setAttribute("tabindex", j === k ? "0" : "-1"); });
    marks[k].focus();
    if (marks[k].scrollIntoView) { marks[k].scrollIntoView({ block: "nearest", inline: "nearest" }); }
  }

  function chartKeys(event) {
    var marks = Array.prototype.slice.call(document.querySelectorAll("#timeline-svg .tl-entry"));
    var k = marks.indexOf(event.target.closest ? event.target.closest(".tl-entry") : null);
    if (k < 0) { return; }
    var moves = { ArrowRight: k + 1, ArrowDown: k + 1, ArrowLeft: k - 1, ArrowUp: k - 1, Home: 0, End: marks.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      focusMark(marks, moves[event.key]);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      openFromChart(marks[k]);
    }
  }

  function timeline() {
    var svg = document.getElementById("timeline-svg");
    if (svg) {
      svg.addEventListener("keydown", chartKeys);
      svg.addEventListener("click", function (event) {
        var mark = event.target.closest ? event.target.closest(".tl-entry") : null;
        if (!mark) { return; }
        var marks = Array.prototype.slice.call(svg.querySelectorAll(".tl-entry"));
        marks.forEach(function (m) { m.setAttribute("tabindex", m === mark ? "0" : "-1"); });
        openFromChart(mark);
      });
    }
    document.querySelectorAll("details.tl-entry").forEach(function (entry) {
      entry.addEventListener("toggle", function () {
        if (entry.open) { select(entry.getAttribute("data-entry")); }
      });
    });
  }

  function toggleRemoved() {
    var button = document.getElementById("toggle-removed");
    var removed = document.getElementById("removed");
    if (!button || !removed) { return; }
    button.addEventListener("click", function () {
      removed.hidden = !removed.hidden;
      button.setAttribute("aria-expanded", removed.hidden ? "false" : "true");
    });
  }

  // A marked name in an article's text opens the page of its entity (by click, or Enter once focused).
  function entityLinks() {
    var text = document.getElementById("article-text");
    if (!text) { return; }
    function follow(event) {
      var mark = event.target.closest ? event.target.closest("mark.ent[data-entity]") : null;
      if (!mark || (event.type === "keydown" && event.key !== "Enter")) { return; }
      event.preventDefault();
      window.location.assign("/entities/" + encodeURIComponent(mark.getAttribute("data-entity")));
    }
    text.addEventListener("click", follow);
    text.addEventListener("keydown", follow);
  }

  // "/articles/ID#c<start>-<end>": the cited characters of the clean text (offsets in code points, as the
  // store counts them) are wrapped in <mark class="cited">, scrolled into view and focused.
  function markCited() {
    var text = document.getElementById("article-text");
    var match = /^#c(\d+)-(\d+)$/.exec(window.location.hash);
    if (!text || !match) { return; }
    var start = parseInt(match[1], 10), end = parseInt(match[2], 10);
    text.querySelectorAll("mark.cited").forEach(function (old) {
      old.replaceWith.apply(old, Array.prototype.slice.call(old.childNodes));
    });
    text.normalize();
    var walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    var pieces = [], offset = 0, node;
    while ((node = walker.nextNode()) && offset < end) {
      var points = Array.from(node.data), from = Math.max(start - offset, 0), to = Math.min(end - offset, points.length);
      if (from < to) {
        pieces.push([node, points.slice(0, from).join("").length, points.slice(0, to).join("").length]);
      }
      offset += points.length;
    }
    var first = null;
    pieces.forEach(function (piece) {
      var range = document.createRange();
      range.setStart(piece[0], piece[1]);
      range.setEnd(piece[0], piece[2]);
      var mark = document.createElement("mark");
      mark.className = "cited";
      range.surroundContents(mark);
      first = first || mark;
    });
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.scrollIntoView({ block: "center" });
      first.focus({ preventScroll: true });
    }
  }

  function init() {
    timeline();
    toggleRemoved();
    entityLinks();
    markCited();
    window.addEventListener("hashchange", markCited);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
