// Mounts uPlot on every figure[data-chart] that htmx (or the first page load) puts in the document, and
// destroys charts whose figure was swapped away. Loaded only on pages that have charts.
(function () {
  "use strict";
  var mounted = [];
  var colors = ["#2f6f5e", "#b5502b", "#3a5174"];
  // Values the client logged themselves: solid dots in their own colour over the line (the figure's caption says so in words).
  var clientColor = "#7a3e9d";

  // Dates on the axis: with hours when the chart spans only a few days, with the year when it spans many months.
  function fmtDate(ts, tz, span) {
    var opts = span < 4 * 86400 ? { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: tz }
      : span > 300 * 86400 ? { month: "short", year: "numeric", timeZone: tz }
      : { day: "numeric", month: "short", timeZone: tz };
    try { return new Date(ts * 1000).toLocaleString("en-GB", opts); } catch (e) { return ""; }
  }

  function build(figure) {
    var spec = JSON.parse(figure.getAttribute("data-chart"));
    var tables = spec.series.map(function (s) {
      var xs = [], ys = [], mins = [], maxs = [];
      s.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); mins.push(p.length > 2 ? p[2] : null); maxs.push(p.length > 3 ? p[3] : null); });
      if (s.downsampled) return [xs, ys, mins, maxs];
      if (!s.byClient) return [xs, ys];
      var byClient = ys.map(function () { return null; });
      s.byClient.forEach(function (i) { byClient[i] = ys[i]; });
      return [xs, ys, byClient];
    });
    var data = tables.length === 1 ? tables[0] : uPlot.join(tables);
    var series = [{}];
    var xs = data[0], span = xs.length ? xs[xs.length - 1] - xs[0] : 0;
    var axes = [{ values: function (u, splits) { return splits.map(function (t) { return fmtDate(t, spec.timezone, span); }); } }];
    spec.series.forEach(function (s, i) {
      var scale = "y" + i;
      series.push({ label: s.label + (s.unit ? " (" + s.unit + ")" : ""), scale: scale, stroke: colors[i % colors.length], width: 2, spanGaps: true,
        points: { show: s.points.length < 60 } });
      if (s.byClient && !s.downsampled) {
        series.push({ label: s.byClientLabel, scale: scale, stroke: clientColor, fill: clientColor, width: 0, paths: function () { return null; },
          points: { show: true, size: 9, width: 1, stroke: "#fff", fill: clientColor } });
      }
      if (s.downsampled) {
        series.push({ label: s.label + " min", scale: scale, stroke: colors[i % colors.length], width: 1, dash: [4, 4], spanGaps: true, points: { show: false } });
        series.push({ label: s.label + " max", scale: scale, stroke: colors[i % colors.length], width: 1, dash: [4, 4], spanGaps: true, points: { show: false } });
      }
      // A second metric gets its own axis on the right, so 0–10 pain and 70 kg share one chart.
      axes.push({ scale: scale, side: i === 0 ? 3 : 1, stroke: colors[i % colors.length], grid: { show: i === 0 },
        label: s.unit || undefined });
    });
    var scales = { x: { time: true } };
    spec.series.forEach(function (s, i) {
      if (s.min !== null && s.max !== null && s.min !== undefined) scales["y" + i] = { range: [s.min, s.max] };
    });
    var width = Math.max(260, figure.clientWidth || 600);
    var plot = new uPlot({ width: width, height: 220, series: series, axes: axes, scales: scales, legend: { show: spec.series.length > 1 || spec.series.some(function (s) { return s.byClient; }) } }, data);
    figure.insertBefore(plot.root, figure.firstChild);
    mounted.push({ figure: figure, plot: plot });
  }

  function sweep() {
    mounted = mounted.filter(function (m) {
      if (document.contains(m.figure)) return true;
      m.plot.destroy();
      return false;
    });
  }

  function mountIn(root) {
    sweep();
    var figures = (root.matches && root.matches("figure[data-chart]")) ? [root] : root.querySelectorAll("figure[data-chart]");
    Array.prototype.forEach.call(figures, function (f) {
      if (f.getAttribute("data-mounted")) return;
      f.setAttribute("data-mounted", "1");
      try { build(f); } catch (e) { f.setAttribute("data-chart-error", String(e)); }
    });
  }

  if (window.htmx && window.htmx.onLoad) window.htmx.onLoad(mountIn);
  // htmx may have processed the page before this deferred script ran (it starts on a timer once the
  // document is parsed), so the page that is already here is handled too; handling twice is harmless.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { mountIn(document); });
  else mountIn(document);
})();
