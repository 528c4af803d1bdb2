import { makeStyles, tokens } from '@fluentui/react-components'
import { colorOf, type Chart } from './report-store'

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

type Series = { label: string; color: string }

function Legend({ series }: { series: Series[] }) {
  const styles = useStyles()
  return (
    <div className={styles.legend}>
      {series.map((s) => (
        <span key={s.label} className={styles.key}>
          <span className={styles.swatch} style={{ background: s.color }} />
          {s.label}
        </span>
      ))}
    </div>
  )
}

/** A donut of totals (the labels are the slices) with the sum in the middle. */
function Donut({ chart }: { chart: Chart }) {
  const styles = useStyles()
  const values = chart.series[0]?.values ?? []
  const slices = chart.labels.map((label, i) => ({ label, color: colorOf(label, i), value: values[i] ?? 0 }))
  const total = slices.reduce((a, b) => a + b.value, 0)
  const r = 52
  const c = 2 * Math.PI * r
  let offset = 0
  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
      <svg width="140" height="140" viewBox="0 0 140 140" role="img" aria-label={chart.title}>
        <circle cx="70" cy="70" r={r} fill="none" stroke={tokens.colorNeutralBackground4} strokeWidth="20" />
        {total > 0 &&
          slices.map((s, i) => {
            const len = (s.value / total) * c
            const el = (
              <circle
                key={i}
                cx="70"
                cy="70"
                r={r}
                fill="none"
                stroke={s.color}
                strokeWidth="20"
                strokeDasharray={`${len} ${c - len}`}
                strokeDashoffset={-offset}
                transform="rotate(-90 70 70)"
              >
                <title>{`${s.label}: ${s.value}`}</title>
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
        {slices.map((s) => (
          <span key={s.label} style={{ display: 'inline-flex', gap: 6, alignItems: 'center', fontSize: 12 }}>
            <span style={{ width: 10, height: 10, borderRadius: 2, background: s.color }} />
            {s.label}: {s.value.toLocaleString()}
            {total ? ` (${Math.round((s.value * 100) / total)}%)` : ''}
          </span>
        ))}
      </div>
    </div>
  )
}

/** Bars drawn at most (the table below lists every row). */
const MAX_BARS = 8

/** Horizontal stacked bars, one per label (group), one segment per series, scaled to the largest total. */
function Bars({ chart }: { chart: Chart }) {
  const styles = useStyles()
  const series = chart.series.map((s, i) => ({ label: s.name, color: colorOf(s.name, i) }))
  const groups = chart.labels.slice(0, MAX_BARS).map((label, gi) => ({
    label,
    values: chart.series.map((s) => s.values[gi] ?? 0),
  }))
  const max = Math.max(1, ...groups.map((g) => g.values.reduce((a, b) => a + b, 0)))
  const labelW = 150
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
          const label = g.label.length > 22 ? `${g.label.slice(0, 21)}…` : g.label
          return (
            <g key={gi}>
              <text x={labelW - 6} y={y + 11} textAnchor="end" className={styles.text}>
                <title>{g.label}</title>
                {label}
              </text>
              {g.values.map((v, i) => {
                const w = (v / max) * barW
                if (v === 0) return null
                const el = (
                  <rect key={i} x={x} y={y} width={w} height={rowH - 5} fill={series[i]!.color}>
                    <title>{`${g.label} — ${series[i]!.label}: ${v}`}</title>
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
      <div style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
        {series.length > 1 && <Legend series={series} />}
        {chart.labels.length > groups.length && (
          <span className={styles.empty}>
            First {groups.length} of {chart.labels.length} shown (all in the table).
          </span>
        )}
      </div>
    </>
  )
}

/** Step lines over time (labels are ISO times; one line per series). */
function Lines({ chart }: { chart: Chart }) {
  const styles = useStyles()
  const xs = chart.labels.map((l) => Date.parse(l))
  const series = chart.series.map((s, i) => ({ label: s.name, color: chartColors(i) }))
  const W = 460
  const H = 130
  const pad = { l: 30, r: 10, t: 6, b: 20 }
  const x0 = Math.min(...xs)
  const x1 = Math.max(x0 + 60_000, ...xs)
  const y1 = Math.max(1, ...chart.series.flatMap((s) => s.values))
  const sx = (x: number) => pad.l + ((x - x0) / (x1 - x0)) * (W - pad.l - pad.r)
  const sy = (y: number) => H - pad.b - (y / y1) * (H - pad.t - pad.b)
  const time = (ms: number) =>
    new Date(ms).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
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
        {chart.series.map((s, i) => {
          if (xs.length === 0) return null
          let d = `M${sx(xs[0]!)},${sy(s.values[0] ?? 0)}`
          xs.slice(1).forEach((x, k) => (d += ` H${sx(x)} V${sy(s.values[k + 1] ?? 0)}`))
          d += ` H${sx(x1)}`
          return (
            <path key={i} d={d} fill="none" stroke={series[i]!.color} strokeWidth={2}>
              <title>{s.name}</title>
            </path>
          )
        })}
      </svg>
      <Legend series={series} />
    </>
  )
}

const chartColors = (i: number) => colorOf(`series ${i}`, i)

/** One chart with its title (plain SVG, no chart library). */
export function ChartView({ chart }: { chart: Chart }) {
  const styles = useStyles()
  const empty =
    chart.labels.length === 0 ||
    chart.series.length === 0 ||
    chart.series.every((s) => s.values.every((v) => v === 0))
  return (
    <figure className={styles.chart} style={{ margin: 0 }} data-testid="report-chart" data-kind={chart.kind}>
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
