/* Glossa: progressive enhancements. Without this script every annotation shows and nothing is
   collapsed. With it: a filter toolbar per kind (remembered across pages), mark and card lit
   together on hover and focus, non-correction cards collapsed on narrow screens, and the target
   of a permalink highlighted. Idempotent; re-run on Material's instant navigation (document$). */
(function () {
  "use strict";
  var STORE = "glossa.hidden-kinds";
  var NARROW = "(max-width: 76.2344em)";

  function hiddenKinds() {
    try { return JSON.parse(localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }
  function saveHiddenKinds(kinds) {
    try { localStorage.setItem(STORE, JSON.stringify(kinds)); } catch (e) { /* private mode */ }
  }
  function cssEscape(value) { return window.CSS && CSS.escape ? CSS.escape(value) : value; }
  function cardsFor(id) { return document.querySelectorAll('[data-glossa-id="' + cssEscape(id) + '"]'); }
  function marksFor(id) {
    return Array.prototype.filter.call(document.querySelectorAll("mark[data-glossa-ref]"), function (m) {
      return m.getAttribute("data-glossa-ref").split(" ").indexOf(id) !== -1;
    });
  }
  function light(ids, on) {
    ids.forEach(function (id) {
      Array.prototype.forEach.call(cardsFor(id), function (c) { c.classList.toggle("glossa-lit", on); });
      marksFor(id).forEach(function (m) { m.classList.toggle("glossa-lit", on); });
    });
  }

  function applyFilters(root) {
    var hidden = hiddenKinds();
    Array.prototype.forEach.call(root.querySelectorAll(".glossa-notes [data-glossa-kind], .glossa-page-notes [data-glossa-kind], .glossa-unanchored [data-glossa-kind]"), function (card) {
      card.classList.toggle("glossa-hidden-kind", hidden.indexOf(card.getAttribute("data-glossa-kind")) !== -1);
    });
    Array.prototype.forEach.call(root.querySelectorAll("mark[data-glossa-ref]"), function (mark) {
      var visible = mark.getAttribute("data-glossa-ref").split(" ").some(function (id) {
        var card = document.querySelector('[data-glossa-id="' + cssEscape(id) + '"]');
        return card && hidden.indexOf(card.getAttribute("data-glossa-kind")) === -1;
      });
      mark.classList.toggle("glossa-filtered-out", !visible);
    });
    Array.prototype.forEach.call(root.querySelectorAll("button.glossa-filter"), function (button) {
      button.setAttribute("aria-pressed", String(hidden.indexOf(button.getAttribute("data-glossa-filter")) === -1));
    });
  }

  function buildToolbar(root) {
    var summary = root.querySelector("[data-glossa-summary]");
    if (!summary || root.querySelector(".glossa-toolbar")) return;
    var counts = {}, order = [], colours = {}, labels = {};
    Array.prototype.forEach.call(root.querySelectorAll("[data-glossa-kind]"), function (card) {
      var kind = card.getAttribute("data-glossa-kind");
      if (!(kind in counts)) {
        counts[kind] = 0; order.push(kind);
        colours[kind] = card.style.getPropertyValue("--glossa-kind-color");
        var label = card.querySelector(".glossa-card__kind");
        labels[kind] = label ? label.textContent.replace(/\s*\d+$/, "") : kind;
      }
      counts[kind] += 1;
    });
    if (!order.length) return;
    var bar = document.createElement("div");
    bar.className = "glossa-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Show or hide annotations by kind");
    var caption = document.createElement("span");
    caption.className = "glossa-toolbar__label";
    caption.textContent = "Show:";
    bar.appendChild(caption);
    order.forEach(function (kind) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "glossa-filter";
      button.setAttribute("data-glossa-filter", kind);
      button.setAttribute("aria-pressed", "true");
      button.style.setProperty("--glossa-kind-color", colours[kind]);
      button.textContent = labels[kind] + " (" + counts[kind] + ")";
      button.addEventListener("click", function () {
        var hidden = hiddenKinds(), at = hidden.indexOf(kind);
        if (at === -1) hidden.push(kind); else hidden.splice(at, 1);
        saveHiddenKinds(hidden);
        applyFilters(document);
      });
      bar.appendChild(button);
    });
    summary.parentNode.insertBefore(bar, summary.nextSibling);
  }

  function collapseNarrow(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".glossa-notes"), function (notes) {
      if (notes.querySelector(".glossa-disclosure")) return;
      var others = Array.prototype.filter.call(notes.children, function (card) {
        return card.getAttribute("data-glossa-kind") !== "correction";
      });
      if (!others.length) return;
      var perKind = {};
      others.forEach(function (card) {
        var label = card.querySelector(".glossa-card__kind");
        var name = label ? label.textContent.replace(/\s*\d+$/, "").toLowerCase() : "note";
        perKind[name] = (perKind[name] || 0) + 1;
      });
      var text = Object.keys(perKind).map(function (k) { return perKind[k] + " " + k + (perKind[k] > 1 ? "s" : ""); }).join(", ");
      var group = document.createElement("div");
      group.className = "glossa-collapsed";
      group.id = "glossa-more-" + notes.parentNode.id;
      others.forEach(function (card) { group.appendChild(card); });
      var button = document.createElement("button");
      button.type = "button";
      button.className = "glossa-disclosure";
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", group.id);
      button.textContent = "Show " + text;
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        group.classList.toggle("glossa-collapsed", !open);
        button.textContent = (open ? "Hide " : "Show ") + text;
      });
      notes.appendChild(button);
      notes.appendChild(group);
    });
  }

  function expandTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var group = target.closest && target.closest(".glossa-collapsed");
    if (group) {
      var button = document.querySelector('[aria-controls="' + cssEscape(group.id) + '"]');
      if (button) button.click();
    }
    if (target.hasAttribute("data-glossa-id")) light([target.getAttribute("data-glossa-id")], true);
  }

  function wireHover(root) {
    function idsOf(node) {
      if (!node || !node.closest) return null;
      var mark = node.closest("mark[data-glossa-ref]");
      if (mark) return mark.getAttribute("data-glossa-ref").split(" ");
      var ref = node.closest("[data-glossa-for]");
      if (ref) return [ref.getAttribute("data-glossa-for")];
      var card = node.closest("[data-glossa-id]");
      if (card) return [card.getAttribute("data-glossa-id")];
      return null;
    }
    ["mouseover", "focusin"].forEach(function (type) {
      root.addEventListener(type, function (event) { var ids = idsOf(event.target); if (ids) light(ids, true); });
    });
    ["mouseout", "focusout"].forEach(function (type) {
      root.addEventListener(type, function (event) { var ids = idsOf(event.target); if (ids) light(ids, false); });
    });
  }

  function init() {
    var root = document.querySelector("[data-glossa-summary]") ? document : null;
    if (!root) return;
    var content = document.querySelector(".md-content") || document.body;
    if (content.getAttribute("data-glossa-ready") === "1") return;
    content.setAttribute("data-glossa-ready", "1");
    buildToolbar(document);
    if (window.matchMedia && window.matchMedia(NARROW).matches) collapseNarrow(document);
    applyFilters(document);
    wireHover(content);
    expandTarget();
  }

  window.addEventListener("hashchange", expandTarget);
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(function () { init(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
