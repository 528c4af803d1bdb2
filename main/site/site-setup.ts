import type { CollectionRuleDto } from '../../shared/dto/collection'
import { formatSmsId } from '../../shared/ids'
import { stateNames, stateTopics } from '../../shared/state-names'
import type { Kysely } from 'kysely'
import { schemaVersion } from './site-db'
import type { SiteDatabase } from './schema'

/** A built-in collection every new site gets, in ID order. */
interface BuiltInCollection {
  name: string
  comment: string
  rules: CollectionRuleDto[]
}

const q = (name: string, attribute: string, operator: string, value: string): CollectionRuleDto =>
  ({
    kind: 'query',
    effect: 'include',
    name,
    conditions: [{ attribute, operator, value }],
  }) as CollectionRuleDto

/** The built-in collections a ConfigMgr admin expects; the first (All Systems) limits the others. */
export const builtInCollections: readonly BuiltInCollection[] = [
  {
    name: 'All Systems',
    comment: 'Every client resource of the site.',
    rules: [q('All resources', 'name', 'like', '*')],
  },
  {
    name: 'All Windows Systems',
    comment: 'Every Windows client.',
    rules: [q('Windows', 'osFamily', 'equals', 'windows')],
  },
  {
    name: 'All Linux Systems',
    comment: 'Every Linux client.',
    rules: [q('Linux', 'osFamily', 'equals', 'linux')],
  },
  {
    name: 'All Debian and Ubuntu Systems',
    comment: 'Linux clients patched with apt.',
    rules: [q('Debian family', 'platform', 'equals', 'debian')],
  },
  {
    name: 'All Red Hat Systems',
    comment: 'Linux clients patched with dnf.',
    rules: [q('Red Hat family', 'platform', 'equals', 'rhel')],
  },
  {
    name: 'All SUSE Systems',
    comment: 'Linux clients patched with zypper.',
    rules: [q('SUSE family', 'platform', 'equals', 'suse')],
  },
  {
    name: 'All Unknown Computers',
    comment: 'Resources whose platform is not known yet (never reached).',
    rules: [q('Unknown platform', 'platform', 'equals', 'unknown')],
  },
  {
    name: 'All Site Systems',
    comment: 'Resources that hold a site system role.',
    rules: [q('Any role', 'role', 'like', '*')],
  },
]

/** Writes a new site: its row, the ID sequence, state names and the built-in collections. */
export async function seedSite(
  db: Kysely<SiteDatabase>,
  code: string,
  name: string,
  now: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('site')
      .values({ code, name, schema_version: schemaVersion, created_at: now })
      .execute()
    await trx
      .insertInto('id_sequence')
      .values({ name: 'object', next_value: builtInCollections.length + 1 })
      .execute()
    await trx
      .insertInto('state_topic')
      .values(stateTopics.map((t) => ({ topic_type: t.topicType, name: t.name, state_values: t.values })))
      .execute()
    await trx
      .insertInto('state_name')
      .values(
        stateNames.map((s) => ({ topic_type: s.topicType, state_id: s.stateId, state_name: s.stateName })),
      )
      .execute()
    const allSystems = formatSmsId(code, 1)
    for (const [index, c] of builtInCollections.entries()) {
      const id = formatSmsId(code, index + 1)
      await trx
        .insertInto('collection')
        .values({
          id,
          name: c.name,
          comment: c.comment,
          parent_id: null,
          limiting_collection_id: index === 0 ? null : allSystems,
          built_in: 1,
          created_at: now,
          updated_at: now,
        })
        .execute()
      for (const [position, rule] of c.rules.entries()) {
        if (rule.kind !== 'query') continue
        await trx
          .insertInto('collection_rule')
          .values({
            collection_id: id,
            position,
            kind: rule.kind,
            effect: rule.effect,
            resource_id: null,
            name: rule.name,
            conditions: JSON.stringify(rule.conditions),
          })
          .execute()
      }
    }
    await trx
      .insertInto('audit_event')
      .values({
        time: now,
        severity: 'info',
        component: 'Site Component Manager',
        object_id: code,
        message: `Site ${code} "${name}" created with ${builtInCollections.length} built-in collections.`,
      })
      .execute()
  })
}
