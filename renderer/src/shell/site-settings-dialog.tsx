import { Field, Input } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { siteSettingsDto } from '../../../shared/dto/site'
import { useRoot } from '../store-context'
import { PropertySheet, useFormStyles } from './dialogs/property-sheet'
import { useForm } from './dialogs/use-form'

/** File › Site Settings: "Refresh package lists older than (hours)" for every scan of the site. */
export const SiteSettingsDialog = observer(function SiteSettingsDialog({ onClose }: { onClose: () => void }) {
  const { site, ui } = useRoot()
  const styles = useFormStyles()
  const form = useForm()
  const [hours, setHours] = useState<string | null>(null)
  useEffect(() => {
    void site.loadSettings().then(() => setHours((h) => h ?? String(site.settings?.listsRefreshHours ?? 24)))
  }, [site])

  const save = async () => {
    const text = (hours ?? '').trim()
    const value = { listsRefreshHours: text === '' ? NaN : Number(text) }
    const parsed = form.validate(siteSettingsDto, value, {
      listsRefreshHours: Number.isNaN(value.listsRefreshHours)
        ? 'Refresh package lists older than (hours) must be a number'
        : undefined,
    })
    if (!parsed) return
    const ok = await form.submit(async () => {
      await site.saveSettings(parsed)
      ui.notify(`Scans now refresh package lists older than ${parsed.listsRefreshHours} h.`)
    })
    if (ok) onClose()
  }

  return (
    <PropertySheet
      title="Site Settings"
      testId="site-settings-dialog"
      form={form}
      onOk={() => void save()}
      onCancel={onClose}
    >
      <Field
        label="Refresh package lists older than (hours)"
        validationMessage={form.fieldError('listsRefreshHours')}
        hint="Before scanning a Linux client, Patchbay runs apt-get update, dnf makecache or zypper refresh when its package lists are at least this old; 0 refreshes on every scan. A forced scan always refreshes."
      >
        <Input
          value={hours ?? ''}
          disabled={hours === null}
          onChange={(_, d) => setHours(d.value)}
          inputMode="numeric"
          aria-label="Refresh package lists older than (hours)"
        />
      </Field>
      <span className={styles.hint}>
        Refreshing needs the scan to connect as root; otherwise the scan runs on the old lists and says so.
      </span>
    </PropertySheet>
  )
})
