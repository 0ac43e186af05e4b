/**
 * A hand-written SVG chart of point-operation latency against collection size
 * (log-log), one line per operation and contender.
 */
import type { ScalingStep } from "./mongo.js"
import type { ContenderName } from "./operations.js"
import { formatMs } from "./stats.js"

const WIDTH = 760
const HEIGHT = 420
const MARGIN = { left: 72, right: 230, top: 44, bottom: 52 }

const colors: Readonly<Record<string, string>> = {
  "loadSession.hit": "#1f77b4",
  "storeSession.update": "#d62728"
}

const dashes: Readonly<Record<ContenderName, string>> = {
  "raw": "",
  "layer": "7 4",
  "facade": "2 4",
  "raw _id-only": "10 3 2 3"
}

const escape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

interface Series {
  readonly label: string
  readonly color: string
  readonly dash: string
  readonly points: Array<{ readonly sessions: number; readonly ms: number }>
}

const seriesOf = (steps: ReadonlyArray<ScalingStep>): Array<Series> => {
  const series = new Map<string, Series>()
  for (const step of steps) {
    for (const c of step.cases) {
      for (const e of c.entrants) {
        const id = `${c.key}/${e.name}`
        const entry = series.get(id) ??
          { label: `${c.label}, ${e.name}`, color: colors[c.key] ?? "#555", dash: dashes[e.name], points: [] }
        entry.points.push({ sessions: step.sessions, ms: e.summary.medianMs })
        series.set(id, entry)
      }
    }
  }
  return [...series.values()]
}

/** The chart of the scaling steps, as an SVG document. */
export const scalingChart = (steps: ReadonlyArray<ScalingStep>, subtitle: string): string => {
  const series = seriesOf(steps)
  const sizes = steps.map((s) => s.sessions)
  const values = series.flatMap((s) => s.points.map((p) => p.ms)).filter((ms) => ms > 0 && Number.isFinite(ms))
  const yMin = Math.floor(Math.log10(Math.min(...values, 1)))
  const yMax = Math.ceil(Math.log10(Math.max(...values, 10)))
  const xMin = Math.log10(Math.min(...sizes))
  const xMax = Math.log10(Math.max(...sizes))
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom
  const x = (sessions: number) =>
    MARGIN.left + (xMax === xMin ? plotWidth / 2 : ((Math.log10(sessions) - xMin) / (xMax - xMin)) * plotWidth)
  const y = (ms: number) => MARGIN.top + plotHeight - ((Math.log10(ms) - yMin) / (yMax - yMin || 1)) * plotHeight
  const out: Array<string> = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${MARGIN.left}" y="20" font-size="15" font-weight="bold">Median latency against collection size (log-log)</text>`,
    `<text x="${MARGIN.left}" y="36" fill="#555">${escape(subtitle)}</text>`
  ]
  for (let decade = yMin; decade <= yMax; decade++) {
    const ms = 10 ** decade
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(ms)}" y2="${y(ms)}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(ms) + 4}" text-anchor="end">${escape(formatMs(ms))}</text>`
    )
  }
  for (const sessions of sizes) {
    out.push(
      `<line x1="${x(sessions)}" x2="${x(sessions)}" y1="${MARGIN.top}" y2="${
        MARGIN.top + plotHeight
      }" stroke="#eee"/>`,
      `<text x="${x(sessions)}" y="${MARGIN.top + plotHeight + 18}" text-anchor="middle">${
        sessions.toLocaleString("en-US")
      }</text>`
    )
  }
  out.push(
    `<text x="${MARGIN.left + plotWidth / 2}" y="${
      HEIGHT - 10
    }" text-anchor="middle">sessions in the collection</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`
  )
  series.forEach((s, i) => {
    const points = s.points.filter((p) => p.ms > 0 && Number.isFinite(p.ms))
    const path = points.map((p) => `${x(p.sessions).toFixed(1)},${y(p.ms).toFixed(1)}`).join(" ")
    const dash = s.dash === "" ? "" : ` stroke-dasharray="${s.dash}"`
    out.push(`<polyline points="${path}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`)
    for (const p of points) {
      out.push(`<circle cx="${x(p.sessions).toFixed(1)}" cy="${y(p.ms).toFixed(1)}" r="3" fill="${s.color}"/>`)
    }
    const ly = MARGIN.top + 10 + i * 20
    const lx = MARGIN.left + plotWidth + 14
    out.push(
      `<line x1="${lx}" x2="${lx + 30}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 36}" y="${ly + 4}">${escape(s.label)}</text>`
    )
  })
  out.push("</svg>")
  return `${out.join("\n")}\n`
}
