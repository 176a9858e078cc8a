// Draws every chart on the page from the figure JSON beside it (no inline script, so the
// Content Security Policy stays strict), and the charts in any piece of page htmx swaps in.
const config = { displayModeBar: false, responsive: true, displaylogo: false };

function draw(scope) {
  if (!window.Plotly) return;
  scope.querySelectorAll("[data-chart]").forEach((element) => {
    if (element.dataset.drawn) return;
    const source = document.getElementById(element.dataset.chart);
    if (!source) return;
    const figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(element, figure.data, figure.layout, config);
    element.dataset.drawn = "true";
  });
}

function start() {
  draw(document);
  document.addEventListener("htmx:load", (event) => draw(event.detail.elt));
}

// plotly.js is a deferred classic script; it has run by the time the DOM is ready.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
