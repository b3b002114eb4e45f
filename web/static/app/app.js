// Progressive enhancement only: every page works without this file.
// Each <canvas data-chart="ID"> draws the numbers of the table #ID beside it as a bar chart;
// the bars are named on their axis, so no colour has to be told apart.
(function () {
  "use strict";

  function draw(root) {
    if (typeof window.Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      var table = document.getElementById(canvas.dataset.chart);
      if (!table) { return; }
      var labels = [];
      var values = [];
      table.querySelectorAll("tbody tr").forEach(function (row) {
        labels.push(row.querySelector("th").textContent.trim());
        values.push(Number(row.querySelector("td").dataset.value));
      });
      canvas.dataset.drawn = "1";
      new window.Chart(canvas, {
        type: "bar",
        data: { labels: labels, datasets: [{ data: values, backgroundColor: "#0b5394" }] },
        options: {
          indexAxis: "y",
          animation: false,
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:load", function (event) { draw(event.target); });
})();
