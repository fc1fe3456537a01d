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
    canvas.parentElement.style.height = `${Math.max(180, 90 + chart.labels.length * ROW_HEIGHT)}px`;
  }
  return new window.Chart(canvas, {
    type: kind,
    data: { labels: chart.labels, datasets: datasets(chart, kind) },
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
