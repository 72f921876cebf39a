// Shared by the chart scripts. Each chart's data comes from a json_script element named by its
// canvas; Chart.js (vendored, loaded before these modules) draws it. Without JavaScript the table
// beside each chart shows the same numbers, so the canvas stays hidden.
const { Chart } = window;

if (Chart) {
  Chart.defaults.font.family = getComputedStyle(document.querySelector(".govuk-body") || document.body).fontFamily;
  Chart.defaults.font.size = 14;
  Chart.defaults.color = "#0b0c0c";
  Chart.defaults.animation = false;
}

// A fill with a pattern drawn over the colour, so no reader depends on colour alone.
export function fill(colour, pattern, mark) {
  if (!pattern) return colour;
  const size = 10;
  const tile = document.createElement("canvas");
  tile.width = size;
  tile.height = size;
  const context = tile.getContext("2d");
  context.fillStyle = colour;
  context.fillRect(0, 0, size, size);
  context.fillStyle = mark;
  context.strokeStyle = mark;
  context.lineWidth = 1.5;
  context.beginPath();
  if (pattern === "dots") {
    context.arc(size / 2, size / 2, 1.8, 0, 2 * Math.PI);
    context.fill();
  } else if (pattern === "stripes") {
    context.moveTo(0, size);
    context.lineTo(size, 0);
    context.moveTo(-size / 2, size / 2);
    context.lineTo(size / 2, -size / 2);
    context.moveTo(size / 2, size * 1.5);
    context.lineTo(size * 1.5, size / 2);
    context.stroke();
  } else if (pattern === "crosses") {
    context.moveTo(2.5, 2.5);
    context.lineTo(7.5, 7.5);
    context.moveTo(7.5, 2.5);
    context.lineTo(2.5, 7.5);
    context.stroke();
  }
  return context.createPattern(tile, "repeat");
}

// Draw every canvas of one kind of chart with `configure(data, canvas)`'s Chart.js config.
export function drawAll(kind, configure) {
  if (!Chart) return;
  for (const canvas of document.querySelectorAll(`canvas[data-chart="${kind}"]`)) {
    const source = document.getElementById(canvas.dataset.source);
    if (!source) continue;
    const data = JSON.parse(source.textContent);
    canvas.parentElement.hidden = false;
    offerImage(new Chart(canvas, configure(data, canvas)));
  }
}

// Lines of `text` in the context's current font, each at most `pixels` wide.
function textLines(context, text, pixels) {
  const lines = [];
  for (const word of text.split(/\s+/)) {
    const joined = lines.length ? `${lines[lines.length - 1]} ${word}` : word;
    if (lines.length && context.measureText(joined).width <= pixels) lines[lines.length - 1] = joined;
    else lines.push(word);
  }
  return lines;
}

// The chart as a picture to take away: its title above and its source below, on white, so the
// image says what it shows and where the numbers come from wherever it is pasted.
function chartImage(chart, title, source) {
  const scale = chart.currentDevicePixelRatio || 1;
  const { width, height } = chart.canvas;
  const pad = 12 * scale;
  const family = Chart.defaults.font.family;
  const image = document.createElement("canvas");
  const context = image.getContext("2d");
  const bands = [
    { font: `bold ${20 * scale}px ${family}`, lineHeight: 28 * scale, text: title },
    { font: `${14 * scale}px ${family}`, lineHeight: 20 * scale, text: source },
  ].map((band) => {
    context.font = band.font;
    return { ...band, lines: textLines(context, band.text, width - 2 * pad) };
  });
  const [top, bottom] = bands.map((band) => band.lines.length * band.lineHeight + 2 * pad);
  image.width = width;
  image.height = top + height + bottom;
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, image.width, image.height);
  context.drawImage(chart.canvas, 0, top);
  context.fillStyle = "#0b0c0c";
  context.textBaseline = "top";
  bands.forEach((band, index) => {
    context.font = band.font;
    const start = index ? top + height + pad : pad;
    band.lines.forEach((line, n) => context.fillText(line, pad, start + n * band.lineHeight));
  });
  return image;
}

// A "Download this chart (PNG)" link under the CSV link, added only where the chart is drawn.
// The picture is made when the link is followed, so it is the chart as it is drawn then.
function offerImage(chart) {
  const section = chart.canvas.closest(".chart");
  const csv = section?.querySelector("a[download]")?.closest("p");
  if (!csv) return;
  const title = section.querySelector(`#${chart.canvas.id}-title`).textContent.trim();
  const source = section.querySelector(".chart__source").textContent.trim();
  const dated = chart.canvas.dataset.date ? `-${chart.canvas.dataset.date}` : "";
  const link = document.createElement("a");
  link.className = "govuk-link chart__image";
  link.href = "#";
  link.download = `${chart.canvas.id}${dated}.png`;
  link.textContent = "Download this chart (PNG)";
  const hidden = document.createElement("span");
  hidden.className = "govuk-visually-hidden";
  hidden.textContent = `: ${title.toLowerCase()}`;
  link.append(hidden);
  link.addEventListener("click", () => {
    link.href = chartImage(chart, title, source).toDataURL("image/png");
  });
  const paragraph = document.createElement("p");
  paragraph.className = csv.className;
  paragraph.append(link);
  csv.after(paragraph);
}

export function setHeight(canvas, pixels) {
  canvas.parentElement.style.height = `${Math.round(pixels)}px`;
}

// A category label as lines that fit beside a narrow chart: about 14 characters on a phone.
export function wrapLabel(text, canvas) {
  const width = canvas.parentElement.clientWidth < 600 ? 13 : 26;
  const lines = [];
  // A word longer than a line is broken with a hyphen ("Neurodevelop-", "mental").
  const words = String(text)
    .split(/\s+/)
    .flatMap((word) => {
      if (word.length <= width) return [word];
      const parts = word.split(/(?<=-)/); // "Southend-", "on-", "Sea"
      if (parts.length > 1) return parts;
      return [`${word.slice(0, width - 1)}-`, word.slice(width - 1)];
    });
  for (const word of words) {
    const last = lines.length - 1;
    const joined = lines[last]?.endsWith("-") ? `${lines[last]}${word}` : `${lines[last]} ${word}`;
    if (last >= 0 && joined.length <= width) {
      lines[last] = joined;
    } else {
      lines.push(word);
    }
  }
  return lines.length > 1 ? lines : text;
}

export function isNarrow(canvas) {
  return canvas.parentElement.clientWidth < 600;
}

// A name shortened with an ellipsis to fit `pixels` in the context's current font.
export function fitText(context, text, pixels) {
  if (context.measureText(text).width <= pixels) return text;
  let cut = text;
  while (cut.length > 1 && context.measureText(`${cut}…`).width > pixels) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
