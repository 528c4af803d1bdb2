/** Tables of the site database for: Distribution points: where each reaches its content, and upload progress per package. */
export interface DistributionTables {
  /** Settings of a resource with the distribution point role: the remote folder packages go under. */
  distribution_point: { resource_id: number; root_path: string; updated_at: string }
}
