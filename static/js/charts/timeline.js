// The compared areas' inspections on one time axis, a row per area; the shape of each point,
// as well as its colour, tells the outcome apart. Due-by dates of the next inspections too.
import { drawAll, setHeight, wrapLabel } from "./common.js";

drawAll("timeline", (data, canvas) => {
  setHeight(canvas, data.labels.length * 64 + 170);
  const years = data.datasets.flatMap((dataset) => dataset.data.map((point) => point.x));
  return {
    type: "scatter",
    data: {
      // Points name their area; on the axis each area is its row number, so labels may wrap.
      datasets: data.datasets.map((dataset) => ({
        ...dataset,
        data: dataset.data.map((point) => ({ ...point, area: point.y, y: data.labels.indexOf(point.y) })),
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
          labels: data.labels.map((label) => wrapLabel(label, canvas)),
          offset: true,
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
