// Findings by theme: one stacked bar per compared area in each theme, each kind of finding with
// its own colour and pattern, and the area's name written at the end of its bar.
import { drawAll, fill, fitText, isNarrow, setHeight, wrapLabel } from "./common.js";

const areaNames = {
  id: "areaNames",
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const last = new Map(); // stack -> index of its last visible dataset
    chart.data.datasets.forEach((dataset, index) => {
      if (chart.isDatasetVisible(index)) last.set(dataset.stack, index);
    });
    ctx.save();
    ctx.font = `${chart.options.plugins.areaNames.size}px ${window.Chart.defaults.font.family}`;
    ctx.fillStyle = "#0b0c0c";
    ctx.textBaseline = "middle";
    for (const index of last.values()) {
      const dataset = chart.data.datasets[index];
      for (const bar of chart.getDatasetMeta(index).data) {
        ctx.fillText(chart.options.plugins.areaNames.names[dataset.area], bar.x + 4, bar.y);
      }
    }
    ctx.restore();
  },
};

drawAll("themes", (data, canvas) => {
  const bars = data.labels.length * data.areas.length;
  setHeight(canvas, bars * 20 + data.labels.length * 14 + 120);
  const size = isNarrow(canvas) ? 11 : 12;
  const measure = canvas.getContext("2d");
  measure.font = `${size}px ${window.Chart.defaults.font.family}`;
  // Names longer than a third of the chart's width are shortened, so the themes keep their room.
  const room = canvas.parentElement.clientWidth / 3;
  const names = Object.fromEntries(data.areas.map((name) => [name, fitText(measure, name, room)]));
  const longest = Math.max(...Object.values(names).map((name) => measure.measureText(name).width));
  const kinds = data.datasets.length / data.areas.length;
  return {
    type: "bar",
    data: {
      labels: data.labels.map((label) => wrapLabel(label, canvas)),
      datasets: data.datasets.map((dataset) => ({
        label: dataset.label,
        area: dataset.area,
        stack: dataset.stack,
        data: dataset.data,
        backgroundColor: fill(dataset.backgroundColor, dataset.pattern, dataset.patternColor),
        borderColor: dataset.borderColor,
        borderWidth: 1,
      })),
    },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      layout: { padding: { right: longest + 8 } },
      scales: {
        x: {
          stacked: true,
          beginAtZero: true,
          ticks: { precision: 0 },
          title: { display: true, text: data.axisTitle },
        },
        y: { stacked: true, ticks: { autoSkip: false, font: { size: isNarrow(canvas) ? 11 : 14 } } },
      },
      plugins: {
        areaNames: { size, names },
        legend: {
          position: "top",
          onClick: () => {},
          // One entry per kind of finding: the first area's datasets stand for all.
          labels: { filter: (item) => item.datasetIndex < kinds },
        },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.area}: ${item.dataset.label.toLowerCase()}, ${item.raw}`,
          },
        },
      },
    },
    plugins: [areaNames],
  };
});
