// Review page: the write token lives in sessionStorage; decisions go to POST /decisions with it.
"use strict";
(function () {
  const form = document.getElementById("token-form"), notice = document.getElementById("token-notice");
  const tokenInput = document.getElementById("token"), who = document.getElementById("who");
  document.querySelectorAll(".nojs-token").forEach((i) => { i.hidden = true; i.previousElementSibling.hidden = true; });
  tokenInput.value = sessionStorage.getItem("kg-write-token") || "";

  async function check(token) {
    // An empty body with a valid token fails validation (422); a missing or wrong token is 401/403.
    const r = await fetch("/decisions", {method: "POST", headers: {"Content-Type": "application/json",
      Authorization: "Bearer " + token}, body: "{}"});
    return r.status === 422;
  }
  async function useToken(token) {
    const ok = token !== "" && await check(token);
    if (ok) sessionStorage.setItem("kg-write-token", token); else sessionStorage.removeItem("kg-write-token");
    notice.textContent = ok ? "Write token accepted: decisions are recorded as " + who.value + "."
      : "Writes need the write token (KG_WRITE_TOKEN): enter a valid one to record decisions.";
    return ok;
  }
  form.addEventListener("submit", (ev) => { ev.preventDefault(); useToken(tokenInput.value); });
  if (tokenInput.value) useToken(tokenInput.value);

  document.querySelectorAll("form.decide").forEach((f) => f.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const row = f.closest("tr"), kind = ev.submitter.value, status = document.createElement("span");
    if (kind === "skip") { row.classList.add("done"); f.replaceChildren("skipped"); return; }
    const token = sessionStorage.getItem("kg-write-token");
    if (!token) { notice.textContent = "Writes need the write token (KG_WRITE_TOKEN): enter it above first."; return; }
    const body = {kind, subject: row.dataset.b, object: row.dataset.a, who: who.value || "analyst", why: "web review"};
    const r = await fetch("/decisions", {method: "POST", headers: {"Content-Type": "application/json",
      Authorization: "Bearer " + token}, body: JSON.stringify(body)});
    if (r.ok) { row.classList.add("done"); status.textContent = "recorded: " + kind; f.replaceChildren(status); }
    else { status.className = "error"; status.textContent = "not recorded (" + r.status + ")"; f.append(status); }
  }));
})();
