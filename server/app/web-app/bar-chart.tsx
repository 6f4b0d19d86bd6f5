import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from "chart.js";
import { useEffect, useRef } from "react";

// Only the parts of Chart.js a bar chart needs: the rest is tree-shaken out of the bundle.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLOURS = ["#1d4ed8", "#b45309", "#047857", "#7c3aed"];

/** A bar chart; the table beside it carries the same figures for screen readers and exports. */
export function BarChart({
  title,
  labels,
  series,
  locale,
}: {
  title: string;
  labels: string[];
  series: { label: string; data: (number | null)[] }[];
  locale: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const chart = new Chart(canvas.current!, {
      type: "bar",
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.data,
          backgroundColor: COLOURS[i % COLOURS.length],
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale,
        plugins: { legend: { position: "bottom" } },
      },
    });
    return () => chart.destroy();
  }, [JSON.stringify({ labels, series, locale })]);
  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-label={title} />
    </div>
  );
}
