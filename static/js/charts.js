// The dashboard's charts, drawn with the vendored Chart.js from the JSON block the page carries:
// the Content-Security-Policy forbids inline scripts. The tables below the charts hold the same
// numbers, so a page without JavaScript (or a printed one) loses nothing.

const COLOURS = {
  inspections: '#7a8797',
  hazards_found: '#0b5cab',
  rectified: '#2e7d32',
  major_hazards: '#c62828',
};
const ROW_HEIGHT = 34; // pixels per category of a horizontal bar chart, so long sector names stay readable
const LINE_LENGTH = 9; // characters per line of an axis label (Chinese names have no spaces to break at)

// A long label on several lines: Chart.js draws an array of strings as lines, and would clip one long string.
function wrap(label) {
  if (label.length <= LINE_LENGTH) {
    return label;
  }
  const words = label.includes(' ') ? label.split(' ') : Array.from(label);
  const lines = [''];
  for (const word of words) {
    const joined = lines[lines.length - 1] + (label.includes(' ') && lines[lines.length - 1] ? ' ' : '') + word;
    if (joined.length > LINE_LENGTH && lines[lines.length - 1]) {
      lines.push(word);
    } else {
      lines[lines.length - 1] = joined;
    }
  }
  return lines;
}

function datasets(chart, kind) {
  return chart.series.map((series) => ({
    label: series.label,
    data: series.data,
    backgroundColor: COLOURS[series.key],
    borderColor: COLOURS[series.key],
    borderWidth: kind === 'line' ? 2 : 0,
    pointRadius: kind === 'line' ? 3 : 0,
    tension: 0.2,
  }));
}

function options(horizontal) {
  const counts = { beginAtZero: true, ticks: { precision: 0 } };
  return {
    indexAxis: horizontal ? 'y' : 'x',
    maintainAspectRatio: false,
    responsive: true,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    scales: horizontal ? { x: counts } : { y: counts },
  };
}

function draw(canvas, chart) {
  const name = canvas.dataset.chart;
  const horizontal = name !== 'month';
  const kind = name === 'month' && chart.labels.length > 1 ? 'line' : 'bar';
  if (horizontal) {
    const lines = chart.labels.reduce((sum, label) => sum + Math.ceil(label.length / LINE_LENGTH), 0);
    canvas.parentElement.style.height = `${Math.max(180, 90 + chart.labels.length * ROW_HEIGHT + lines * 6)}px`;
  }
  return new window.Chart(canvas, {
    type: kind,
    data: { labels: horizontal ? chart.labels.map(wrap) : chart.labels, datasets: datasets(chart, kind) },
    options: options(horizontal),
  });
}

function start() {
  const holder = document.querySelector('[data-charts]');
  const source = document.getElementById('chart-data');
  if (!holder || !source || !window.Chart) {
    return;
  }
  const data = JSON.parse(source.textContent);
  holder.hidden = false;
  for (const canvas of holder.querySelectorAll('canvas[data-chart]')) {
    const chart = data[canvas.dataset.chart];
    if (!chart || chart.labels.length === 0) {
      canvas.closest('figure').hidden = true;
    } else {
      draw(canvas, chart);
    }
  }
}

start();
