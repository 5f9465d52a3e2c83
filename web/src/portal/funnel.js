// Draws the funnel's drop-off from the JSON block on the page (no inline script: the CSP forbids
// it): one bar per step, decreasing, with what was lost since the step before stacked after it.
(function () {
  "use strict";
  var data = document.getElementById("funnel-data");
  var canvas = document.getElementById("funnel-chart");
  if (!data || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var parsed = JSON.parse(data.textContent);
  window.Chart.defaults.animation = false;
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: parsed.labels,
      datasets: [
        { label: parsed.reached_label, data: parsed.reached, backgroundColor: "#0072B2", stack: "funnel" },
        { label: parsed.dropped_label, data: parsed.dropped, backgroundColor: "#d9d9d9", stack: "funnel" },
      ],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked: true },
      },
      plugins: { legend: { position: "bottom" } },
    },
  });
})();
