import { Checkbox, Field, Input, Radio, RadioGroup, Select, Text } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import {
  afterCountdownLabels,
  postponeRestartLabels,
  postponeRestartOptions,
} from '../../../../shared/dto/wizard'
import type { WizardStore } from './wizard-store'
import { usePageStyles } from './wizard-pages'

const toInt = (v: string) => (v.trim() === '' ? 0 : Math.max(0, Math.floor(Number(v) || 0)))

/** Distribution Points: tick the points that receive the package. */
export const DistributionPointsPage = observer(function DistributionPointsPage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  if (w.pointsLoaded && w.points.length === 0)
    return (
      <Text className={s.note}>
        No resource holds the distribution point role yet. The package is created without distribution; give a
        resource the role in its Properties and distribute the package later.
      </Text>
    )
  return (
    <div className={s.listBox}>
      <table className={s.table} aria-label="Distribution points">
        <colgroup>
          <col style={{ width: 34 }} />
          <col style={{ width: 200 }} />
          <col style={{ width: 170 }} />
          <col />
          <col style={{ width: 80 }} />
        </colgroup>
        <thead>
          <tr>
            <th className={s.th} aria-label="Include" />
            <th className={s.th}>Name</th>
            <th className={s.th}>Address</th>
            <th className={s.th}>Root folder</th>
            <th className={`${s.th} ${s.num}`}>Packages</th>
          </tr>
        </thead>
        <tbody>
          {w.points.map((p) => (
            <tr key={p.id}>
              <td className={s.td}>
                <Checkbox
                  checked={w.selectedPoints.has(p.id)}
                  onChange={() => w.togglePoint(p.id)}
                  aria-label={`Distribute to ${p.name}`}
                />
              </td>
              <td className={s.td}>{p.name}</td>
              <td className={s.td}>
                {p.address}:{p.port}
              </td>
              <td className={s.td} title={p.rootPath}>
                {p.rootPath}
              </td>
              <td className={`${s.td} ${s.num}`}>{p.packages}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
})

/** "Use settings from deployment template": fills this page's and User Notification's overlapping settings. */
const TemplatePicker = observer(function TemplatePicker({ w }: { w: WizardStore }) {
  const none = w.templatesLoaded && w.templates.length === 0
  return (
    <Field
      label="Use settings from deployment template"
      hint={
        none
          ? 'No deployment templates yet — create them under Software Updates › Deployment Templates.'
          : 'Fills Postpone restarts (the template’s reboot suppression) and the User Notification settings; you can still change them.'
      }
    >
      <Select
        value={w.template ? String(w.template.id) : ''}
        disabled={none}
        onChange={(_, d) => w.applyTemplate(d.value ? Number(d.value) : null)}
        data-testid="wizard-template"
      >
        <option value="">(none)</option>
        {w.templates.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </Select>
    </Field>
  )
})

/** Installation Agent: a deployment template, inventory after install, postponing restarts, unattended install and the countdown. */
export const AgentPage = observer(function AgentPage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  const st = w.settings
  const actions = st.unattended
    ? (['restart', 'prompt-restart'] as const)
    : (['install', 'prompt-install'] as const)
  return (
    <div className={s.form}>
      <TemplatePicker w={w} />
      <Checkbox
        checked={st.inventoryAfterInstall}
        onChange={(_, d) => w.setSettings({ inventoryAfterInstall: d.checked === true })}
        label="Scan (inventory) the client again after installing, so compliance is current at once"
      />
      <Field label="Postpone restarts on">
        <RadioGroup
          layout="horizontal"
          value={st.postponeRestarts}
          onChange={(_, d) => w.setSettings({ postponeRestarts: d.value as typeof st.postponeRestarts })}
        >
          {postponeRestartOptions.map((o) => (
            <Radio key={o} value={o} label={postponeRestartLabels[o]} />
          ))}
        </RadioGroup>
      </Field>
      <Checkbox
        checked={st.unattended}
        onChange={(_, d) => w.setSettings({ unattended: d.checked === true })}
        label="Perform an unattended installation of the updates (recommended)"
      />
      <Field
        label="Countdown (minutes)"
        hint={
          st.unattended
            ? 'How long the user is warned before the restart.'
            : 'How long the user is warned before the installation.'
        }
      >
        <Input
          type="number"
          min={0}
          max={1440}
          value={String(st.countdownMinutes)}
          onChange={(_, d) => w.setSettings({ countdownMinutes: Math.min(1440, toInt(d.value)) })}
          style={{ width: 120 }}
        />
      </Field>
      <Field label="After the countdown">
        <Select
          value={st.afterCountdown}
          onChange={(_, d) => w.setSettings({ afterCountdown: d.value as typeof st.afterCountdown })}
        >
          {actions.map((a) => (
            <option key={a} value={a}>
              {afterCountdownLabels[a]}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  )
})

/** User Notification: whether users are told, and whether and how long they may postpone. */
export const NotifyPage = observer(function NotifyPage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  const st = w.settings
  return (
    <div className={s.form}>
      <Checkbox
        checked={st.notifyUsers}
        onChange={(_, d) => w.setSettings({ notifyUsers: d.checked === true })}
        label="Notify users when the package has been downloaded and is about to run"
      />
      <Checkbox
        checked={st.allowPostpone}
        onChange={(_, d) => w.setSettings({ allowPostpone: d.checked === true })}
        label="Allow users to postpone the installation"
      />
      <Field
        label="Latest installation after the package arrives (hours)"
        hint="When the limit passes, the installation runs even if postponed. 0 = run at once."
      >
        <Input
          type="number"
          min={0}
          max={720}
          disabled={!st.allowPostpone}
          value={String(st.postponeMaxHours)}
          onChange={(_, d) => w.setSettings({ postponeMaxHours: Math.min(720, toInt(d.value)) })}
          style={{ width: 120 }}
        />
      </Field>
      <Text className={s.note}>
        To force the updates to install as soon as they are advertised, clear both boxes.
      </Text>
    </div>
  )
})
