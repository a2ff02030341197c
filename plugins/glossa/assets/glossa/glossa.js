/* Glossa: progressive enhancements. Without this script every annotation shows and nothing is
   collapsed. With it: filters per kind (remembered across pages), mark and card lit together on
   hover and focus, disclosures for the cards folded on narrow screens, and the target of a
   permalink unfolded, highlighted and focused. Idempotent; re-run on Material's instant navigation. */
(function () {
  "use strict";
  var STORE = "glossa.hidden-kinds";
  document.documentElement.classList.add("glossa-js"); /* glossa.css folds narrow cards once this is set */
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var all = function (selector, root) { return (root || document).querySelectorAll(selector); };
  var target = null;

  function hiddenKinds() {
    try { return JSON.parse(localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }
  function saveHiddenKinds(kinds) {
    try { localStorage.setItem(STORE, JSON.stringify(kinds)); } catch (e) { /* storage disabled */ }
  }
  function ids(node) { return (node.getAttribute("data-glossa-ref") || "").split(" "); }
  function cardOf(id) { return document.getElementById("glossa-" + id); }
  function kindOf(id) { var card = cardOf(id); return card && card.getAttribute("data-glossa-kind"); }
  function labelOf(card) {
    var label = card.querySelector(".glossa-card__kind");
    return label ? label.textContent.replace(/\s*\d+$/, "") : card.getAttribute("data-glossa-kind");
  }

  function light(list, on) {
    list.forEach(function (id) {
      var card = cardOf(id);
      if (card) card.classList.toggle("glossa-lit", on);
    });
    each(all("mark[data-glossa-ref]"), function (mark) {
      if (ids(mark).some(function (id) { return list.indexOf(id) !== -1; })) mark.classList.toggle("glossa-lit", on);
    });
  }

  function applyFilters() {
    var hidden = hiddenKinds();
    var off = function (id) { return hidden.indexOf(kindOf(id)) !== -1; };
    each(all("[data-glossa-id]"), function (card) {
      card.classList.toggle("glossa-hidden-kind", hidden.indexOf(card.getAttribute("data-glossa-kind")) !== -1);
    });
    each(all("mark[data-glossa-ref]"), function (mark) { mark.classList.toggle("glossa-filtered-out", ids(mark).every(off)); });
    each(all("[data-glossa-for]"), function (ref) { ref.parentNode.classList.toggle("glossa-filtered-out", off(ref.getAttribute("data-glossa-for"))); });
    each(all("button.glossa-disclosure"), function (button) {
      button.classList.toggle("glossa-filtered-out", controlled(button).every(function (id) { return off(id.slice(7)); }));
    });
    each(all("button.glossa-filter"), function (button) {
      button.setAttribute("aria-pressed", String(hidden.indexOf(button.getAttribute("data-glossa-filter")) === -1));
    });
  }

  /* The filters are the summary's counts per kind, each turned into a toggle in place: the
     buttons take exactly the room the counts took, so nothing moves when they appear. */
  function buildToolbar(summary) {
    var list = summary.querySelector(".glossa-counts");
    if (!list) return;
    list.classList.add("glossa-toolbar");
    list.setAttribute("aria-label", "Show or hide annotations by kind");
    each(all("[data-glossa-count]", list), function (item) {
      var kind = item.getAttribute("data-glossa-count"), button = document.createElement("button");
      button.type = "button";
      button.className = "glossa-filter";
      button.setAttribute("data-glossa-filter", kind);
      while (item.firstChild) button.appendChild(item.firstChild);
      button.addEventListener("click", function () {
        var hidden = hiddenKinds(), at = hidden.indexOf(kind);
        if (at === -1) hidden.push(kind); else hidden.splice(at, 1);
        saveHiddenKinds(hidden);
        applyFilters();
      });
      item.appendChild(button);
    });
  }

  /* Narrow screens: glossa.css folds the cards a block's disclosure controls; here it opens. */
  function controlled(button) { return button.getAttribute("aria-controls").split(" "); }
  function expand(button, open) {
    button.setAttribute("aria-expanded", String(open));
    button.textContent = (open ? "Hide" : "Show") + button.textContent.replace(/^\S+/, "");
  }
  function wireFolds() {
    each(all("button.glossa-disclosure"), function (button) {
      button.addEventListener("click", function () { expand(button, button.getAttribute("aria-expanded") !== "true"); });
    });
  }

  /* A permalink's target: unfold it if folded, highlight it, and focus it for keyboards. */
  function showTarget() {
    if (target) { target.classList.remove("glossa-target"); if (target.hasAttribute("data-glossa-id")) light([target.getAttribute("data-glossa-id")], false); }
    target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target || !target.matches(".glossa-row, [data-glossa-id], [data-glossa-for]")) { target = null; return; }
    var card = target.getAttribute("data-glossa-id"), folded = null;
    each(all('button.glossa-disclosure[aria-expanded="false"]'), function (button) {
      if (controlled(button).indexOf(target.id) !== -1) folded = button;
    });
    if (folded) expand(folded, true);
    target.classList.add("glossa-target");
    if (card) light([card], true);
    if (card || target.hasAttribute("data-glossa-for")) target.focus({ preventScroll: true });
    if (folded) target.scrollIntoView();
  }

  function wireHover(content) {
    function idsOf(node) {
      var el = node.closest && node.closest("mark[data-glossa-ref], [data-glossa-for], [data-glossa-id]");
      if (!el) return null;
      if (el.hasAttribute("data-glossa-ref")) return ids(el);
      return [el.getAttribute("data-glossa-for") || el.getAttribute("data-glossa-id")];
    }
    [["mouseover", true], ["focusin", true], ["mouseout", false], ["focusout", false]].forEach(function (pair) {
      content.addEventListener(pair[0], function (event) {
        var list = idsOf(event.target);
        if (list) light(list, pair[1]);
        if (!pair[1] && target && target.hasAttribute("data-glossa-id")) light([target.getAttribute("data-glossa-id")], true);
      });
    });
  }

  function init() {
    var summary = document.querySelector("[data-glossa-summary]");
    var content = document.querySelector(".md-content") || document.body;
    document.documentElement.classList.toggle("glossa-page", !!summary); /* instant navigation */
    if (!summary || content.hasAttribute("data-glossa-ready")) return;
    content.setAttribute("data-glossa-ready", "");
    target = null;
    buildToolbar(summary);
    wireFolds();
    applyFilters();
    wireHover(content);
    showTarget();
  }

  window.addEventListener("hashchange", showTarget);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
