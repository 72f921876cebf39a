// Outcome distributions as stacked bars: shares by region (England first) or counts by year.
import { drawAll, fill, setHeight, wrapLabel } from "./common.js";

drawAll("outcomes", (data, canvas) => {
  const horizontal = data.indexAxis === "y";
  const valueAxis = horizontal ? "x" : "y";
  const categoryAxis = horizontal ? "y" : "x";
  const labels = horizontal ? data.labels.map((label) => wrapLabel(label, canvas)) : data.labels;
  const lines = Math.max(...labels.map((label) => (Array.isArray(label) ? label.length : 1)));
  setHeight(canvas, horizontal ? labels.length * Math.max(44, lines * 18 + 12) + 130 : 360);
  return {
    type: "bar",
    data: {
      labels,
      datasets: data.datasets.map((dataset) => ({
        label: dataset.label,
        data: dataset.data,
        counts: dataset.counts,
        backgroundColor: fill(dataset.backgroundColor, dataset.pattern, dataset.patternColor),
        borderColor: (dataset.marked || []).length
          ? dataset.marked.map((marked) => (marked ? "#0b0c0c" : dataset.borderColor))
          : dataset.borderColor,
        borderWidth: (dataset.marked || []).length
          ? dataset.marked.map((marked) => (marked ? 3 : 1))
          : 1,
      })),
    },
    options: {
      indexAxis: data.indexAxis,
      maintainAspectRatio: false,
      scales: {
        [valueAxis]: {
          stacked: true,
          beginAtZero: true,
          max: data.percent ? 100 : undefined,
          ticks: { precision: 0 },
          title: { display: true, text: data.axisTitle },
        },
        [categoryAxis]: { stacked: true, ticks: { autoSkip: false } },
      },
      plugins: {
        legend: { position: "top", onClick: () => {} },
        tooltip: {
          callbacks: {
            label: (item) => {
              const count = item.dataset.counts[item.dataIndex];
              const total = data.totals[item.dataIndex];
              return data.percent
                ? `${item.dataset.label}: ${count} of ${total} areas (${item.raw}%)`
                : `${item.dataset.label}: ${count} of ${total} areas`;
            },
          },
        },
      },
    },
  };
});
