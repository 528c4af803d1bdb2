import { makeStyles, tokens } from '@fluentui/react-components'
import type { Chart, ChartSeries } from '../../stores/report-store'

const useStyles = makeStyles({
  chart: {
    display: 'flex',
    flexDirection: 'column',
    gap: '4px',
    minWidth: '300px',
    flexGrow: 1,
    flexBasis: 0,
    maxWidth: '640px',
  },
  title: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase200 },
  legend: { display: 'flex', flexWrap: 'wrap', gap: '4px 12px', fontSize: tokens.fontSizeBase200 },
  key: { display: 'inline-flex', alignItems: 'center', gap: '4px' },
  swatch: { width: '10px', height: '10px', borderRadius: '2px', display: 'inline-block' },
  empty: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, padding: '8px 0' },
  text: { fill: tokens.colorNeutralForeground1, fontSize: '11px' },
  muted: { fill: tokens.colorNeutralForeground3, fontSize: '10px' },
  axis: { stroke: tokens.colorNeutralStroke1 },
})

function Legend({ series, values }: { series: ChartSeries[]; values?: number[] }) {
  const styles = useStyles()
  return (
    <div className={styles.legend}>
      {series.map((s, i) => (
        <span key={s.label} className={styles.key}>
          <span className={styles.swatch} style={{ background: s.color }} />
          {s.label}
          {values ? ` (${values[i]!.toLocaleString()})` : ''}
        </span>
      ))}
    </div>
  )
}

/** A donut of totals with the sum in the middle. */
function Donut({ chart }: { chart: Extract<Chart, { kind: 'donut' }> }) {
  const styles = useStyles()
  const total = chart.values.reduce((a, b) => a + b, 0)
  const r = 52
  const c = 2 * Math.PI * r
  let offset = 0
  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
      <svg width="140" height="140" viewBox="0 0 140 140" role="img" aria-label={chart.title}>
        <circle cx="70" cy="70" r={r} fill="none" stroke={tokens.colorNeutralBackground4} strokeWidth="20" />
        {total > 0 &&
          chart.values.map((v, i) => {
            const len = (v / total) * c
            const el = (
              <circle
                key={i}
                cx="70"
                cy="70"
                r={r}
                fill="none"
                stroke={chart.series[i]!.color}
                strokeWidth="20"
                strokeDasharray={`${len} ${c - len}`}
                strokeDashoffset={-offset}
                transform="rotate(-90 70 70)"
              >
                <title>{`${chart.series[i]!.label}: ${v}`}</title>
              </circle>
            )
            offset += len
            return el
          })}
        <text x="70" y="68" textAnchor="middle" className={styles.text} style={{ fontSize: 18 }}>
          {total.toLocaleString()}
        </text>
        <text x="70" y="84" textAnchor="middle" className={styles.muted}>
          total
        </text>
      </svg>
      <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
        {chart.series.map((s, i) => (
          <span key={s.label} style={{ display: 'inline-flex', gap: 6, alignItems: 'center', fontSize: 12 }}>
            <span style={{ width: 10, height: 10, borderRadius: 2, background: s.color }} />
            {s.label}: {chart.values[i]!.toLocaleString()}
            {total ? ` (${Math.round((chart.values[i]! * 100) / total)}%)` : ''}
          </span>
        ))}
      </div>
    </div>
  )
}

/** Horizontal stacked bars, one per group, scaled to the largest total. */
function Bars({ chart }: { chart: Extract<Chart, { kind: 'bars' }> }) {
  const styles = useStyles()
  const groups = chart.groups.slice(0, 12)
  const max = Math.max(1, ...groups.map((g) => g.values.reduce((a, b) => a + b, 0)))
  const labelW = 130
  const barW = 320
  const rowH = 18
  const height = groups.length * rowH + 4
  return (
    <>
      <svg width={labelW + barW + 50} height={height} role="img" aria-label={chart.title}>
        {groups.map((g, gi) => {
          let x = labelW
          const total = g.values.reduce((a, b) => a + b, 0)
          const y = gi * rowH + 2
          const label = g.label.length > 20 ? `${g.label.slice(0, 19)}…` : g.label
          return (
            <g key={gi}>
              <text x={labelW - 6} y={y + 11} textAnchor="end" className={styles.text}>
                <title>{g.label}</title>
                {label}
              </text>
              {g.values.map((v, i) => {
                const w = (v / max) * barW
                const el = (
                  <rect key={i} x={x} y={y} width={w} height={rowH - 5} fill={chart.series[i]!.color}>
                    <title>{`${g.label} — ${chart.series[i]!.label}: ${v}`}</title>
                  </rect>
                )
                x += w
                return el
              })}
              <text x={x + 4} y={y + 11} className={styles.muted}>
                {total.toLocaleString()}
              </text>
            </g>
          )
        })}
        <line x1={labelW} x2={labelW} y1={0} y2={height} className={styles.axis} />
      </svg>
      {chart.series.length > 1 && <Legend series={chart.series} />}
    </>
  )
}

/** Step lines of counts over time (deployment progress). */
function Lines({ chart }: { chart: Extract<Chart, { kind: 'lines' }> }) {
  const styles = useStyles()
  const points = chart.lines.flat()
  if (points.length === 0) return null
  const W = 460
  const H = 130
  const pad = { l: 30, r: 10, t: 6, b: 20 }
  const x0 = Math.min(...points.map((p) => p.x))
  const x1 = Math.max(x0 + 60_000, ...points.map((p) => p.x))
  const y1 = Math.max(1, ...points.map((p) => p.y))
  const sx = (x: number) => pad.l + ((x - x0) / (x1 - x0)) * (W - pad.l - pad.r)
  const sy = (y: number) => H - pad.b - (y / y1) * (H - pad.t - pad.b)
  const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
  return (
    <>
      <svg width={W} height={H} role="img" aria-label={chart.title}>
        <line x1={pad.l} x2={W - pad.r} y1={H - pad.b} y2={H - pad.b} className={styles.axis} />
        <line x1={pad.l} x2={pad.l} y1={pad.t} y2={H - pad.b} className={styles.axis} />
        <text x={pad.l - 4} y={sy(y1) + 4} textAnchor="end" className={styles.muted}>
          {y1}
        </text>
        <text x={pad.l - 4} y={H - pad.b} textAnchor="end" className={styles.muted}>
          0
        </text>
        <text x={pad.l} y={H - 4} className={styles.muted}>
          {time(x0)}
        </text>
        <text x={W - pad.r} y={H - 4} textAnchor="end" className={styles.muted}>
          {time(x1)}
        </text>
        {chart.lines.map((line, i) => {
          if (line.length === 0) return null
          let d = `M${sx(line[0]!.x)},${sy(line[0]!.y)}`
          for (const p of line.slice(1)) d += ` H${sx(p.x)} V${sy(p.y)}`
          d += ` H${sx(x1)}`
          return <path key={i} d={d} fill="none" stroke={chart.series[i]!.color} strokeWidth={2} />
        })}
      </svg>
      <Legend series={chart.series} />
    </>
  )
}

/** One chart with its title (plain SVG, no chart library). */
export function ChartView({ chart }: { chart: Chart }) {
  const styles = useStyles()
  const empty =
    chart.kind === 'donut'
      ? chart.values.every((v) => v === 0)
      : chart.kind === 'bars'
        ? chart.groups.length === 0
        : chart.lines.every((l) => l.length <= 1)
  return (
    <figure className={styles.chart} style={{ margin: 0 }} data-testid="report-chart">
      <figcaption className={styles.title}>{chart.title}</figcaption>
      {empty ? (
        <span className={styles.empty}>Nothing to chart yet.</span>
      ) : chart.kind === 'donut' ? (
        <Donut chart={chart} />
      ) : chart.kind === 'bars' ? (
        <Bars chart={chart} />
      ) : (
        <Lines chart={chart} />
      )}
    </figure>
  )
}
