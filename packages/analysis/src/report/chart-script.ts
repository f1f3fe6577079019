/**
 * The page script of the HTML report: reads the chart specs (see `chart-specs.ts`) from the
 * JSON data element and draws each with uPlot into its placeholder. The charts are kept on
 * `window.heterodyneCharts` (id and uPlot instance) for inspection. Plain ES5 so any browser
 * that runs uPlot runs it; it reads only `textContent` and writes nothing but uPlot's DOM.
 */
export const CHART_SCRIPT = `(function () {
  'use strict';
  var data = document.getElementById('report-charts');
  var specs = data ? JSON.parse(data.textContent || '[]') : [];
  var made = [];
  function seriesOptions(column) {
    var s = { label: column.label, stroke: column.color, width: 1.5 };
    if (column.style === 'dashed') { s.dash = [6, 4]; s.spanGaps = true; }
    if (column.style === 'interval') { s.dash = [2, 3]; s.width = 1; s.spanGaps = true; }
    if (column.style === 'points') {
      s.width = 0;
      s.paths = function () { return null; };
      s.points = { show: true, size: 9, width: 1, stroke: column.color, fill: column.color };
    }
    return s;
  }
  specs.forEach(function (spec) {
    var target = document.getElementById(spec.id);
    if (!target || typeof uPlot !== 'function') return;
    var series = [{ label: 'time' }].concat(spec.columns.map(seriesOptions));
    var options = {
      title: spec.title,
      width: Math.max(320, Math.min(1100, target.clientWidth || 900)),
      height: 260,
      series: series,
      scales: { x: { time: true } },
      axes: [{}, { label: spec.yLabel, size: 70 }],
      bands: spec.bands.map(function (b) {
        return { series: [b.upper, b.lower], fill: b.color };
      }),
    };
    var columns = [spec.x].concat(spec.columns.map(function (c) { return c.values; }));
    made.push({ id: spec.id, plot: new uPlot(options, columns, target) });
  });
  window.heterodyneCharts = made;
})();
`;
