// Draws every <div class="chart" data-chart="ID"> from the JSON in <script id="ID">, with the vendored ECharts.
(function () {
  function draw(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(function (el) {
      var src = document.getElementById(el.dataset.chart);
      if (!src || !window.echarts) return;
      var spec = JSON.parse(src.textContent);
      var chart = echarts.getInstanceByDom(el) || echarts.init(el);
      var series = spec.series.map(function (s) {
        return { name: s.name, type: s.type || "bar", data: s.data, smooth: true, stack: s.stack };
      });
      chart.setOption({
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 50, right: 20, top: 36, bottom: 30 },
        xAxis: { type: "category", data: spec.labels },
        yAxis: { type: "value", minInterval: 1 },
        color: ["#1d4e89", "#b8282e", "#d29922", "#1c7c4a", "#6b7280"],
        series: series,
      });
      el.dataset.drawn = "1";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(); });
  document.addEventListener("htmx:afterSwap", function (e) { draw(e.target); });
  window.addEventListener("resize", function () {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var c = window.echarts && echarts.getInstanceByDom(el); if (c) c.resize();
    });
  });
})();
