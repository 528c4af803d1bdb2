/** The durable job engine: jobs and steps in the site database, resumable after a crash. */
export * from './engine'
export * from './job-rows'
export * from './policy'
