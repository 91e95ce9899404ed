// SPARQL page: a CodeMirror editor, named queries run in place, results as a sortable table.
"use strict";
(function () {
  const area = document.getElementById("query"), results = document.getElementById("results");
  const editor = CodeMirror.fromTextArea(area, {mode: "application/sparql-query", lineNumbers: true,
    indentUnit: 2, viewportMargin: Infinity});
  const FORMATS = ["json", "xml", "csv", "tsv"];

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = localHref(term.value); a.textContent = term.value; td.append(a);
    } else td.textContent = term.value;
    return td;
  }

  function show(data, downloads) {
    const h = document.createElement("h2"), p = document.createElement("p");
    p.className = "downloads"; p.append("Download: ");
    for (const [f, url] of downloads) { const a = document.createElement("a"); a.href = url; a.textContent = f; p.append(a, " "); }
    if ("boolean" in data) { const b = document.createElement("p"); b.className = "boolean"; b.textContent = String(data.boolean);
      h.textContent = "Results"; results.replaceChildren(h, b); return; }
    const vars = data.head.vars, rows = data.results.bindings;
    h.textContent = "Results (" + rows.length + " row" + (rows.length === 1 ? "" : "s") + ")";
    const table = document.createElement("table"); table.className = "sortable results"; table.id = "results-table";
    const tr = table.createTHead().insertRow();
    vars.forEach((v) => { const th = document.createElement("th"); th.scope = "col"; th.textContent = v; tr.append(th); });
    const body = table.createTBody();
    rows.forEach((b) => { const r = body.insertRow(); vars.forEach((v) => r.append(cell(b[v]))); });
    results.replaceChildren(h, p, table);
    makeSortable(table);
  }

  async function run(url, init, downloads) {
    results.textContent = "Running…";
    const r = await fetch(url, init);
    if (!r.ok) {
      let msg = r.statusText;
      try { msg = (await r.json()).message; } catch (e) { /* not JSON */ }
      results.innerHTML = ""; const p = document.createElement("p"); p.className = "error"; p.setAttribute("role", "alert");
      p.textContent = "Error " + r.status + ": " + msg; results.append(p); return;
    }
    show(await r.json(), downloads);
  }

  document.getElementById("sparql-form").addEventListener("submit", (ev) => {
    if (ev.submitter && ev.submitter.name === "format") { editor.save(); return; }  // a download: let it post
    ev.preventDefault();
    editor.save();
    const query = editor.getValue();
    run("/sparql", {method: "POST", headers: {"Content-Type": "application/sparql-query",
      Accept: "application/sparql-results+json"}, body: query},
      FORMATS.map((f) => [f, "/ui/sparql/download?" + new URLSearchParams({query, format: f})]));
  });

  document.querySelectorAll("form.run-named").forEach((form) => form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const name = form.dataset.name, params = new URLSearchParams();
    new FormData(form).forEach((v, k) => { if (v !== "") params.append(k, v); });
    const meta = await fetch("/queries/" + encodeURIComponent(name) + "/meta");
    if (meta.ok) editor.setValue((await meta.json()).sparql);
    const url = "/queries/" + encodeURIComponent(name) + "?" + params;
    run(url, {headers: {Accept: "application/sparql-results+json"}},
      FORMATS.map((f) => [f, url + (params.toString() ? "&" : "") + "format=" + f]));
  }));
})();
