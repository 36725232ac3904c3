// A uPlot line chart over time that follows its container's width.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/** Tick steps for counts: whole numbers only, so that a count of 1 is not drawn as ticks 0, 1, 1. */
const WHOLE_STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 1_000_000,
];

/** @typedef {{ label: string, color: string, fill?: string, values: (number | null)[] }} Series */
/** @typedef {(value: number | null) => string} Format */

/**
 * @param {number} width
 * @param {Series[]} series
 * @param {Format} format
 * @param {[number, number] | undefined} range
 * @param {boolean | undefined} whole
 * @returns {uPlot.Options}
 */
function chartOptions(width, series, format, range, whole) {
  return {
    width,
    height: 190,
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    scales: range ? { x: { time: true }, y: { range } } : { x: { time: true } },
    axes: [
      { stroke: '#5b6473', grid: { stroke: '#eef0f3' } },
      {
        stroke: '#5b6473',
        grid: { stroke: '#eef0f3' },
        size: 86,
        ...(whole ? { incrs: WHOLE_STEPS } : {}),
        values: (_plot, ticks) => ticks.map((tick) => format(tick)),
      },
    ],
    series: [
      {},
      ...series.map((line) => ({
        label: line.label,
        stroke: line.color,
        width: 2,
        fill: line.fill ?? undefined,
        points: { show: true, size: 4 },
        spanGaps: false,
        value: (/** @type {uPlot} */ _plot, /** @type {number | null} */ value) =>
          value === null || value === undefined ? '–' : format(value),
      })),
    ],
  };
}

/**
 * `timestamps` in epoch seconds; `series` as [{ label, color, values }]; `format` renders axis and legend values;
 * `note`, when given, says why the chart is empty; `range`, when given, fixes the y axis (a rate: [0, 1]);
 * `whole` keeps the y ticks on whole numbers (counts).
 * @param {{
 *   title: string, timestamps: number[], series: Series[], format: Format, note?: string,
 *   range?: [number, number], whole?: boolean,
 * }} props
 */
export function TimeChart({ title, timestamps, series, format, note, range, whole }) {
  const container = useRef(/** @type {HTMLDivElement | null} */ (null));
  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    /** @type {uPlot.AlignedData} */
    const data = [timestamps, ...series.map((line) => line.values)];
    const plot = new uPlot(
      chartOptions(Math.max(element.clientWidth, 240), series, format, range, whole),
      data,
      element,
    );
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 240), height: 190 }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [timestamps, series, format, range, whole]);
  return html`<section class="card chart" aria-label=${title}>
    <h3>${title}</h3>
    ${note ? html`<p class="muted chart-note">${note}</p>` : null}
    <div class="chart-body" ref=${container}></div>
  </section>`;
}
