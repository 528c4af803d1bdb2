import { Checkbox, Field, Input, Radio, RadioGroup, Select, Text } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { postponeRestartLabels, postponeRestartOptions } from '../../../../shared/dto/wizard'
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

/** Installation Agent: a deployment template, the scan after the program, which computers postpone restarts, the countdown. */
export const AgentPage = observer(function AgentPage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  const st = w.settings
  return (
    <div className={s.form}>
      <TemplatePicker w={w} />
      <Checkbox
        checked={st.inventoryAfterInstall}
        onChange={(_, d) => w.setSettings({ inventoryAfterInstall: d.checked === true })}
        label="Scan the client again after the program ran, so compliance is current at once"
      />
      <Field
        label="Postpone restarts on"
        hint="A client the updates leave waiting for a restart restarts after the program, unless its class is ticked here (Linux counts as a server)."
      >
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
      <Field
        label="Countdown before the restart (minutes)"
        hint="Linux: shutdown -r +N with the notice; Windows: shutdown /r /t with the message. 0 restarts at once."
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
    </div>
  )
})

/** User Notification: whether logged-in users are told before a restart. */
export const NotifyPage = observer(function NotifyPage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  const st = w.settings
  return (
    <div className={s.form}>
      <Checkbox
        checked={st.notifyUsers}
        onChange={(_, d) => w.setSettings({ notifyUsers: d.checked === true })}
        label="Notify logged-in users before a restart (the shutdown notice on every terminal, or the Windows restart message)"
      />
      <Text className={s.note}>
        Programs run over SSH without anyone at the client, so users cannot postpone them: schedule them with
        the advertisement and the collection&apos;s maintenance windows instead.
      </Text>
    </div>
  )
})
