import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  tokens,
} from '@fluentui/react-components'
import { AddRegular, DeleteRegular, EyeRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import {
  queryAttributes,
  queryOperators,
  queryRule,
  type CollectionRuleDto,
  type QueryCondition,
} from '../../../../shared/dto/collection'
import type { ResourceDto } from '../../../../shared/dto/resource'
import { useRoot } from '../../store-context'
import { toPatchbayError } from '../../transport/result'

type QueryRule = Extract<CollectionRuleDto, { kind: 'query' }>

const attributeLabels: Record<string, string> = {
  name: 'Name',
  address: 'IP address / host',
  platform: 'Platform',
  osFamily: 'OS family',
  osVersion: 'OS version',
  role: 'Site system role',
  listsAgeHours: 'Package lists age (hours, at last scan)',
  restartPending: 'Restart pending (true/false, at last scan)',
  servicesToRestart: 'Services to restart (count, at last scan)',
}
const operatorLabels: Record<string, string> = {
  equals: 'is equal to',
  notEquals: 'is not equal to',
  like: 'is like (* ?)',
  notLike: 'is not like',
  inRange: 'is in range (CIDR / a-b)',
  greaterThan: 'is greater than',
  lessThan: 'is less than',
}

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    padding: '10px',
    border: `1px solid ${tokens.colorBrandStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    background: tokens.colorNeutralBackground2,
  },
  top: { display: 'grid', gridTemplateColumns: '1fr auto', gap: '12px', alignItems: 'end' },
  cond: { display: 'grid', gridTemplateColumns: '150px 170px 1fr 32px', gap: '6px', alignItems: 'start' },
  buttons: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  preview: {
    maxHeight: '120px',
    overflow: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
    padding: '4px 8px',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
  },
  title: { fontWeight: tokens.fontWeightSemibold },
})

/** Edits one query rule: name, include/exclude, attribute/operator/value conditions, and a live Preview via collections:preview. */
export const QueryRuleEditor = observer(function QueryRuleEditor(props: {
  initial?: QueryRule
  limitingCollectionId: string | null
  onDone: (rule: QueryRule) => void
  onCancel: () => void
}) {
  const root = useRoot()
  const styles = useStyles()
  const [name, setName] = useState(props.initial?.name ?? '')
  const [effect, setEffect] = useState<'include' | 'exclude'>(props.initial?.effect ?? 'include')
  const [conditions, setConditions] = useState<QueryCondition[]>(
    props.initial?.conditions ?? [{ attribute: 'name', operator: 'like', value: '' }],
  )
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [preview, setPreview] = useState<ResourceDto[] | null>(null)
  const [previewError, setPreviewError] = useState<string | null>(null)
  const [previewing, setPreviewing] = useState(false)

  const build = (): QueryRule | null => {
    const result = queryRule.safeParse({ kind: 'query', effect, name, conditions })
    if (result.success) {
      setErrors({})
      return result.data as QueryRule
    }
    const next: Record<string, string> = {}
    for (const i of result.error.issues) next[i.path.map(String).join('.')] ??= i.message
    setErrors(next)
    return null
  }
  const runPreview = async () => {
    const rule = build()
    if (!rule) return
    setPreviewing(true)
    setPreviewError(null)
    try {
      const members = await root.collections.preview(
        [{ ...rule, effect: 'include' }],
        props.limitingCollectionId,
      )
      setPreview(members)
    } catch (err) {
      setPreviewError(toPatchbayError(err).message)
    } finally {
      setPreviewing(false)
    }
  }
  const setCond = (i: number, patch: Partial<QueryCondition>) => {
    setConditions((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)))
    setPreview(null)
  }

  return (
    <div className={styles.box} data-testid="query-rule-editor" role="group" aria-label="Query rule">
      <span className={styles.title}>{props.initial ? 'Edit query rule' : 'New query rule'}</span>
      <div className={styles.top}>
        <Field label="Rule name" required validationMessage={errors['name']}>
          <Input
            size="small"
            value={name}
            onChange={(_, d) => setName(d.value)}
            aria-label="Rule name"
            autoFocus
          />
        </Field>
        <RadioGroup
          layout="horizontal"
          value={effect}
          onChange={(_, d) => setEffect(d.value as 'include' | 'exclude')}
          aria-label="Rule effect"
        >
          <Radio value="include" label="Include matches" />
          <Radio value="exclude" label="Exclude matches" />
        </RadioGroup>
      </div>
      <span>Resources where all of these are true:</span>
      {conditions.map((c, i) => (
        <div className={styles.cond} key={i} data-testid="query-condition">
          <Select
            size="small"
            value={c.attribute}
            onChange={(_, d) => setCond(i, { attribute: d.value as QueryCondition['attribute'] })}
            aria-label={`Condition ${i + 1} attribute`}
          >
            {queryAttributes.map((a) => (
              <option key={a} value={a}>
                {attributeLabels[a]}
              </option>
            ))}
          </Select>
          <Select
            size="small"
            value={c.operator}
            onChange={(_, d) => setCond(i, { operator: d.value as QueryCondition['operator'] })}
            aria-label={`Condition ${i + 1} operator`}
          >
            {queryOperators.map((o) => (
              <option key={o} value={o}>
                {operatorLabels[o]}
              </option>
            ))}
          </Select>
          <Field validationMessage={errors[`conditions.${i}.value`]}>
            <Input
              size="small"
              value={c.value}
              onChange={(_, d) => setCond(i, { value: d.value })}
              aria-label={`Condition ${i + 1} value`}
              placeholder={
                c.operator === 'inRange'
                  ? '127.0.10.0/24'
                  : c.attribute === 'listsAgeHours'
                    ? '48'
                    : c.attribute === 'restartPending'
                      ? 'true'
                      : c.attribute === 'servicesToRestart'
                        ? '0'
                        : 'web-*'
              }
            />
          </Field>
          <Button
            size="small"
            appearance="subtle"
            icon={<DeleteRegular />}
            aria-label={`Remove condition ${i + 1}`}
            disabled={conditions.length === 1}
            onClick={() => setConditions((cs) => cs.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      {errors['conditions'] && (
        <MessageBar intent="error">
          <MessageBarBody>{errors['conditions']}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.buttons}>
        <Button
          size="small"
          icon={<AddRegular />}
          onClick={() =>
            setConditions((cs) => [...cs, { attribute: 'platform', operator: 'equals', value: '' }])
          }
        >
          Add condition
        </Button>
        <Button
          size="small"
          icon={<EyeRegular />}
          onClick={() => void runPreview()}
          data-testid="rule-preview"
        >
          Preview
        </Button>
        {previewing && <Spinner size="tiny" />}
        <span style={{ flexGrow: 1 }} />
        <Button
          size="small"
          appearance="primary"
          onClick={() => {
            const r = build()
            if (r) props.onDone(r)
          }}
          data-testid="rule-done"
        >
          {props.initial ? 'Update rule' : 'Add rule'}
        </Button>
        <Button size="small" onClick={props.onCancel}>
          Cancel
        </Button>
      </div>
      {previewError && (
        <MessageBar intent="error">
          <MessageBarBody>{previewError}</MessageBarBody>
        </MessageBar>
      )}
      {preview && (
        <div data-testid="rule-preview-result">
          <span>
            {preview.length === 1 ? '1 resource matches' : `${preview.length} resources match`}
            {props.limitingCollectionId ? ' within the limiting collection' : ''}:
          </span>
          <div className={styles.preview}>
            {preview.length === 0
              ? '(none)'
              : preview.map((r) => (
                  <div key={r.id} data-testid="preview-item">
                    {r.name} — {r.address} ({r.platform})
                  </div>
                ))}
          </div>
        </div>
      )}
    </div>
  )
})
