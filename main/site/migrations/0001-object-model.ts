import { sql, type Kysely, type CreateTableBuilder } from 'kysely'
import type { SiteDbKind } from '../site-db'

type AnyDb = Kysely<unknown>

/** The first schema: every table of the SMS object model in DESIGN.md. */
export function objectModelMigration(kind: SiteDbKind) {
  const serial = <T extends string>(t: CreateTableBuilder<T, never>) =>
    kind === 'postgres'
      ? t.addColumn('id', 'serial', (c) => c.primaryKey())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())

  return {
    async up(db: AnyDb): Promise<void> {
      const s = db.schema
      await s
        .createTable('site')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('schema_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await s
        .createTable('id_sequence')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('next_value', 'integer', (c) => c.notNull())
        .execute()
      await serial(s.createTable('resource'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('port', 'integer', (c) => c.notNull())
        .addColumn('user', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('os_version', 'text', (c) => c.notNull())
        .addColumn('roles', 'text', (c) => c.notNull())
        .addColumn('simulated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await s
        .createIndex('resource_name_unique')
        .unique()
        .on('resource')
        .expression(sql`lower(name)`)
        .execute()

      await s
        .createTable('collection')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('comment', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text', (c) => c.references('collection.id'))
        .addColumn('limiting_collection_id', 'text', (c) => c.references('collection.id'))
        .addColumn('built_in', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await s
        .createIndex('collection_name_unique')
        .unique()
        .on('collection')
        .expression(sql`lower(name)`)
        .execute()
      await serial(s.createTable('collection_rule'))
        .addColumn('collection_id', 'text', (c) =>
          c.notNull().references('collection.id').onDelete('cascade'),
        )
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('effect', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'integer', (c) => c.references('resource.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('conditions', 'text', (c) => c.notNull())
        .execute()
      await s
        .createIndex('collection_rule_collection')
        .on('collection_rule')
        .column('collection_id')
        .execute()
      await s
        .createTable('collection_member')
        .addColumn('collection_id', 'text', (c) =>
          c.notNull().references('collection.id').onDelete('cascade'),
        )
        .addColumn('resource_id', 'integer', (c) => c.notNull().references('resource.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('collection_member_pk', ['collection_id', 'resource_id'])
        .execute()
      await s
        .createIndex('collection_member_resource')
        .on('collection_member')
        .column('resource_id')
        .execute()

      await s
        .createTable('package')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('manufacturer', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('comment', 'text', (c) => c.notNull())
        .addColumn('source_path', 'text', (c) => c.notNull())
        .addColumn('sending_priority', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await s
        .createIndex('package_name_version_unique')
        .unique()
        .on('package')
        .expression(sql`lower(name), lower(version)`)
        .execute()
      await s
        .createTable('program')
        .addColumn('package_id', 'text', (c) => c.notNull().references('package.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('command_line', 'text', (c) => c.notNull())
        .addColumn('comment', 'text', (c) => c.notNull())
        .addColumn('run_window', 'text', (c) => c.notNull())
        .addColumn('run_mode', 'text', (c) => c.notNull())
        .addColumn('after_running', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('max_run_minutes', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('program_pk', ['package_id', 'name'])
        .execute()
      await s
        .createTable('package_file')
        .addColumn('package_id', 'text', (c) => c.notNull().references('package.id').onDelete('cascade'))
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('package_file_pk', ['package_id', 'path'])
        .execute()
      await s
        .createTable('package_dp_status')
        .addColumn('package_id', 'text', (c) => c.notNull().references('package.id').onDelete('cascade'))
        .addColumn('resource_id', 'integer', (c) => c.notNull().references('resource.id').onDelete('cascade'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('package_dp_status_pk', ['package_id', 'resource_id'])
        .execute()

      await s
        .createTable('advertisement')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('comment', 'text', (c) => c.notNull())
        .addColumn('package_id', 'text', (c) => c.notNull().references('package.id'))
        .addColumn('program_name', 'text', (c) => c.notNull())
        .addColumn('collection_id', 'text', (c) => c.notNull().references('collection.id'))
        .addColumn('include_sub_collections', 'integer', (c) => c.notNull())
        .addColumn('available_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('mandatory', 'integer', (c) => c.notNull())
        .addColumn('assignments', 'text', (c) => c.notNull())
        .addColumn('rerun', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await s
        .createTable('advertisement_status')
        .addColumn('advertisement_id', 'text', (c) =>
          c.notNull().references('advertisement.id').onDelete('cascade'),
        )
        .addColumn('resource_id', 'integer', (c) => c.notNull().references('resource.id').onDelete('cascade'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('advertisement_status_pk', ['advertisement_id', 'resource_id'])
        .execute()

      await s
        .createTable('software_update')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('vendor', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('kb', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('classification', 'text', (c) => c.notNull())
        .addColumn('product', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('severity', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('package', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('version', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('suite', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('release_date', 'text')
        .addColumn('size', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('sha256', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('superseded_by', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await s
        .createTable('update_file')
        .addColumn('update_id', 'text', (c) =>
          c.notNull().references('software_update.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('update_file_pk', ['update_id', 'name'])
        .execute()
      await s
        .createTable('update_list')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('comment', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await s
        .createTable('update_list_item')
        .addColumn('list_id', 'text', (c) => c.notNull().references('update_list.id').onDelete('cascade'))
        .addColumn('update_id', 'text', (c) => c.notNull().references('software_update.id'))
        .addPrimaryKeyConstraint('update_list_item_pk', ['list_id', 'update_id'])
        .execute()
      await serial(s.createTable('deployment_template'))
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await s
        .createTable('deployment')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('collection_id', 'text', (c) => c.notNull().references('collection.id'))
        .addColumn('update_list_id', 'text', (c) => c.references('update_list.id'))
        .addColumn('template_id', 'integer', (c) => c.references('deployment_template.id'))
        .addColumn('available_at', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text')
        .addColumn('mandatory', 'integer', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await s
        .createTable('deployment_package')
        .addColumn('deployment_id', 'text', (c) =>
          c.notNull().references('deployment.id').onDelete('cascade'),
        )
        .addColumn('package_id', 'text', (c) => c.notNull().references('package.id'))
        .addPrimaryKeyConstraint('deployment_package_pk', ['deployment_id', 'package_id'])
        .execute()
      await serial(s.createTable('maintenance_window'))
        .addColumn('collection_id', 'text', (c) =>
          c.notNull().references('collection.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('start_at', 'text', (c) => c.notNull())
        .addColumn('duration_minutes', 'integer', (c) => c.notNull())
        .addColumn('recurrence', 'text', (c) => c.notNull())
        .execute()

      await s
        .createTable('state_topic')
        .addColumn('topic_type', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('state_values', 'text', (c) => c.notNull())
        .execute()
      await s
        .createTable('state_name')
        .addColumn('topic_type', 'integer', (c) => c.notNull())
        .addColumn('state_id', 'integer', (c) => c.notNull())
        .addColumn('state_name', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('state_name_pk', ['topic_type', 'state_id'])
        .execute()
      await serial(s.createTable('state_message'))
        .addColumn('resource_id', 'integer', (c) => c.notNull().references('resource.id').onDelete('cascade'))
        .addColumn('topic_type', 'integer', (c) => c.notNull())
        .addColumn('state_id', 'integer', (c) => c.notNull())
        .addColumn('update_id', 'text')
        .addColumn('object_id', 'text')
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute()
      await s
        .createIndex('state_message_resource_topic')
        .on('state_message')
        .columns(['resource_id', 'topic_type', 'update_id'])
        .execute()
      await s
        .createTable('compliance_summary')
        .addColumn('object_kind', 'text', (c) => c.notNull())
        .addColumn('object_id', 'text', (c) => c.notNull())
        .addColumn('topic_type', 'integer', (c) => c.notNull())
        .addColumn('state_id', 'integer', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('compliance_summary_pk', [
          'object_kind',
          'object_id',
          'topic_type',
          'state_id',
        ])
        .execute()

      await serial(s.createTable('job'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('object_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .execute()
      await serial(s.createTable('job_step'))
        .addColumn('job_id', 'integer', (c) => c.notNull().references('job.id').onDelete('cascade'))
        .addColumn('resource_id', 'integer', (c) => c.references('resource.id'))
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('output', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .execute()

      await s
        .createTable('inventory_hardware')
        .addColumn('resource_id', 'integer', (c) =>
          c.primaryKey().references('resource.id').onDelete('cascade'),
        )
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('collected_at', 'text', (c) => c.notNull())
        .execute()
      await s
        .createTable('inventory_software')
        .addColumn('resource_id', 'integer', (c) => c.notNull().references('resource.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('arch', 'text', (c) => c.notNull())
        .addColumn('collected_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('inventory_software_pk', ['resource_id', 'name', 'arch'])
        .execute()
      await serial(s.createTable('inventory_history'))
        .addColumn('resource_id', 'integer', (c) => c.notNull().references('resource.id').onDelete('cascade'))
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('change', 'text', (c) => c.notNull())
        .execute()
      await serial(s.createTable('audit_event'))
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('component', 'text', (c) => c.notNull())
        .addColumn('object_id', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .execute()
    },
  }
}
