/* Glossa's enhancements of a page that reads whole without them (DESIGN.md, "The text reads as an
   article"). Idempotent: re-run on Material's instant navigation. */
(function () {
  "use strict";
  var STORE = "glossa.hidden-kinds", GAP = 4, WIDE = "(min-width: 60em)";
  document.documentElement.classList.add("glossa-js");
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var all = function (selector, root) { return (root || document).querySelectorAll(selector); };
  var shown = function (el) { return el.getClientRects().length; };
  var target = null, opened = null, opener = null, content = null, queued = false, tipOf = {};
  var wasWide = null; /* the width's side of 60em at the last layout: crossed, an open card moves */
  var pushed = null; /* the address a reference added to the history, while it is the current one */
  var returnTo = null; /* the link to focus once Material has put the page in again, after Back */
  var clicked = null; /* the last link followed: a card it opened gives the focus back to it */

  function hiddenKinds() {
    try { return JSON.parse(sessionStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }
  function ids(node) { return (node.getAttribute("data-glossa-ref") || "").split(" "); }
  function cardOf(id) { return document.querySelector('[data-glossa-id="' + id + '"]'); }
  function idOf(card) { return card.getAttribute("data-glossa-id"); }
  function kindOf(id) { var card = cardOf(id); return card && card.getAttribute("data-glossa-kind"); }
  function marksOf(id) { return all('mark[data-glossa-ref~="' + id + '"]'); }
  function toggleOf(card) { return card.querySelector(".glossa-card__summary"); }
  function refOf(id) { return document.querySelector('[data-glossa-for="' + id + '"]'); }
  /* A link as it is now in the page: Material's instant navigation puts the page in again, the
     link a copy of the one that was there. */
  function copyOf(link) {
    if (link.isConnected) return link;
    return [].find.call(all("a[href]", content || document), function (a) { /* a shown one: a */
      return a.href === link.href && shown(a) /* row's ¶ is written twice */
        && a.hasAttribute("data-glossa-for") === link.hasAttribute("data-glossa-for");
    });
  }
  /* Into view too: Material may restore a scroll saved after the jump to the card, not before. */
  function giveBack(link) {
    var now = copyOf(link);
    if (!now) return;
    now.focus({ preventScroll: true });
    requestAnimationFrame(function () { /* after Material's own scroll, as it puts the page in */
      if (document.activeElement === now && hidden(now.getBoundingClientRect())) now.scrollIntoView({ block: "center" });
    });
  }
  /* A reference's link (the id is its <sup>'s: Material hides a[id] inside code); a row's ¶,
     the one shown (a phone's annotated row shows the copy beside its cards). */
  function linkOf(el) {
    if (!el || !el.matches(".glossa-row")) return el && el.querySelector("[data-glossa-for]");
    var links = all(".glossa-pilcrow", el);
    return [].find.call(links, shown) || links[0];
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

  /* Wide screens: each card of the text level with its first mark, pushed down only by the card
     above; an open card exactly level with its mark, the cards above it pushed up. Every position
     is read first, then every one written, so that the browser lays the page out once. */
  function layout() {
    queued = false;
    var wide = window.matchMedia(WIDE).matches, crossed = wasWide !== null && wide !== wasWide;
    wasWide = wide;
    if (crossed && opened) requestAnimationFrame(keepInView); /* a tablet turned: under its
                                                                  paragraph now, or beside it */
    var cards = all(".glossa-notes > [data-glossa-id]");
    if (!content || !wide) {
      each(cards, function (card) { card.style.top = card.style.left = ""; });
      if (content) content.style.paddingBottom = "";
      return;
    }
    cards = [].filter.call(cards, function (card) { return card.offsetParent !== null; });
    if (!cards.length) return;
    var box = content.getBoundingClientRect(), base = cards[0].offsetParent.getBoundingClientRect();
    var items = cards.map(function (card) {
      /* The first mark shown; words in a closed tab or tooltip: their row. */
      var mark = [].find.call(marksOf(idOf(card)), shown)
        || card.closest(".glossa-row");
      return { card: card, want: mark.getBoundingClientRect().top - base.top, height: card.offsetHeight };
    });
    var pinned = -1, bottom = -Infinity;
    items.forEach(function (item, i) {
      item.top = Math.max(item.want, bottom + GAP);
      bottom = item.top + item.height;
      if (item.card === opened) pinned = i;
    });
    if (pinned !== -1) {
      var top = items[pinned].top = items[pinned].want;
      for (var i = pinned - 1; i >= 0 && items[i].top + items[i].height + GAP > top; i--) {
        top = items[i].top = top - GAP - items[i].height;
      }
      bottom = items[pinned].top + items[pinned].height;
      for (var j = pinned + 1; j < items.length; j++) {
        items[j].top = Math.max(items[j].want, bottom + GAP);
        bottom = items[j].top + items[j].height;
      }
    }
    var text = (content.querySelector(".md-content__inner") || content).getBoundingClientRect();
    var left = (getComputedStyle(content).direction == "rtl" ? box.left + text.left : text.right + box.right)
      / 2 - cards[0].offsetWidth / 2 - base.left; /* centred in the margin, left of a right-to-left text */
    items.forEach(function (item) {
      item.card.style.top = item.top + "px";
      item.card.style.left = left + "px";
    });
    var padded = parseFloat(content.style.paddingBottom) || 0; /* the box holds what was added */
    var below = bottom + base.top - (box.bottom - padded);
    content.style.paddingBottom = below > 0 ? below + "px" : "";
    document.documentElement.classList.add("glossa-laid-out");
  }
  function relayout() { if (!queued) { queued = true; requestAnimationFrame(layout); } }
  function keepInView() { if (opened) inView(opened); }
  function inView(card) { /* centred, or a tall one from its top */
    var r = card.getBoundingClientRect();
    if (hidden(r)) card.scrollIntoView({ block: r.height < innerHeight / 2 ? "center" : "start" });
  }
  /* Text that changes size after load (a reader's text spacing or fonts, an image, a tab) moves
     the marks: the cards follow. The cards sit outside the text's flow, so placing them does not
     resize it again. */
  var resized = window.ResizeObserver ? new ResizeObserver(relayout) : null;

  /* A card opens in place and closes with Escape, focus going back to what opened it. The
     address names the open card, to share or reload; what it named before is no longer lit. */
  function open(card, from) {
    if (opened && opened !== card) close(false);
    if (!card || card.classList.contains("glossa-open")) { if (card) layout(); return; }
    opened = card;
    opener = from || toggleOf(card);
    card.classList.add("glossa-open");
    expanded(idOf(card), true);
    /* Its words in a closed <details> or another tab are shown (not a code annotation's: its
       tooltip would take the focus from the card) */
    var words = marksOf(idOf(card))[0];
    if (words && !shown(words) && !words.closest(".md-annotation")) reveal(words);
    if (target && target !== card) untarget();
    if (location.hash !== "#" + card.id) history.replaceState(null, "", "#" + card.id);
    layout();
  }
  function close(refocus) {
    var card = opened;
    if (!card) return;
    opened = null;
    card.classList.remove("glossa-open");
    expanded(idOf(card), false);
    if (target === card) untarget();
    layout();
    if (refocus && opener) opener.focus();
  }
  /* Closed by the reader: the address no longer names it, unless a reference added the entry
     (taken off, it would leave two entries of one address, and a Back press that does nothing;
     gone back past, Material may put the page in again, and the focus given back is lost). */
  function shut(refocus) {
    var card = opened;
    close(refocus);
    if (card && location.hash === "#" + card.id && pushed !== location.hash) {
      history.replaceState(null, "", location.pathname + location.search);
    }
  }
  function expanded(id, on) {
    var card = cardOf(id), toggle = card && toggleOf(card), ref = refOf(id);
    if (toggle) toggle.setAttribute("aria-expanded", on);
    if (ref) ref.setAttribute("aria-expanded", on);
  }
  function wireCards() {
    each(all("[data-glossa-id]"), function (card) {
      var toggle = toggleOf(card);
      if (!toggle) return;
      toggle.setAttribute("role", "button");
      /* A card its reference opens is one Tab stop, the reference: its toggle left the article
         some 65 stops more. Not where the reference may be hidden (a closed <details>, another
         tab, a code annotation), nor for a card without one. */
      var ref = refOf(idOf(card));
      toggle.setAttribute("tabindex", ref && !ref.closest("details, .tabbed-set, .md-annotation") ? "-1" : "0");
      toggle.setAttribute("aria-expanded", "false");
      toggle.title = toggle.textContent; /* the whole summary, where the line clips it */
      /* Heard with the summary: "Correction 4", and its verdict, which a reader sees first */
      var verdict = card.querySelector(".glossa-card__head .glossa-verdict");
      if (verdict) verdict.id = card.id + "__verdict"; /* no annotation's id holds "_" */
      var described = [card.getAttribute("aria-labelledby"), verdict && verdict.id].filter(Boolean);
      if (described.length) toggle.setAttribute("aria-describedby", described.join(" ")); /* a site's card may name neither */
      toggle.addEventListener("click", function () {
        if (card.classList.contains("glossa-open")) shut(false); else open(card, toggle);
      });
      toggle.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        toggle.click();
      });
    });
    each(all("[data-glossa-for]"), function (ref) {
      ref.setAttribute("aria-expanded", "false");
      /* Heard as a link that expands, the card's one Tab stop: Space opens it as Enter does,
         where a link's Space scrolled the page and left the reference out of view. */
      ref.addEventListener("keydown", function (event) {
        if (event.key !== " " || event.shiftKey) return; /* Shift+Space scrolls up, as on a link */
        event.preventDefault();
        ref.click();
      });
    });
  }
  function onClick(event) {
    if (event.button || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return; /* a new tab */
    var ref = event.target.closest("[data-glossa-for]"), mark = event.target.closest("mark[data-glossa-ref]");
    var back = event.target.closest(".glossa-card__back");
    clicked = event.target.closest("a[href]");
    if (ref || back) { /* one entry, so that Back returns, as after a footnote; not Material's */
      event.preventDefault();
      event.stopPropagation();
      var hash = (ref || back).hash;
      if (location.hash !== hash) { push(hash); pushed = hash; }
    }
    var own = !ref && !back && ownTarget(clicked);
    if (own) { /* not Material's either: it keeps its own record of the address, which a card
                  opened or shut changes behind it, and takes a second click on the link it
                  recorded for a repeat, which it undoes by going back */
      event.preventDefault();
      event.stopPropagation();
      var added = location.hash !== clicked.hash, was = pushed;
      if (added) push(clicked.hash);
      showTarget();
      pushed = added ? location.hash : was; /* followed again: still the entry it added */
      return;
    }
    if (!ref && !back && samePage(clicked)) event.stopPropagation(); /* a heading's, a footnote's:
      the browser's own jump, for Material's record of the address is behind glossa.js's */
    if (back) {
      showTarget();
    } else if (ref) { /* heard as expanded: pressed again, it closes its card */
      var its = cardOf(ref.getAttribute("data-glossa-for"));
      if (its && its === opened) return shut(false);
      open(its, ref);
      focusCard();
    } else if (mark && !event.target.closest("a")) {
      var shown = ids(mark).filter(function (id) { return hiddenKinds().indexOf(kindOf(id)) === -1; });
      if (shown.length) open(cardOf(shown[shown.length - 1]), null);
    } else {
      var card = event.target.closest(".glossa-notes > [data-glossa-id]:not(.glossa-open)");
      if (card && !event.target.closest("a, button, [role=button]")) open(card, toggleOf(card));
    }
    var link = clicked;
    if (link && link.hash && link.hash === location.hash && link.pathname === location.pathname) {
      /* the address already names it: no hashchange gives the focus back after the jump */
      setTimeout(function () { if (document.activeElement === document.body) link.focus({ preventScroll: true }); });
    }
  }
  /* A new entry in the history, the one left keeping where the reader was, as Material's
     instant navigation keeps it: going back, Material scrolls to it. */
  function push(hash) {
    history.replaceState({ x: scrollX, y: scrollY }, "");
    history.pushState(null, "", hash);
  }
  /* A link of this page to a ¶, a card or a reference (the summary's list, a card's permalink,
     a body's link): its target, or null. */
  function ownTarget(link) {
    if (!samePage(link)) return null;
    var el = hashTarget(idIn(link.hash));
    return el && el.matches(".glossa-anchor, [data-glossa-id], .glossa-ref") ? el : null;
  }
  function samePage(link) {
    return !!link && !!link.hash && link.origin === location.origin && link.pathname === location.pathname
      && link.search === location.search;
  }
  function idIn(hash) { /* `#100%`, which decodeURIComponent cannot read, is its own id */
    try { return decodeURIComponent(hash.slice(1)); } catch (e) { return hash.slice(1); }
  }
  function focusCard() {
    if (!opened) return;
    var card = opened;
    card.focus({ preventScroll: true });
    whenScrollable(function () { inView(card); showWords(card); });
    if (document.readyState !== "complete") { /* after the browser's own jump to the address, */
      window.addEventListener("load", function () { /* which leaves the card at the window's top */
        var at = card.getBoundingClientRect().top;
        if (card === opened && at >= 0 && at < innerHeight / 4) showWords(card);
      }, { once: true });
    }
  }
  /* On a phone a card is under its paragraph: the words it is about, above it, come into view
     with it where both fit (an address naming the card put them under the header). */
  function showWords(card) {
    var mark = [].find.call(marksOf(idOf(card)), shown);
    var head = document.querySelector(".md-header"), top = (head ? head.offsetHeight : 0) + GAP;
    var words = mark && mark.getBoundingClientRect(), bottom = card.getBoundingClientRect().bottom;
    if (words && words.top < top && bottom - words.top < innerHeight - top) scrollBy(0, words.top - top);
  }
  /* Material's search, full screen on a phone, locks the page's scrolling until it has closed,
     after the page it led to is in: scrolled before, a card stayed thousands of pixels away. */
  function whenScrollable(fn) {
    if (!document.body.hasAttribute("data-md-scrolllock")) return fn();
    var watch = new MutationObserver(function () {
      if (document.body.hasAttribute("data-md-scrolllock")) return;
      watch.disconnect();
      fn(); /* after Material's own scroll back to where the search began */
    });
    watch.observe(document.body, { attributes: true, attributeFilter: ["data-md-scrolllock"] });
  }
  function hidden(r) { /* out of view, or under Material's sticky header */
    var head = document.querySelector(".md-header");
    return r.top < (head ? head.offsetHeight : 0) || r.bottom > innerHeight;
  }

  /* Words several annotations share are marked as the build marks them (render.mark_attributes),
     from the annotations shown: a correction's colour, else the first's, and each kind's class. A
     correction hidden by its filter left its red underline on an update's words. */
  function inkOf(mark, shown) {
    var kinds = shown.map(kindOf), card = cardOf(shown.filter(function (id) {
      return cardOf(id).querySelector(".glossa-verdict");
    })[0] || shown[0]);
    mark.style.setProperty("--glossa-mark-color", card.style.getPropertyValue("--glossa-kind-color"));
    ids(mark).forEach(function (id) { mark.classList.toggle("glossa-mark--" + kindOf(id), kinds.indexOf(kindOf(id)) !== -1); });
  }
  function applyFilters() {
    var hidden = hiddenKinds();
    var off = function (id) { return hidden.indexOf(kindOf(id)) !== -1; };
    each(all("[data-glossa-id]"), function (card) {
      card.classList.toggle("glossa-hidden-kind", hidden.indexOf(card.getAttribute("data-glossa-kind")) !== -1);
    });
    each(all("mark[data-glossa-ref]"), function (mark) {
      var shown = ids(mark).filter(function (id) { return !off(id); });
      mark.classList.toggle("glossa-filtered-out", !shown.length);
      if (ids(mark).length > 1 && shown.length) inkOf(mark, shown);
    });
    each(all("[data-glossa-for]"), function (ref) { ref.parentNode.classList.toggle("glossa-filtered-out", off(ref.getAttribute("data-glossa-for"))); });
    each(all("button.glossa-filter"), function (button) {
      button.setAttribute("aria-pressed", String(hidden.indexOf(button.getAttribute("data-glossa-filter")) === -1));
    });
    if (opened && opened !== target && opened.classList.contains("glossa-hidden-kind")) shut(false);
    relayout();
  }

  /* The filters are the summary's counts per kind, each turned into a toggle in place: the
     buttons take exactly the room the counts took, so nothing moves when they appear. What they
     hide stays hidden on the tab's other pages, not on a later visit: corrections hidden for
     good would be easy to miss. */
  function buildToolbar(summary) {
    var list = summary.querySelector(".glossa-counts");
    if (!list) return;
    list.classList.add("glossa-toolbar");
    var label = list.getAttribute("data-glossa-filters");
    if (label) list.setAttribute("aria-label", label);
    each(all("[data-glossa-count]", list), function (item) {
      var kind = item.getAttribute("data-glossa-count"), button = document.createElement("button");
      button.type = "button";
      button.className = "glossa-filter";
      button.setAttribute("data-glossa-filter", kind);
      while (item.firstChild) button.appendChild(item.firstChild);
      button.addEventListener("click", function () {
        var hidden = hiddenKinds(), at = hidden.indexOf(kind);
        if (at === -1) hidden.push(kind); else hidden.splice(at, 1);
        try { sessionStorage.setItem(STORE, JSON.stringify(hidden)); } catch (e) { /* no storage */ }
        applyFilters();
      });
      item.appendChild(button);
    });
  }

  /* The summary's list of corrections, folded by glossa.css, opens under its title; still open
     when Material's instant navigation puts the page in again (its links to cards do). */
  var correctionsShownOn = "";
  function wireCorrections(summary) {
    var title = summary.querySelector(".glossa-summary__title");
    if (!title) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "glossa-corrections-toggle";
    button.setAttribute("aria-expanded", "false");
    while (title.firstChild) button.appendChild(title.firstChild);
    title.appendChild(button);
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(on));
      summary.classList.toggle("glossa-summary--corrections", on);
      correctionsShownOn = on ? location.pathname : "";
      relayout();
    });
    if (correctionsShownOn === location.pathname) button.click();
  }

  /* Show what hides a permalink's target: select its tabs (outermost first), open a closed
     <details>, focus its code annotation. Whether anything hid it, so that it is scrolled to. */
  function reveal(node) {
    var tabs = [], changed = false, tip = node.closest(".md-annotation");
    for (var el = node.parentElement; el; el = el.parentElement) {
      if (el.matches(".tabbed-set > .tabbed-content > .tabbed-block")) tabs.unshift(el);
      else if (el.tagName === "DETAILS" && !el.open) { el.open = true; changed = true; }
    }
    tabs.forEach(function (block) {
      var set = block.parentNode.parentNode, at = [].indexOf.call(block.parentNode.children, block);
      var input = [].filter.call(set.children, function (child) { return child.tagName === "INPUT"; })[at];
      if (input && !input.checked) { input.click(); changed = true; }
    });
    if (tip && !tip.contains(document.activeElement)) { /* once Material listens, as a page loads */
      requestAnimationFrame(function () { tip.focus({ preventScroll: true }); });
      changed = true;
    }
    return changed;
  }

  /* Material takes a closed code annotation's tooltip out of the page: put back as on focus. */
  function hashTarget(id) {
    var tip = tipOf[id];
    if (!document.getElementById(id) && tip && tip.note.isConnected) tip.note.prepend(tip.tip);
    return document.getElementById(id);
  }

  /* A permalink's target: a card opens in view, a paragraph is highlighted. */
  function untarget() {
    target.classList.remove("glossa-target");
    if (target.hasAttribute("data-glossa-id")) light([idOf(target)], false);
    target = null;
  }
  function showTarget() {
    pushed = null;
    if (target) untarget();
    target = hashTarget(idIn(location.hash));
    if (target && reveal(target)) target.scrollIntoView({ block: "center" });
    if (target && target.matches(".glossa-anchor")) target = target.parentNode; /* a row's ¶ */
    if (opened && target !== opened) { /* Back from a card: the address no longer names it */
      var from = opener;
      close(false);
      if (!target && from) { /* the browser drops the focus going back: given back, also where
                                Material's instant navigation put the page in again (init) */
        returnTo = from;
        setTimeout(function () { returnTo = null; }, 2000);
        requestAnimationFrame(function () { giveBack(from); });
      }
    }
    if (!target || !target.matches(".glossa-row, [data-glossa-id], .glossa-ref")) { target = null; return; }
    target.classList.add("glossa-target");
    if (target.hasAttribute("data-glossa-id")) {
      light([idOf(target)], true);
      open(target, followed() || refOf(idOf(target))); /* Back or Escape gives it the focus */
      focusCard();
    } else if (linkOf(target) && !target.closest(".md-annotation")) { /* a tooltip keeps the focus */
      var link = linkOf(target);
      link.focus({ preventScroll: true });
      if (hidden(target.getBoundingClientRect())) target.scrollIntoView({ block: "center" });
      if (document.readyState !== "complete") { /* the browser's own jump to the address drops it */
        window.addEventListener("load", function () {
          if (document.activeElement === document.body && link.isConnected) link.focus({ preventScroll: true });
        }, { once: true });
      }
    }
  }

  /* The link followed to the address, as it is now in the page: Material's instant navigation
     puts the page in again, the link a copy of the one clicked. */
  function followed() {
    var link = clicked;
    if (!link || link.pathname !== location.pathname || link.hash !== location.hash) return null;
    link = copyOf(link);
    return link && shown(link) ? link : null; /* not in a list folded again */
  }

  function wireHover(root) {
    function idsOf(node) {
      var el = node.closest && node.closest("mark[data-glossa-ref], [data-glossa-for], [data-glossa-id]");
      if (!el) return null;
      if (el.hasAttribute("data-glossa-ref")) return ids(el);
      return [el.getAttribute("data-glossa-for") || el.getAttribute("data-glossa-id")];
    }
    [["mouseover", true], ["focusin", true], ["mouseout", false], ["focusout", false]].forEach(function (pair) {
      root.addEventListener(pair[0], function (event) {
        var list = idsOf(event.target);
        if (list) light(list, pair[1]);
        if (!pair[1] && target && target.hasAttribute("data-glossa-id")) light([idOf(target)], true);
      });
    });
  }

  function init() {
    var summary = document.querySelector("[data-glossa-summary]");
    var root = document.querySelector(".md-content") || document.body;
    document.documentElement.classList.toggle("glossa-page", !!summary); /* instant navigation */
    tipOf = {};
    if (root.hasAttribute("data-glossa-ready")) return;
    target = opened = opener = pushed = null; /* another page's, after instant navigation */
    /* What a popstate lit on the page Material put in before this ran: open, untracked, a card
       would not close. showTarget, below, opens it again. */
    each(all(".glossa-open, .glossa-target, .glossa-lit", root), function (el) {
      el.classList.remove("glossa-open", "glossa-target", "glossa-lit");
    });
    if (resized) resized.disconnect(); /* another page's text, after instant navigation */
    if (!summary) { content = null; return; }
    content = root;
    if (resized) { /* the text, and what is above it (Material's announcement, dismissed) */
      resized.observe(root.querySelector(".md-content__inner") || root);
      resized.observe(document.body);
    }
    buildToolbar(summary);
    wireCorrections(summary);
    wireCards();
    applyFilters();
    wireHover(root);
    each(all(".md-annotation .md-tooltip [id]", root), function (el) { /* while all are in the page */
      tipOf[el.id] = { note: el.closest(".md-annotation"), tip: el.closest(".md-tooltip") };
    });
    root.addEventListener("click", onClick);
    each(all(".glossa-card__body a[href]", root), function (a) { /* printed without its address: */
      if (a.pathname === location.pathname && a.hash) a.setAttribute("data-glossa-here", ""); /* Material makes it absolute */
    });
    layout();
    var back = returnTo;
    returnTo = null;
    showTarget();
    if (back && !target) giveBack(back);
    if (!opened) openSearched();
    root.setAttribute("data-glossa-ready", ""); /* last: failing before, the page reads as without script */
  }
  /* Searched words (Material's ?h=) the text lacks: the first card holding them opens, shown.
     Words the text holds: the first Material marked is brought into view, where a result for a
     page of one section left the reader at its top, the words far below. */
  function openSearched() {
    var text = [].map.call(all(".glossa-text", content), function (t) { return t.textContent; })
      .join(" ").toLowerCase();
    var searched = new URLSearchParams(location.search).get("h") || "";
    var words = searched.toLowerCase().split(" ").filter(function (w) { return w && text.indexOf(w) === -1; });
    var card = words.length && [].find.call(all("[data-glossa-id]"), function (c) {
      var t = c.textContent.toLowerCase();
      return words.every(function (w) { return t.indexOf(w) !== -1; });
    });
    if (!card) {
      /* the first of the text's words Material marks, once its search has loaded (after this) */
      var marked = ".glossa-text mark[data-md-highlight]";
      if (searched && !words.length && !location.hash) when(content, marked, function (first) {
        whenScrollable(function () { /* not where the reader has scrolled meanwhile */
          if (scrollY < 1 && hidden(first.getBoundingClientRect())) first.scrollIntoView({ block: "center" });
        });
      });
      return;
    }
    card.classList.remove("glossa-hidden-kind");
    open(card, null);
    if (!card.querySelector("mark[data-md-highlight]")) highlight(card, words);
    focusCard();
  }
  /* fn(the first element in root matching selector), now or once it comes, within 5 s. */
  function when(root, selector, fn) {
    if (root.querySelector(selector)) return fn(root.querySelector(selector));
    var watch = new MutationObserver(function () {
      if (!root.querySelector(selector)) return;
      watch.disconnect();
      fn(root.querySelector(selector));
    });
    watch.observe(root, { childList: true, subtree: true });
    setTimeout(function () { watch.disconnect(); }, 5000);
  }
  /* Material's search.highlight marks the searched words only where they are shown as the page
     comes in: not in a card's body, folded until now. Marked here as Material marks them, where
     a word starts, the longest first. On a page loaded (not put in by instant navigation)
     Material marks them itself, later, once its search has loaded: then its marks stay, not
     these, which its own would nest in. */
  function highlight(card, words) {
    var walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT), nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var pattern = new RegExp("((?<![\\p{L}\\p{N}])(?:" + words.slice().sort(function (a, b) {
      return b.length - a.length;
    }).map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + "))", "giu");
    nodes.forEach(function (node) {
      var parts = node.data.split(pattern);
      if (parts.length < 2 || node.parentNode.closest("mark, script, style")) return;
      var fragment = document.createDocumentFragment();
      parts.forEach(function (part, i) {
        if (!part) return;
        if (i % 2) {
          var mark = document.createElement("mark");
          mark.setAttribute("data-md-highlight", "");
          mark.setAttribute("data-glossa-highlight", "");
          mark.textContent = part;
          fragment.appendChild(mark);
        } else fragment.appendChild(document.createTextNode(part));
      });
      node.parentNode.replaceChild(fragment, node);
    });
    when(card, "mark[data-md-highlight]:not([data-glossa-highlight])", function () {
      each(all("mark[data-glossa-highlight]", card), function (mark) { mark.replaceWith.apply(mark, mark.childNodes); });
    });
  }

  /* A card its reference opened stands after the paragraph: Tab from its last stop goes on
     after the reference, as the text reads, not past the paragraph's later references, and the
     card, read, closes (open, the text's last stop led into it again); Shift+Tab from its start
     goes back to the reference. */
  function tabFrom(event) {
    var ref = opener, at = event.target, back = event.shiftKey, stops = "a[href], button, summary, [tabindex]:not([tabindex^='-'])";
    if (!opened || !opened.contains(at) || !ref || !ref.hasAttribute("data-glossa-for")) return;
    var inCard = [].filter.call(all(stops, opened), shown);
    if (back ? at !== opened && at !== inCard[0] : at !== (inCard[inCard.length - 1] || opened)) return;
    var next = back ? shown(ref) && ref : [].find.call(all(stops, ref.closest(".glossa-row")), function (el) {
      return ref.compareDocumentPosition(el) & 4 && !el.closest("[data-glossa-id]") && shown(el);
    });
    if (!next) return;
    event.preventDefault();
    if (!back) shut(false);
    next.focus();
  }

  window.addEventListener("hashchange", showTarget);
  window.addEventListener("popstate", showTarget); /* Back between entries of Material's search (?h=) */
  window.addEventListener("resize", relayout);
  window.addEventListener("load", relayout);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(relayout);
  document.addEventListener("keydown", function (event) { /* not Escape closing search's dialog */
    if (event.key === "Tab") return tabFrom(event);
    if (event.key !== "Escape" || event.target.closest("input, textarea, select, .md-search")) return;
    var at = document.activeElement; /* focus moved on, far from the card, stays where it is */
    shut(!at || at === document.body || at === opener || (!!opened && opened.contains(at)));
  });
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
