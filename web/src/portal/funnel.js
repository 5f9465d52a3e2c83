// Draws the funnel chart from the JSON block on the page (no inline script: the CSP forbids it).
(function () {
  "use strict";
  var data = document.getElementById("funnel-data");
  var canvas = document.getElementById("funnel-chart");
  if (!data || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var parsed = JSON.parse(data.textContent);
  // Colour-blind-safe palette (Okabe-Ito), dark enough against white.
  var colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933"];
  window.Chart.defaults.animation = false;
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: parsed.labels,
      datasets: parsed.series.map(function (s, i) {
        return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length] };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
})();
