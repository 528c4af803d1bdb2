import { Checkbox, Input, makeStyles, tokens } from '@fluentui/react-components'
import { SearchRegular } from '@fluentui/react-icons'
import { useVirtualizer } from '@tanstack/react-virtual'
import { observer } from 'mobx-react-lite'
import { useMemo, useRef, useState } from 'react'
import type { ResourceDto } from '../../../../shared/dto/resource'

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: '6px' },
  list: {
    height: '220px',
    overflow: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
  },
  item: {
    position: 'absolute',
    left: 0,
    right: 0,
    height: '28px',
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
  },
  meta: { color: tokens.colorNeutralForeground3 },
})

/** A filterable, virtualized checklist of resources. */
export const ResourcePicker = observer(function ResourcePicker(props: {
  resources: ResourceDto[]
  selected: ReadonlySet<number>
  onChange: (next: Set<number>) => void
  label: string
}) {
  const styles = useStyles()
  const [filter, setFilter] = useState('')
  const ref = useRef<HTMLDivElement>(null)
  const shown = useMemo(() => {
    const n = filter.trim().toLowerCase()
    const list = n
      ? props.resources.filter((r) =>
          `${r.name} ${r.address} ${r.platform} ${r.osVersion}`.toLowerCase().includes(n),
        )
      : props.resources
    return [...list].sort((a, b) => a.name.localeCompare(b.name))
  }, [props.resources, filter])
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => ref.current,
    estimateSize: () => 28,
    overscan: 8,
  })
  const toggle = (id: number, on: boolean) => {
    const next = new Set(props.selected)
    if (on) next.add(id)
    else next.delete(id)
    props.onChange(next)
  }
  return (
    <div className={styles.box}>
      <Input
        size="small"
        contentBefore={<SearchRegular />}
        placeholder="Find resources by name, address, platform…"
        value={filter}
        onChange={(_, d) => setFilter(d.value)}
        aria-label="Find resources"
      />
      <div
        ref={ref}
        className={styles.list}
        role="group"
        aria-label={props.label}
        data-testid="resource-picker"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const r = shown[v.index]!
            return (
              <div key={r.id} className={styles.item} style={{ transform: `translateY(${v.start}px)` }}>
                <Checkbox
                  checked={props.selected.has(r.id)}
                  onChange={(_, d) => toggle(r.id, !!d.checked)}
                  label={
                    <span>
                      {r.name}{' '}
                      <span className={styles.meta}>
                        — {r.address} · {r.platform}
                      </span>
                    </span>
                  }
                />
              </div>
            )
          })}
        </div>
      </div>
      <span className={styles.meta}>
        {props.selected.size} of {props.resources.length} selected
      </span>
    </div>
  )
})
