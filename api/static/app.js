// Shared enhancements: search suggestions as you type and sortable tables. Pages work without them.
"use strict";
const BASE = document.body.dataset.base || "";
function localHref(iri) { return iri.startsWith(BASE) ? "/" + iri.slice(BASE.length) : iri; }

(function suggestions() {
  const input = document.getElementById("q"), list = document.getElementById("suggestions");
  if (!input || !list) return;
  let timer = null, seq = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim(), mine = ++seq;
      if (!q) { list.hidden = true; return; }
      const r = await fetch("/search?" + new URLSearchParams({q, limit: "8"}), {headers: {Accept: "application/json"}});
      if (!r.ok || mine !== seq) return;
      const data = await r.json();
      list.replaceChildren(...data.results.map((h) => {
        const li = document.createElement("li"), a = document.createElement("a");
        li.setAttribute("role", "option");
        a.href = localHref(h.iri);
        a.textContent = h.label + (h.matched !== h.label ? " (" + h.matched + ")" : "") + " · " + h.type;
        li.append(a);
        return li;
      }));
      list.hidden = data.results.length === 0;
    }, 150);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" && !list.hidden) { ev.preventDefault(); list.querySelector("a")?.focus(); }
    if (ev.key === "Escape") list.hidden = true;
  });
  list.addEventListener("keydown", (ev) => {
    const li = document.activeElement.parentElement;
    if (ev.key === "ArrowDown") { ev.preventDefault(); li.nextElementSibling?.querySelector("a").focus(); }
    if (ev.key === "ArrowUp") { ev.preventDefault(); (li.previousElementSibling?.querySelector("a") || input).focus(); }
  });
})();

function makeSortable(table) {
  const heads = table.querySelectorAll("thead th");
  heads.forEach((th, col) => {
    th.tabIndex = 0;
    const sort = () => {
      const asc = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      const body = table.tBodies[0], rows = Array.from(body.rows);
      const key = (r) => (r.cells[col] ? r.cells[col].textContent.trim() : "");
      rows.sort((a, b) => {
        const x = key(a), y = key(b), nx = parseFloat(x.replace(/,/g, "")), ny = parseFloat(y.replace(/,/g, ""));
        const c = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
        return asc ? c : -c;
      });
      body.append(...rows);
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", (ev) => { if (ev.key === "Enter") sort(); });
  });
}
document.querySelectorAll("table.sortable").forEach(makeSortable);
document.querySelectorAll("mark[data-href]").forEach((m) =>
  m.addEventListener("click", (ev) => { ev.stopPropagation(); location.href = m.dataset.href; }));
