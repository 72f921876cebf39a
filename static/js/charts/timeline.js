// The compared areas' inspections on one time axis, a row per area; the shape of each point,
// as well as its colour, tells the outcome apart. Due-by dates of the next inspections too.
import { drawAll, setHeight } from "./common.js";

drawAll("timeline", (data, canvas) => {
  setHeight(canvas, data.labels.length * 64 + 170);
  const years = data.datasets.flatMap((dataset) => dataset.data.map((point) => point.x));
  return {
    type: "scatter",
    data: {
      datasets: data.datasets.map((dataset) => ({
        ...dataset,
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
          ticks: { stepSize: 1, callback: (value) => String(Math.floor(value)) },
          title: { display: true, text: data.axisTitle },
        },
        y: { type: "category", labels: data.labels, offset: true },
      },
      plugins: {
        legend: { position: "top", onClick: () => {}, labels: { usePointStyle: true } },
        tooltip: {
          callbacks: {
            label: (item) => `${item.raw.y}: ${item.dataset.label}, ${item.raw.text}`,
          },
        },
      },
    },
  };
});
