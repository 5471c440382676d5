/* Charts of the leaders' reports (Chart.js from npm). The numbers come from the JSON block the
   page carries, the same numbers as the data table beside each chart; without JavaScript the
   tables remain. No inline scripts (strict CSP). */
(function () {
  "use strict";
  function start() {
    var block = document.getElementById("report-data");
    if (!block || typeof window.Chart === "undefined") return;
    var data = JSON.parse(block.textContent);
    var palette = ["#0059b3", "#358000", "#b35900", "#6f2c91", "#008080", "#a00000", "#4d4d4d"];
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = data[canvas.dataset.chart];
      if (!spec) return;
      var kind = canvas.dataset.kind;
      var config;
      if (kind === "step") {
        config = {
          type: "line",
          data: {
            datasets: spec.series.map(function (s, i) {
              return { label: s.label, data: s.points, stepped: "before", fill: false,
                       borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length],
                       pointRadius: 0 };
            })
          },
          options: {
            animation: false, maintainAspectRatio: false, parsing: true,
            scales: { x: { type: "linear", title: { display: true, text: spec.x_label || "" } },
                      y: { min: 0, max: 100, title: { display: true, text: "%" } } }
          }
        };
      } else {
        config = {
          type: kind,
          data: {
            labels: spec.labels,
            datasets: spec.series.map(function (s, i) {
              return { label: s.label, data: s.data, borderColor: palette[i % palette.length],
                       backgroundColor: palette[i % palette.length], fill: false };
            })
          },
          options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } }
        };
      }
      new window.Chart(canvas, config);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
