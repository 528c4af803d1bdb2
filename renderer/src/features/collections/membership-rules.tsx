import { Button, makeStyles, mergeClasses, Radio, RadioGroup, tokens } from '@fluentui/react-components'
import { AddRegular, DeleteRegular, EditRegular, EyeRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import type { CollectionRuleDto } from '../../../../shared/dto/collection'
import type { ResourceDto } from '../../../../shared/dto/resource'
import { useRoot } from '../../store-context'
import { toPatchbayError } from '../../transport/result'
import { describeRule } from '../../shell/details-pane'
import { QueryRuleEditor } from './query-rule-editor'
import { ResourcePicker } from '../resources/resource-picker'

type QueryRule = Extract<CollectionRuleDto, { kind: 'query' }>

const useStyles = makeStyles({
  table: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    minHeight: '96px',
    maxHeight: '150px',
    overflow: 'auto',
    background: tokens.colorNeutralBackground1,
  },
  head: {
    display: 'grid',
    gridTemplateColumns: '70px 70px 1fr',
    background: tokens.colorNeutralBackground3,
    padding: '2px 6px',
    fontWeight: tokens.fontWeightSemibold,
    position: 'sticky',
    top: 0,
  },
  rule: {
    display: 'grid',
    gridTemplateColumns: '70px 70px 1fr',
    padding: '2px 6px',
    cursor: 'default',
    ':hover': { background: tokens.colorSubtleBackgroundHover },
  },
  selected: {
    background: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { background: tokens.colorBrandBackgroundHover },
  },
  cell: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  buttons: { display: 'flex', gap: '6px', flexWrap: 'wrap', alignItems: 'center' },
  hint: { color: tokens.colorNeutralForeground3 },
  direct: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    padding: '10px',
    border: `1px solid ${tokens.colorBrandStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    background: tokens.colorNeutralBackground2,
  },
  preview: { color: tokens.colorNeutralForeground2 },
  empty: { padding: '8px', color: tokens.colorNeutralForeground3 },
})

/** The Membership Rules tab: the rule list, add Direct / Query rules, edit, delete, preview the whole set. */
export const MembershipRules = observer(function MembershipRules(props: {
  rules: CollectionRuleDto[]
  onChange: (rules: CollectionRuleDto[]) => void
  limitingCollectionId: string | null
  error?: string
}) {
  const root = useRoot()
  const styles = useStyles()
  const [selected, setSelected] = useState<number | null>(null)
  const [editing, setEditing] = useState<{ mode: 'query'; index: number | null } | { mode: 'direct' } | null>(
    null,
  )
  const [directIds, setDirectIds] = useState<Set<number>>(new Set())
  const [directEffect, setDirectEffect] = useState<'include' | 'exclude'>('include')
  const [setPreview, setSetPreview] = useState<ResourceDto[] | string | null>(null)
  const resourceName = (id: number) => root.resources.byId.get(id)?.name ?? `#${id}`
  const { rules } = props

  const change = (next: CollectionRuleDto[]) => {
    props.onChange(next)
    setSetPreview(null)
  }
  const previewAll = async () => {
    try {
      setSetPreview(await root.collections.preview(rules, props.limitingCollectionId))
    } catch (err) {
      setSetPreview(toPatchbayError(err).message)
    }
  }
  const current = selected !== null ? rules[selected] : undefined

  return (
    <>
      <div className={styles.table} role="listbox" aria-label="Membership rules" data-testid="rule-list">
        <div className={styles.head} aria-hidden>
          <span>Type</span>
          <span>Effect</span>
          <span>Rule</span>
        </div>
        {rules.length === 0 && (
          <div className={styles.empty}>
            No rules: the collection has no members. Add a query rule (members follow the conditions) or a
            direct rule (named resources).
          </div>
        )}
        {rules.map((r, i) => (
          <div
            key={i}
            role="option"
            aria-selected={selected === i}
            className={mergeClasses(styles.rule, selected === i && styles.selected)}
            onClick={() => setSelected(i)}
            onDoubleClick={() => r.kind === 'query' && setEditing({ mode: 'query', index: i })}
            data-testid="rule-item"
          >
            <span className={styles.cell}>{r.kind === 'query' ? 'Query' : 'Direct'}</span>
            <span className={styles.cell}>{r.effect === 'exclude' ? 'Exclude' : 'Include'}</span>
            <span className={styles.cell} title={describeRule(r, resourceName)}>
              {r.kind === 'query'
                ? `${r.name}: ${r.conditions.map((c) => `${c.attribute} ${c.operator} "${c.value}"`).join(' and ')}`
                : resourceName(r.resourceId)}
            </span>
          </div>
        ))}
      </div>
      {props.error && <span style={{ color: tokens.colorPaletteRedForeground1 }}>{props.error}</span>}
      <div className={styles.buttons}>
        <Button
          size="small"
          icon={<AddRegular />}
          onClick={() => setEditing({ mode: 'query', index: null })}
          disabled={!!editing}
          data-testid="add-query-rule"
        >
          New Query Rule
        </Button>
        <Button
          size="small"
          icon={<AddRegular />}
          onClick={() => {
            setDirectIds(new Set())
            setEditing({ mode: 'direct' })
          }}
          disabled={!!editing}
          data-testid="add-direct-rule"
        >
          New Direct Rule…
        </Button>
        <Button
          size="small"
          icon={<EditRegular />}
          disabled={current?.kind !== 'query' || !!editing}
          onClick={() => setEditing({ mode: 'query', index: selected })}
        >
          Edit
        </Button>
        <Button
          size="small"
          icon={<DeleteRegular />}
          disabled={!current || !!editing}
          onClick={() => {
            change(rules.filter((_, j) => j !== selected))
            setSelected(null)
          }}
          data-testid="delete-rule"
        >
          Delete
        </Button>
        <Button
          size="small"
          icon={<EyeRegular />}
          disabled={!!editing}
          onClick={() => void previewAll()}
          data-testid="preview-membership"
        >
          Preview Membership
        </Button>
      </div>
      {setPreview !== null && (
        <span className={styles.preview} data-testid="membership-preview">
          {typeof setPreview === 'string'
            ? setPreview
            : `With these rules the collection has ${setPreview.length} member${setPreview.length === 1 ? '' : 's'}${
                setPreview.length
                  ? `: ${setPreview
                      .slice(0, 12)
                      .map((r) => r.name)
                      .join(', ')}${setPreview.length > 12 ? ', …' : ''}`
                  : ''
              }.`}
        </span>
      )}
      {editing?.mode === 'query' && (
        <QueryRuleEditor
          key={editing.index ?? 'new'}
          initial={editing.index !== null ? (rules[editing.index] as QueryRule) : undefined}
          limitingCollectionId={props.limitingCollectionId}
          onCancel={() => setEditing(null)}
          onDone={(rule) => {
            change(
              editing.index === null
                ? [...rules, rule]
                : rules.map((r, j) => (j === editing.index ? rule : r)),
            )
            setEditing(null)
          }}
        />
      )}
      {editing?.mode === 'direct' && (
        <div className={styles.direct} data-testid="direct-rule-editor">
          <ResourcePicker
            resources={root.resources.items}
            selected={directIds}
            onChange={setDirectIds}
            label="Resources for direct rules"
          />
          <div className={styles.buttons}>
            <RadioGroup
              layout="horizontal"
              value={directEffect}
              onChange={(_, d) => setDirectEffect(d.value as 'include' | 'exclude')}
            >
              <Radio value="include" label="Include" />
              <Radio value="exclude" label="Exclude" />
            </RadioGroup>
            <span style={{ flexGrow: 1 }} />
            <Button
              size="small"
              appearance="primary"
              disabled={directIds.size === 0}
              onClick={() => {
                const existing = new Set(
                  rules
                    .filter((r) => r.kind === 'direct')
                    .map((r) => (r as { resourceId: number }).resourceId),
                )
                const added = [...directIds]
                  .filter((id) => !existing.has(id))
                  .map((resourceId) => ({ kind: 'direct' as const, effect: directEffect, resourceId }))
                change([...rules, ...added])
                setEditing(null)
              }}
            >
              Add {directIds.size || ''} direct rule{directIds.size === 1 ? '' : 's'}
            </Button>
            <Button size="small" onClick={() => setEditing(null)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
    </>
  )
})
