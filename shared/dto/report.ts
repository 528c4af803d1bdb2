import { z } from 'zod'
import { isoTime, smsId } from './common'

/** Every report the Reporting node and `patchbay report NAME` offer. */
export const reportNames = [
  'compliance-by-collection',
  'compliance-by-update',
  'compliance-by-update-list',
  'scan-states-by-collection',
  'scan-states-by-site',
  'agent-versions',
  'deployment-history',
  'advertisement-status',
  'deployments',
  'enforcement',
  'restart-status',
] as const

/** A report name. */
export type ReportName = (typeof reportNames)[number]

/** Chart kinds: a donut of totals, stacked bars per group, or lines over time. */
export const chartKinds = ['donut', 'bars', 'line'] as const

/** A report as listed. */
export const reportInfoDto = z.object({
  name: z.enum(reportNames),
  title: z.string(),
  description: z.string(),
  chart: z.enum(chartKinds),
})

/** A listed report. */
export type ReportInfoDto = z.infer<typeof reportInfoDto>

/** Run a report, optionally for one collection, update list or deployment. */
export const reportRunInput = z.object({
  name: z.enum(reportNames, { error: `Unknown report: use one of ${reportNames.join(', ')}` }),
  collectionId: smsId.optional(),
  updateListId: smsId.optional(),
  deploymentId: smsId.optional(),
})

/** A column of a report's table (`id` keys the rows and heads CSV output). */
export const reportColumnDto = z.object({ id: z.string(), label: z.string(), numeric: z.boolean() })

/**
 * A report's chart. `labels` are the slices (donut), the groups (bars) or the x values as ISO times
 * (line); each series has one value per label (one series for a donut).
 */
export const reportChartDto = z.object({
  kind: z.enum(chartKinds),
  title: z.string(),
  labels: z.array(z.string()),
  series: z.array(z.object({ name: z.string(), values: z.array(z.number()) })),
})

/** A report's chart. */
export type ReportChartDto = z.infer<typeof reportChartDto>

/** A report's cell value. */
export const reportCell = z.union([z.string(), z.number(), z.null()])

/** A report's result: table and chart, computed live from state messages and client states. */
export const reportResultDto = z.object({
  name: z.enum(reportNames),
  title: z.string(),
  generatedAt: isoTime,
  columns: z.array(reportColumnDto),
  rows: z.array(z.record(z.string(), reportCell)),
  chart: reportChartDto,
})

/** A report's result. */
export type ReportResultDto = z.infer<typeof reportResultDto>
