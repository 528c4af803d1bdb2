/** Tables of the site database for: Approvals, recommendations, update-list rules, search folders and deployment templates (#3). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ApprovalTables {}
