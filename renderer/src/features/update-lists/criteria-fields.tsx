import { Checkbox, Field, Input, makeStyles, Radio, RadioGroup, tokens } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useEffect } from 'react'
import type { UpdateCriteria } from '../../../../shared/dto/update-criteria'
import { useRoot } from '../../store-context'
import type { FormState } from '../../shell/dialogs/use-form'

/** Criteria as the form edits them (lists as text, numbers as text). */
export interface CriteriaDraft {
  classifications: string[]
  severities: string[]
  products: string
  vendors: string
  text: string
  minAgeDays: string
  maxAgeDays: string
  superseded: UpdateCriteria['superseded']
  minRequired: string
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/** A draft of saved criteria (or of empty criteria: everything current, superseded excluded). */
export function criteriaDraft(c?: UpdateCriteria): CriteriaDraft {
  return {
    classifications: c?.classifications ?? [],
    severities: c?.severities ?? [],
    products: c?.products.join(', ') ?? '',
    vendors: c?.vendors.join(', ') ?? '',
    text: c?.text ?? '',
    minAgeDays: c?.minAgeDays === null || c?.minAgeDays === undefined ? '' : String(c.minAgeDays),
    maxAgeDays: c?.maxAgeDays === null || c?.maxAgeDays === undefined ? '' : String(c.maxAgeDays),
    superseded: c?.superseded ?? 'exclude',
    minRequired: c?.minRequired ? String(c.minRequired) : '',
  }
}

const whole = (v: string) => (v.trim() === '' ? null : /^\d+$/.test(v.trim()) ? Number(v) : NaN)

/** The criteria a draft stands for, and the field errors of numbers that are not whole numbers. */
export function criteriaOf(
  d: CriteriaDraft,
  prefix = 'criteria',
): { criteria: UpdateCriteria; errors: Record<string, string | false> } {
  const minAgeDays = whole(d.minAgeDays)
  const maxAgeDays = whole(d.maxAgeDays)
  const minRequired = whole(d.minRequired)
  const bad = (n: number | null) => n !== null && Number.isNaN(n)
  return {
    criteria: {
      classifications: d.classifications,
      severities: d.severities,
      products: list(d.products),
      vendors: list(d.vendors),
      text: d.text.trim(),
      minAgeDays: bad(minAgeDays) ? null : minAgeDays,
      maxAgeDays: bad(maxAgeDays) ? null : maxAgeDays,
      superseded: d.superseded,
      minRequired: bad(minRequired) ? 0 : (minRequired ?? 0),
    },
    errors: {
      [`${prefix}.minAgeDays`]: bad(minAgeDays) && 'must be a whole number of days',
      [`${prefix}.maxAgeDays`]: bad(maxAgeDays) && 'must be a whole number of days',
      [`${prefix}.minRequired`]: bad(minRequired) && 'must be a whole number of clients',
      ...(minAgeDays !== null && maxAgeDays !== null && minAgeDays > maxAgeDays
        ? { [`${prefix}.maxAgeDays`]: 'must be at least the minimum age' }
        : {}),
    },
  }
}

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '10px 16px' },
  checks: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: '4px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '2px 4px',
    minHeight: '32px',
  },
  none: { color: tokens.colorNeutralForeground3, padding: '6px' },
})

const defaultClassifications = [
  'Security Updates',
  'Critical Updates',
  'Updates',
  'Update Rollups',
  'Service Packs',
]
const defaultSeverities = ['Critical', 'Important', 'Moderate', 'Low']

/** The criteria editor shared by automatic rules and search folders (ConfigMgr ADR-style). */
export const CriteriaFields = observer(function CriteriaFields(props: {
  draft: CriteriaDraft
  onChange: (d: CriteriaDraft) => void
  form: FormState
  /** Search folders add "required by at least N clients". */
  withRequired?: boolean
  prefix?: string
}) {
  const root = useRoot()
  const styles = useStyles()
  const { draft, form } = props
  const prefix = props.prefix ?? 'criteria'
  const set = <K extends keyof CriteriaDraft>(k: K, v: CriteriaDraft[K]) =>
    props.onChange({ ...draft, [k]: v })
  useEffect(() => root.updates.ensureLoaded(), [root])
  const known = (values: string[], fallback: string[], chosen: string[]) =>
    [...new Set([...(values.length ? values : fallback), ...chosen])].filter(Boolean).sort()
  const classifications = known(root.updates.classifications, defaultClassifications, draft.classifications)
  const severities = known(
    [...new Set(root.updates.items.map((u) => u.severity))],
    defaultSeverities,
    draft.severities,
  )
  const toggle = (k: 'classifications' | 'severities', v: string, on: boolean) =>
    set(k, on ? [...draft[k], v] : draft[k].filter((x) => x !== v))
  const err = (name: string) => form.fieldError(`${prefix}.${name}`)
  return (
    <>
      <Field
        label="Classification (any of; none ticked = every classification)"
        validationMessage={err('classifications')}
      >
        <div className={styles.checks} data-testid="criteria-classifications">
          {classifications.map((c) => (
            <Checkbox
              key={c}
              label={c}
              checked={draft.classifications.includes(c)}
              onChange={(_, d) => toggle('classifications', c, !!d.checked)}
            />
          ))}
        </div>
      </Field>
      <Field label="Severity (any of; none ticked = every severity)" validationMessage={err('severities')}>
        <div className={styles.checks} data-testid="criteria-severities">
          {severities.map((s) => (
            <Checkbox
              key={s}
              label={s}
              checked={draft.severities.includes(s)}
              onChange={(_, d) => toggle('severities', s, !!d.checked)}
            />
          ))}
        </div>
      </Field>
      <div className={styles.grid}>
        <Field label="Product (comma-separated, any of)" validationMessage={err('products')}>
          <Input
            value={draft.products}
            onChange={(_, d) => set('products', d.value)}
            placeholder="Debian 12, Windows 11"
          />
        </Field>
        <Field label="Vendor (comma-separated)" validationMessage={err('vendors')}>
          <Input
            value={draft.vendors}
            onChange={(_, d) => set('vendors', d.value)}
            placeholder="debian, microsoft"
          />
        </Field>
        <Field label="Text in title, package, KB or description" validationMessage={err('text')}>
          <Input value={draft.text} onChange={(_, d) => set('text', d.value)} data-testid="criteria-text" />
        </Field>
        {props.withRequired ? (
          <Field label="Required by at least (clients)" validationMessage={err('minRequired')}>
            <Input
              value={draft.minRequired}
              onChange={(_, d) => set('minRequired', d.value)}
              placeholder="0 = any"
              data-testid="criteria-min-required"
            />
          </Field>
        ) : (
          <div />
        )}
        <Field label="Released at least (days ago)" validationMessage={err('minAgeDays')}>
          <Input
            value={draft.minAgeDays}
            onChange={(_, d) => set('minAgeDays', d.value)}
            placeholder="any age"
          />
        </Field>
        <Field label="Released at most (days ago)" validationMessage={err('maxAgeDays')}>
          <Input
            value={draft.maxAgeDays}
            onChange={(_, d) => set('maxAgeDays', d.value)}
            placeholder="any age"
          />
        </Field>
      </div>
      <Field label="Superseded updates" validationMessage={err('superseded')}>
        <RadioGroup
          layout="horizontal"
          value={draft.superseded}
          onChange={(_, d) => set('superseded', d.value as CriteriaDraft['superseded'])}
        >
          <Radio value="exclude" label="Exclude (default)" />
          <Radio value="include" label="Include" />
          <Radio value="only" label="Only superseded" />
        </RadioGroup>
      </Field>
    </>
  )
})
