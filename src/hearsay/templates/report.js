// hearsay report: inlined into report.html. Navigation, filtering and layer toggles only;
// the page reads fine without it.
(function () {
  "use strict";

  function openAncestors(element) {
    for (let node = element.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
      if (node.hidden) node.hidden = false;
    }
  }

  function goTo(hash) {
    if (!hash || hash.length < 2) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return;
    openAncestors(target);
    target.scrollIntoView({ block: "center" });
    // A span split by a crossing one continues in pieces that name it.
    const pieces = [target].concat(Array.prototype.slice.call(
      document.querySelectorAll('[data-part-of="' + CSS.escape(target.id) + '"]')));
    pieces.forEach(function (piece) {
      piece.classList.remove("flash");
      void piece.offsetWidth; // restart the animation when the same target is visited twice
      piece.classList.add("flash");
    });
  }

  window.addEventListener("hashchange", function () { goTo(location.hash); });
  if (location.hash) goTo(location.hash);

  // Spans in the document text carry data-href (links cannot nest); follow them on click,
  // unless the reader is selecting text or clicked a real link inside.
  document.addEventListener("click", function (event) {
    const hit = event.target.closest("a[href], [data-href]");
    if (!hit || hit.hasAttribute("href")) {
      if (hit && hit.getAttribute("href") === location.hash) goTo(location.hash);
      return;
    }
    if (String(window.getSelection() || "").length > 0) return;
    const href = hit.getAttribute("data-href");
    if (href && href.charAt(0) === "#") {
      if (href === location.hash) goTo(href); else location.hash = href;
    }
  });

  // One filter box for documents, entities, quotes, claims, contradictions and sources.
  const search = document.getElementById("search");
  const typeSelect = document.getElementById("entity-type");
  const filterable = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  const haystack = new Map();
  function textOf(element) {
    let text = haystack.get(element);
    if (text === undefined) {
      text = (element.getAttribute("data-filter") || element.textContent).toLowerCase();
      haystack.set(element, text);
    }
    return text;
  }

  function applyFilter() {
    const query = search ? search.value.trim().toLowerCase() : "";
    const type = typeSelect ? typeSelect.value : "";
    const shown = {}, total = {};
    let hits = 0;
    filterable.forEach(function (element) {
      const kind = element.getAttribute("data-kind") || "";
      let visible = !query || textOf(element).indexOf(query) !== -1;
      if (visible && type && kind === "ent") visible = element.getAttribute("data-type") === type;
      element.hidden = !visible;
      total[kind] = (total[kind] || 0) + 1;
      if (visible) { shown[kind] = (shown[kind] || 0) + 1; hits += 1; }
    });
    // A document's heading row in a table goes when every row under it is filtered out.
    document.querySelectorAll("tr.group").forEach(function (heading) {
      let row = heading.nextElementSibling, any = false;
      for (; row && !row.classList.contains("group"); row = row.nextElementSibling) {
        if (!row.hidden) { any = true; break; }
      }
      heading.hidden = !any;
    });
    document.querySelectorAll("[data-count-of]").forEach(function (label) {
      const kind = label.getAttribute("data-count-of");
      label.textContent = (query || type) && total[kind]
        ? "(" + (shown[kind] || 0) + " of " + total[kind] + ")" : "";
    });
    const count = document.getElementById("search-count");
    if (count) count.textContent = query ? hits + " match" + (hits === 1 ? "" : "es") : "";
  }

  let timer = null;
  function scheduleFilter() {
    clearTimeout(timer);
    timer = setTimeout(applyFilter, 150);
  }
  if (search) search.addEventListener("input", scheduleFilter);
  if (typeSelect) typeSelect.addEventListener("change", applyFilter);
  document.addEventListener("keydown", function (event) {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (event.key === "/" && !typing && search) { event.preventDefault(); search.focus(); }
    if (event.key === "Escape" && document.activeElement === search) { search.value = ""; applyFilter(); }
  });

  // Layer switches: entities, quotes, claims.
  document.querySelectorAll("input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.getAttribute("data-layer"), !box.checked);
    });
  });
})();
