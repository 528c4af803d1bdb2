/** Tables of the site database for: Distribution points: where each reaches its content, and upload progress per package (#7). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DistributionTables {}
