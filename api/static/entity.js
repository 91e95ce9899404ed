// The relationship graph: Cytoscape.js over the data the server embedded; click a node to open its page.
"use strict";
(function () {
  const box = document.getElementById("graph"), data = document.getElementById("graph-data");
  if (!box || !data || typeof cytoscape === "undefined") return;
  const g = JSON.parse(data.textContent);
  if (g.nodes.length < 2) return;
  box.hidden = false;
  const colours = {State: "#f08c00", StateAgency: "#e03131", Group: "#ae3ec9", Company: "#1c7ed6",
    ResearchOrg: "#0ca678", MediaOutlet: "#f59f00", Person: "#37b24d", Channel: "#7048e8", Platform: "#1971c2",
    Location: "#868e96", Organization: "#d6336c"};
  const cy = cytoscape({
    container: box,
    elements: {nodes: g.nodes.map((n) => ({data: n})), edges: g.edges.map((e) => ({data: e}))},
    style: [
      {selector: "node", style: {"label": "data(label)", "font-size": 10, "width": 18, "height": 18,
        "background-color": (n) => colours[n.data("type")] || "#495057", "text-valign": "bottom", "color": "#1b1f24"}},
      {selector: "node[?root]", style: {"width": 30, "height": 30, "font-weight": "bold", "font-size": 13}},
      {selector: "edge", style: {"width": 1.2, "line-color": "#adb5bd", "curve-style": "bezier",
        "target-arrow-shape": "triangle", "target-arrow-color": "#adb5bd", "label": "data(label)", "font-size": 7,
        "color": "#57606a", "text-rotation": "autorotate"}},
    ],
    layout: {name: "concentric", concentric: (n) => (n.data("root") ? 2 : 1), levelWidth: () => 1,
      minNodeSpacing: 12, animate: false},
    wheelSensitivity: 0.3,
  });
  cy.on("tap", "node", (ev) => { const h = ev.target.data("href"); if (!ev.target.data("root")) location.href = h; });
  window.kgGraph = cy;
})();
