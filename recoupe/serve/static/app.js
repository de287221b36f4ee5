// recoupe serve: the little the pages need from script. Loaded from /static (the CSP forbids inline script).
// A timeline entry (in the SVG or in the list) opens its evidence; a button shows what cleaning removed;
// a marked name opens its entity.
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

  function init() {
    document.querySelectorAll(".tl-entry").forEach(function (entry) {
      entry.addEventListener("click", onEntryEvent);
      entry.addEventListener("keydown", onEntryEvent);
    });
    toggleRemoved();
    entityLinks();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
