/**
 * The Reporting node: compliance by collection, update and update list; scan states by
 * collection (Scan 1) and by site (Scan 2); WUA/agent versions; deployment history; advertisement status;
 * the deployment/enforcement tables `patchbay report` always had; and the restart status of each client. Every number is computed when the
 * report runs, from state messages and client_update_state (no summarization cycle).
 */
import type { ReportInfoDto, ReportName, ReportResultDto } from '../../../shared/dto/report'
import type { SiteContext } from '../runtime/site-context'
import type { Built, Input } from './charts'
import { complianceByCollection, complianceByUpdate, complianceByUpdateList } from './compliance-reports'
import { advertisementStatus, deploymentHistory, deploymentsByState, enforcement } from './deployment-reports'
import { agentVersions, scanByCollection, scanBySite } from './scan-reports'
import { restartStatus } from './restart-reports'

/** The reports, as listed by `reports:list`. */
export const reportInfos: ReportInfoDto[] = [
  {
    name: 'compliance-by-collection',
    title: 'Compliance by collection',
    description: 'Per collection: clients with no required update, with some, and never scanned',
    chart: 'bars',
  },
  {
    name: 'compliance-by-update',
    title: 'Compliance by update',
    description: 'Per update: clients installed, required, not required and unknown',
    chart: 'bars',
  },
  {
    name: 'compliance-by-update-list',
    title: 'Compliance by update list',
    description: 'Per update list: clients needing none of its updates, some, or never scanned',
    chart: 'donut',
  },
  {
    name: 'scan-states-by-collection',
    title: 'Scan 1 – Last scan states by collection',
    description: 'Per collection: clients by the state of their last update scan (TopicType 501)',
    chart: 'bars',
  },
  {
    name: 'scan-states-by-site',
    title: 'Scan 2 – Last scan states by site',
    description: 'Per site: clients by the state of their last update scan (TopicType 501)',
    chart: 'donut',
  },
  {
    name: 'agent-versions',
    title: 'Windows Update Agent / agent versions',
    description: 'Per client: the update agent version its last scan reported',
    chart: 'donut',
  },
  {
    name: 'deployment-history',
    title: 'Deployment history',
    description: 'Per deployment: created, state and client counts; updates installed over time',
    chart: 'line',
  },
  {
    name: 'advertisement-status',
    title: 'Advertisement status',
    description: 'Per advertisement: targeted, received, running, succeeded and failed clients',
    chart: 'bars',
  },
  {
    name: 'deployments',
    title: 'Deployments by enforcement state',
    description: 'Per deployment: clients by their newest enforcement state (TopicType 402)',
    chart: 'bars',
  },
  {
    name: 'enforcement',
    title: 'Enforcement per client and update',
    description: 'Per deployment, client and update: enforcement (402) and applicability (500) states',
    chart: 'donut',
  },
  {
    name: 'restart-status',
    title: 'Restart status',
    description: 'Per client: restart pending and why, and the services running outdated libraries',
    chart: 'donut',
  },
]

/** The reports service over one site. */
export function createReportsService(ctx: SiteContext) {
  const builders: Record<ReportName, (input: Input) => Promise<Built>> = {
    'compliance-by-collection': (input) => complianceByCollection(ctx, input),
    'compliance-by-update': (input) => complianceByUpdate(ctx, input),
    'compliance-by-update-list': (input) => complianceByUpdateList(ctx, input),
    'scan-states-by-collection': (input) => scanByCollection(ctx, input),
    'scan-states-by-site': () => scanBySite(ctx),
    'agent-versions': (input) => agentVersions(ctx, input),
    'deployment-history': (input) => deploymentHistory(ctx, input),
    'advertisement-status': (input) => advertisementStatus(ctx, input),
    deployments: () => deploymentsByState(ctx),
    enforcement: () => enforcement(ctx),
    'restart-status': (input) => restartStatus(ctx, input),
  }

  return {
    list: () => reportInfos,
    /** Runs one report now. */
    async run(input: Input): Promise<ReportResultDto> {
      const info = reportInfos.find((r) => r.name === input.name)!
      const built = await builders[input.name](input)
      return {
        name: info.name,
        title: info.title,
        generatedAt: ctx.now(),
        columns: built.columns.map((c) => ({ id: c.id, label: c.label, numeric: c.numeric ?? false })),
        rows: built.rows,
        chart: built.chart,
      }
    },
  }
}

/** The reports service's type. */
export type ReportsService = ReturnType<typeof createReportsService>
