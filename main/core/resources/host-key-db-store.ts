import type { HostKeyStore } from '../../clients/ssh'
import type { SiteContext } from '../runtime/site-context'

/** Trusted host keys kept in the site database, so every console of a site trusts the same keys. */
export function createDbHostKeyStore(ctx: SiteContext): HostKeyStore {
  return {
    async get(host, port) {
      const row = await ctx.db
        .selectFrom('host_key')
        .selectAll()
        .where('host', '=', host)
        .where('port', '=', port)
        .executeTakeFirst()
      return row ? { algorithm: row.algorithm, key: row.key, fingerprint: row.fingerprint } : null
    },
    async trust(host, port, key) {
      await ctx.db
        .insertInto('host_key')
        .values({
          host,
          port,
          algorithm: key.algorithm,
          key: key.key,
          fingerprint: key.fingerprint,
          trusted_at: ctx.now(),
        })
        .onConflict((oc) => oc.columns(['host', 'port']).doNothing())
        .execute()
    },
    async remove(host, port) {
      await ctx.db.deleteFrom('host_key').where('host', '=', host).where('port', '=', port).execute()
    },
  }
}
