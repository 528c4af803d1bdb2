import { Button, Checkbox, Text } from '@fluentui/react-components'
import { InfoRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { formatBytes, plural } from '../../lib/format'
import type { WizardStore } from './wizard-store'
import { usePageStyles } from './wizard-pages'

/** Opens the vendor's bulletin or changelog in the browser (Electron hands it to the system browser). */
export function openInformation(url: string): void {
  window.open(url, '_blank', 'noopener,noreferrer')
}

/** Select Updates: the applicable updates of the chosen type with Required/Installed counts and Information. */
export const UpdatesPage = observer(function UpdatesPage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  const inPackage = new Set(w.existing?.updateIds ?? [])
  const focus = w.candidates.find((c) => c.id === w.focusUpdate)
  const all = w.candidates.length > 0 && w.selected.size === w.candidates.length
  if (w.candidates.length === 0 && !w.busy)
    return (
      <Text>
        {w.mode === 'offline'
          ? 'The snapshot has no update of this type.'
          : 'No client reported an update of this type as required or installed — scan clients, or choose another type.'}
      </Text>
    )
  return (
    <>
      <div className={s.actions}>
        <Checkbox
          checked={all ? true : w.selected.size ? 'mixed' : false}
          onChange={(_, d) => w.selectAll(d.checked === true)}
          label="Select all"
        />
        <Text className={s.note} data-testid="wizard-selected-count">
          {w.selected.size} of {plural(w.candidates.length, 'update')} selected
          {w.existing ? ` — ${w.addedUpdates.length} to add, ${w.removedUpdates.length} to remove` : ''}
        </Text>
        <span style={{ flexGrow: 1 }} />
        <Button
          icon={<InfoRegular />}
          disabled={!focus}
          onClick={() => focus && openInformation(focus.infoUrl)}
          title={focus ? focus.infoUrl : 'Select an update first'}
        >
          Information
        </Button>
      </div>
      <div className={s.listBox}>
        <table className={s.table} aria-label="Software updates">
          <colgroup>
            <col style={{ width: 34 }} />
            <col />
            <col style={{ width: 140 }} />
            <col style={{ width: 170 }} />
            <col style={{ width: 74 }} />
            <col style={{ width: 70 }} />
            <col style={{ width: 84 }} />
          </colgroup>
          <thead>
            <tr>
              <th className={s.th} aria-label="Include" />
              <th className={s.th}>Title</th>
              <th className={s.th}>KB / Package</th>
              <th className={s.th}>Version</th>
              <th className={`${s.th} ${s.num}`}>Required</th>
              <th className={`${s.th} ${s.num}`}>Installed</th>
              <th className={`${s.th} ${s.num}`}>Size</th>
            </tr>
          </thead>
          <tbody>
            {w.candidates.map((c) => (
              <tr
                key={c.id}
                className={w.focusUpdate === c.id ? s.rowSelected : undefined}
                onClick={() => w.focusOn(c.id)}
                data-testid="wizard-update-row"
                data-id={c.id}
                data-files={c.files}
              >
                <td className={s.td}>
                  <Checkbox
                    checked={w.selected.has(c.id)}
                    onChange={(_, d) => w.toggle(c.id, d.checked === true)}
                    aria-label={`Include ${c.title}`}
                  />
                </td>
                <td className={s.td} title={c.title}>
                  {c.title}
                  {inPackage.has(c.id) ? <span className={s.note}> (in package)</span> : null}
                </td>
                <td className={s.td}>{c.kb || c.package}</td>
                <td className={s.td} title={c.version}>
                  {c.version}
                </td>
                <td className={`${s.td} ${s.num}`}>{w.mode === 'offline' ? '—' : c.required}</td>
                <td className={`${s.td} ${s.num}`}>{w.mode === 'offline' ? '—' : c.installed}</td>
                <td className={`${s.td} ${s.num}`}>
                  {c.files === 0 ? (
                    <span className={s.bad} title="No downloadable file in the catalog">
                      no file
                    </span>
                  ) : (
                    formatBytes(c.size)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
})
