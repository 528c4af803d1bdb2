import { Checkbox, Field, Input, Select } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import {
  platforms,
  resourceInput,
  type AuthMethod,
  siteSystemRoles,
  type Platform,
  type SiteSystemRole,
} from '../../../../shared/dto/resource'
import { capitalize, formatTime, platformLabel } from '../../lib/format'
import { scanStateText } from '../../shell/views'
import { useRoot } from '../../store-context'
import { PropertySheet, useFormStyles } from '../../shell/dialogs/property-sheet'
import { ResourceAccessTab } from './resource-access-tab'
import { useForm } from '../../shell/dialogs/use-form'

/** New / Properties of a resource (client): name, address, port, user, platform, OS version, site system roles. */
export const ResourceDialog = observer(function ResourceDialog({
  id,
  initialTab,
  onClose,
}: {
  id?: number
  initialTab?: string
  onClose: () => void
}) {
  const root = useRoot()
  const styles = useFormStyles()
  const existing = id !== undefined ? root.resources.byId.get(id) : undefined
  const [draft, setDraft] = useState(() => ({
    name: existing?.name ?? '',
    address: existing?.address ?? '',
    port: String(existing?.port ?? 22),
    user: existing?.user ?? '',
    platform: (existing?.platform ?? 'unknown') as Platform,
    osVersion: existing?.osVersion ?? '',
    roles: (existing?.roles ?? []) as SiteSystemRole[],
    authMethod: (existing?.authMethod ?? 'auto') as AuthMethod,
    identityFile: existing?.identityFile ?? '',
    simulated: existing?.simulated ?? false,
  }))
  const [tab, setTab] = useState(initialTab ?? 'general')
  const form = useForm()
  const set = <K extends keyof typeof draft>(k: K, v: (typeof draft)[K]) =>
    setDraft((d) => ({ ...d, [k]: v }))

  const save = async (close: boolean) => {
    const port = draft.port.trim() === '' ? NaN : Number(draft.port)
    const value = { ...draft, port }
    const parsed = form.validate(resourceInput, value, {
      port: Number.isNaN(port) ? 'Port must be a number' : undefined,
    })
    if (!parsed) {
      setTab(form.errorPaths().some((p) => p === 'authMethod' || p === 'identityFile') ? 'access' : 'general')
      return
    }
    const ok = await form.submit(async () => {
      if (existing) {
        // An unchanged identity file is not sent again: browser mode checks the files a change names.
        const { identityFile, ...rest } = parsed
        const changed = identityFile !== existing.identityFile
        await root.resources.update({ id: existing.id, ...rest, ...(changed && { identityFile }) })
      } else await root.resources.create(parsed)
      root.ui.notify(`${existing ? 'Saved' : 'Created'} resource ${parsed.name}.`)
    })
    if (ok && close) onClose()
  }

  return (
    <PropertySheet
      title={existing ? `${existing.name} Properties` : 'New Resource'}
      testId="resource-dialog"
      tabs={[
        { id: 'general', label: 'General' },
        { id: 'access', label: 'Access' },
        { id: 'roles', label: 'Site System Roles' },
      ]}
      tab={tab}
      onTab={setTab}
      form={form}
      onOk={() => void save(true)}
      onCancel={onClose}
      onApply={existing ? () => void save(false) : undefined}
    >
      {tab === 'general' ? (
        <>
          <Field label="Name" required validationMessage={form.fieldError('name')}>
            <Input value={draft.name} onChange={(_, d) => set('name', d.value)} autoFocus />
          </Field>
          <div className={styles.row3}>
            <Field label="Address (host name or IP)" required validationMessage={form.fieldError('address')}>
              <Input
                value={draft.address}
                onChange={(_, d) => set('address', d.value)}
                placeholder="127.0.0.10 or host.lab.invalid"
              />
            </Field>
            <Field label="SSH port" validationMessage={form.fieldError('port')}>
              <Input value={draft.port} onChange={(_, d) => set('port', d.value)} inputMode="numeric" />
            </Field>
            <Field label="User" validationMessage={form.fieldError('user')}>
              <Input value={draft.user} onChange={(_, d) => set('user', d.value)} placeholder="patchbay" />
            </Field>
          </div>
          <div className={styles.row}>
            <Field label="Platform" validationMessage={form.fieldError('platform')}>
              <Select value={draft.platform} onChange={(_, d) => set('platform', d.value as Platform)}>
                {platforms.map((p) => (
                  <option key={p} value={p}>
                    {platformLabel(p)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="OS version" validationMessage={form.fieldError('osVersion')}>
              <Input
                value={draft.osVersion}
                onChange={(_, d) => set('osVersion', d.value)}
                placeholder="Debian 12 (bookworm)"
              />
            </Field>
          </div>
          {existing && (
            <span className={styles.hint}>
              Resource ID {existing.id} · {existing.simulated ? 'simulated client (lab fleet)' : 'client'} ·
              OS family {existing.osFamily}
              {existing.osName ? ` · ${existing.osName}` : ''}
              {existing.agentVersion ? ` · agent ${existing.agentVersion}` : ''}
            </span>
          )}
          {existing && (
            <span className={styles.hint} data-testid="resource-scan-summary">
              Last scan:{' '}
              {existing.lastScanAt
                ? `${formatTime(existing.lastScanAt)} — ${scanStateText(existing)}`
                : 'never'}
              {existing.rebootPending ? ' · reboot pending' : ''}
              {existing.lastError ? ` · last error: ${existing.lastError}` : ''}
            </span>
          )}
        </>
      ) : tab === 'access' ? (
        <ResourceAccessTab
          existing={existing}
          authMethod={draft.authMethod}
          identityFile={draft.identityFile}
          onAuthMethod={(v) => set('authMethod', v)}
          onIdentityFile={(v) => set('identityFile', v)}
          fieldError={form.fieldError}
        />
      ) : (
        <Field
          label="This resource holds these site system roles"
          validationMessage={form.fieldError('roles')}
        >
          {siteSystemRoles.map((r) => (
            <Checkbox
              key={r}
              label={capitalize(r)}
              checked={draft.roles.includes(r)}
              onChange={(_, d) =>
                set('roles', d.checked ? [...draft.roles, r] : draft.roles.filter((x) => x !== r))
              }
            />
          ))}
        </Field>
      )}
    </PropertySheet>
  )
})
