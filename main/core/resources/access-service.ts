import type { z } from 'zod'
import type {
  HostKeyDto,
  clearSecretInput,
  removeHostKeyInput,
  setSecretInput,
  trustHostKeyInput,
} from '../../../shared/dto/client-access'
import { PatchbayError } from '../../../shared/errors'
import type { KnownHostKey } from '../../clients/ssh'
import { getResource } from './rows'
import { secretContext, type SecretsPort } from '../runtime/secrets'
import type { SiteContext } from '../runtime/site-context'

/** Host-key trust and stored secrets: consent to a presented key, removal after a change, encrypted passwords. */
export function createClientAccessService(
  ctx: SiteContext,
  secrets: SecretsPort,
  presented: Map<string, KnownHostKey>,
) {
  const announce = (resourceId: number) => {
    ctx.events.emit('site:changed', { entity: 'hostkeys', ids: [] })
    ctx.events.emit('site:changed', { entity: 'resources', ids: [String(resourceId)] })
    ctx.events.emit('site:changed', { entity: 'status', ids: [] })
  }

  const list = async (): Promise<HostKeyDto[]> => {
    const keys = await ctx.db.selectFrom('host_key').selectAll().orderBy('host').orderBy('port').execute()
    const resources = await ctx.db.selectFrom('resource').select(['name', 'address', 'port']).execute()
    return keys.map((k) => ({
      host: k.host,
      port: Number(k.port),
      algorithm: k.algorithm,
      fingerprint: k.fingerprint,
      trustedAt: k.trusted_at,
      resourceNames: resources
        .filter((r) => r.address === k.host && Number(r.port) === Number(k.port))
        .map((r) => r.name),
    }))
  }

  const secretStatus = async (resourceId: number) => {
    const row = await ctx.db
      .selectFrom('secret')
      .select('kind')
      .where('resource_id', '=', resourceId)
      .executeTakeFirst()
    return {
      resourceId,
      hasSecret: Boolean(row),
      kind: (row?.kind ?? null) as 'password' | 'passphrase' | null,
      store: secrets.store,
    }
  }

  return {
    list,

    /** Trusts the key a client presented in its last connection attempt, if it is the one the admin saw. */
    async trust(input: z.output<typeof trustHostKeyInput>): Promise<HostKeyDto> {
      const r = await getResource(ctx.db, input.resourceId)
      const key = presented.get(`${r.address}:${r.port}`)
      if (!key)
        throw new PatchbayError(
          'not-found',
          `${r.name} has not presented a host key yet: scan it first, then confirm the fingerprint`,
        )
      if (key.fingerprint !== input.fingerprint)
        throw new PatchbayError(
          'conflict',
          `${r.name} presented ${key.fingerprint}, not ${input.fingerprint}`,
          'fingerprint',
        )
      if (r.hostKeyFingerprint && r.hostKeyFingerprint !== key.fingerprint)
        throw new PatchbayError(
          'conflict',
          `${r.name} has a different trusted key (${r.hostKeyFingerprint}); remove it first if the change is legitimate`,
        )
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('host_key')
          .values({
            host: r.address,
            port: r.port,
            algorithm: key.algorithm,
            key: key.key,
            fingerprint: key.fingerprint,
            trusted_at: ctx.now(),
          })
          .onConflict((oc) => oc.columns(['host', 'port']).doNothing())
          .execute()
        await ctx.audit(
          trx,
          'info',
          'Client Access',
          String(r.id),
          `Host key ${key.fingerprint} of ${r.name} (${r.address}:${r.port}) trusted.`,
        )
      })
      presented.delete(`${r.address}:${r.port}`)
      announce(r.id)
      const trusted = (await list()).find((k) => k.host === r.address && k.port === r.port)
      return trusted!
    },

    /** Forgets a client's trusted host key, so its next (consented) connection can trust a new one. */
    async remove(input: z.output<typeof removeHostKeyInput>): Promise<{ deleted: number }> {
      const r = await getResource(ctx.db, input.resourceId)
      const deleted = await ctx.db.transaction().execute(async (trx) => {
        const result = await trx
          .deleteFrom('host_key')
          .where('host', '=', r.address)
          .where('port', '=', r.port)
          .executeTakeFirst()
        if (Number(result.numDeletedRows) > 0)
          await ctx.audit(
            trx,
            'warning',
            'Client Access',
            String(r.id),
            `Trusted host key of ${r.name} (${r.address}:${r.port}) removed.`,
          )
        return Number(result.numDeletedRows)
      })
      announce(r.id)
      return { deleted }
    },

    /** Encrypts and stores a client's password or key passphrase; only "a secret exists" is ever returned. */
    async setSecret(input: z.output<typeof setSecretInput>) {
      const r = await getResource(ctx.db, input.resourceId)
      const ciphertext = secrets.encrypt(input.value, secretContext(r.id, input.kind))
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('secret')
          .values({
            resource_id: r.id,
            kind: input.kind,
            store: secrets.store,
            ciphertext,
            created_at: ctx.now(),
          })
          .onConflict((oc) =>
            oc
              .column('resource_id')
              .doUpdateSet({ kind: input.kind, store: secrets.store, ciphertext, created_at: ctx.now() }),
          )
          .execute()
        await ctx.audit(
          trx,
          'info',
          'Client Access',
          String(r.id),
          `A ${input.kind} for ${r.name} was stored (${secrets.store}).`,
        )
      })
      announce(r.id)
      return secretStatus(r.id)
    },

    async clearSecret(input: z.output<typeof clearSecretInput>) {
      const r = await getResource(ctx.db, input.resourceId)
      await ctx.db.deleteFrom('secret').where('resource_id', '=', r.id).execute()
      announce(r.id)
      return secretStatus(r.id)
    },
  }
}
