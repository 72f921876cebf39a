// The compared areas' inspections on one time axis, a row per area; the shape of each point,
// as well as its colour, tells the outcome apart. Due-by dates of the next inspections too.
import { drawAll, setHeight, wrapLabel } from "./common.js";

drawAll("timeline", (data, canvas) => {
  setHeight(canvas, data.labels.length * 64 + 170);
  const years = data.datasets.flatMap((dataset) => dataset.data.map((point) => point.x));
  return {
    type: "scatter",
    data: {
      // Each point's y is its area's name, which the category axis places on that area's row
      // (a number would be read as the point's own index, not the row's). The tick callback
      // wraps the names, so the scale's labels stay the names the points are matched against.
      datasets: data.datasets.map((dataset) => ({
        ...dataset,
        data: dataset.data.map((point) => ({ ...point, area: point.y })),
        borderWidth: 2,
      })),
    },
    options: {
      maintainAspectRatio: false,
      scales: {
        x: {
          type: "linear",
          min: Math.floor(Math.min(...years)),
          max: Math.ceil(Math.max(...years)) + 0.01,
          ticks: { stepSize: 1, maxRotation: 0, callback: (value) => String(Math.floor(value)) },
          title: { display: true, text: data.axisTitle },
        },
        y: {
          type: "category",
          labels: data.labels,
          offset: true,
          ticks: { autoSkip: false, callback: (value) => wrapLabel(data.labels[value], canvas) },
        },
      },
      plugins: {
        legend: { position: "top", onClick: () => {}, labels: { usePointStyle: true } },
        tooltip: {
          callbacks: {
            label: (item) => `${item.raw.area}: ${item.dataset.label}, ${item.raw.text}`,
          },
        },
      },
    },
  };
});
