// recoupe serve: the little the pages need from script. Loaded from /static (the CSP forbids inline script).
// A timeline entry (in the SVG or in the list) opens its evidence; a button shows what cleaning removed;
// a marked name opens its entity; a link to "#c<start>-<end>" highlights the sentence it cites.
"use strict";

(function () {
  function evidenceOf(entry) {
    var index = entry.getAttribute("data-entry");
    return index === null ? null : document.getElementById("evidence-" + index);
  }

  function select(index) {
    document.querySelectorAll(".tl-entry.selected").forEach(function (el) { el.classList.remove("selected"); });
    document.querySelectorAll('.tl-entry[data-entry="' + index + '"]').forEach(function (el) {
      el.classList.add("selected");
    });
  }

  // From the chart: always open, and bring the list item into view.
  // From the list: open or close.
  function activate(entry, fromChart) {
    var panel = evidenceOf(entry);
    if (!panel) { return; }
    panel.hidden = fromChart ? false : !panel.hidden;
    select(entry.getAttribute("data-entry"));
    var item = panel.closest("li");
    if (item) { item.setAttribute("aria-expanded", panel.hidden ? "false" : "true"); }
    if (fromChart && item && item.scrollIntoView) { item.scrollIntoView({ block: "nearest" }); }
  }

  function onEntryEvent(event) {
    var entry = event.currentTarget;
    if (event.target.closest && (event.target.closest(".evidence") || event.target.closest("a"))) { return; }
    if (event.type === "keydown" && event.key !== "Enter" && event.key !== " ") { return; }
    if (event.type === "keydown") { event.preventDefault(); }
    activate(entry, !!entry.closest("svg"));
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

  // A marked name in an article's text opens the page of its entity.
  function entityLinks() {
    var text = document.getElementById("article-text");
    if (!text) { return; }
    text.addEventListener("click", function (event) {
      var mark = event.target.closest ? event.target.closest("mark.ent[data-entity]") : null;
      if (mark) { window.location.assign("/entities/" + encodeURIComponent(mark.getAttribute("data-entity"))); }
    });
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
    document.querySelectorAll(".tl-entry").forEach(function (entry) {
      entry.addEventListener("click", onEntryEvent);
      entry.addEventListener("keydown", onEntryEvent);
    });
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
