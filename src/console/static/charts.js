// A small inline SVG line chart: one series over a time window, a point per datum with its value as
// a tooltip. No library: the axes are two lines and a few labels.
const NS = 'http://www.w3.org/2000/svg';
const W = 360;
const H = 140;
const PAD = { left: 40, right: 10, top: 10, bottom: 22 };

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

const clock = (ms) => new Date(ms).toISOString().slice(11, 16);

function niceMax(max) {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / step) * step;
}

/** `points` are [{t: ms since epoch, v: number}], oldest first; the window is [from, to]. */
export function lineChart({ title, unit = '', points, from, to }) {
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': title });
  const top = niceMax(Math.max(0, ...points.map((p) => p.v)));
  const x = (t) => PAD.left + ((t - from) / (to - from)) * (W - PAD.left - PAD.right);
  const y = (v) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  root.append(
    svg('line', { x1: PAD.left, y1: y(0), x2: W - PAD.right, y2: y(0), class: 'axis' }),
    svg('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: y(0), class: 'axis' }),
    svg('text', { x: PAD.left - 4, y: PAD.top + 8, 'text-anchor': 'end', class: 'tick' }, `${top}${unit}`),
    svg('text', { x: PAD.left - 4, y: y(0), 'text-anchor': 'end', class: 'tick' }, '0'),
    svg('text', { x: PAD.left, y: H - 6, class: 'tick' }, clock(from)),
    svg('text', { x: W - PAD.right, y: H - 6, 'text-anchor': 'end', class: 'tick' }, clock(to)),
  );
  if (points.length > 1) {
    root.append(svg('polyline', { points: points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' '), class: 'series' }));
  }
  for (const p of points) {
    const dot = svg('circle', { cx: x(p.t).toFixed(1), cy: y(p.v).toFixed(1), r: 3, class: 'point', 'data-value': p.v });
    dot.append(svg('title', {}, `${clock(p.t)}  ${p.v}${unit}`));
    root.append(dot);
  }
  if (!points.length) root.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'tick' }, 'No data'));
  return root;
}
