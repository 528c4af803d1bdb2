import { sql, type Kysely } from 'kysely'
import type { SiteDbKind } from '../site-db'

/**
 * Per-update counts of client states (update_state_count), so the Update Repository reads a few thousand
 * counters instead of grouping every client's states (3 s at 10,000 clients × 2,000 updates). The scan path
 * keeps them in step as it writes (main/core/client-jobs/state-ingest.ts); rows leaving client_update_state — a client
 * or an update deleted, by cascade — are subtracted by a trigger.
 */
export function updateStateCountsMigration(kind: SiteDbKind) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('update_state_count')
        .addColumn('update_id', 'text', (c) =>
          c.notNull().references('software_update.id').onDelete('cascade'),
        )
        .addColumn('state_id', 'integer', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('update_state_count_pk', ['update_id', 'state_id'])
        .execute()
      await sql`insert into update_state_count (update_id, state_id, n)
        select update_id, state_id, count(*) from client_update_state group by update_id, state_id`.execute(
        db,
      )
      if (kind === 'postgres') {
        await sql`create function update_state_count_forget() returns trigger language plpgsql as $$
          begin
            update update_state_count set n = n - 1
              where update_id = old.update_id and state_id = old.state_id;
            return null;
          end $$`.execute(db)
        await sql`create trigger client_update_state_forget after delete on client_update_state
          for each row execute function update_state_count_forget()`.execute(db)
      } else {
        await sql`create trigger client_update_state_forget after delete on client_update_state begin
            update update_state_count set n = n - 1
              where update_id = old.update_id and state_id = old.state_id;
          end`.execute(db)
      }
    },
  }
}
