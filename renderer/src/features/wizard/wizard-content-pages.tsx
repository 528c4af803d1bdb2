import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Radio,
  RadioGroup,
  Select,
  Text,
} from '@fluentui/react-components'
import { aptInstallFromFiles } from '../../../../shared/apt-install'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { sendingPriorities } from '../../../../shared/dto/package'
import type { UpdateProgramDto, UpdateStatusDto } from '../../../../shared/dto/wizard'
import { capitalize, formatBytes } from '../../lib/format'
import type { WizardStore } from './wizard-store'
import { TaskProgress } from '../tasks/task-progress'
import { usePageStyles } from './wizard-pages'
import { openInformation } from './wizard-updates-page'

/** Package Source: folder, sending priority, and whether to download now. */
export const SourcePage = observer(function SourcePage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  const total = w.selectedUpdates.reduce((n, c) => n + c.size, 0)
  return (
    <div className={s.form}>
      <Field
        label="Package source folder"
        required
        hint="Created (readable by its owner only) if it does not exist. Keep package sources in a folder only administrators can write."
      >
        <Input
          value={w.sourcePath}
          onChange={(_, d) => w.set('sourcePath', d.value)}
          placeholder="/srv/patchbay/packages/security-updates"
        />
      </Field>
      <Field label="Sending priority">
        <RadioGroup
          layout="horizontal"
          value={w.sendingPriority}
          onChange={(_, d) => w.setPriority(d.value as typeof w.sendingPriority)}
        >
          {sendingPriorities.map((p) => (
            <Radio key={p} value={p} label={capitalize(p)} />
          ))}
        </RadioGroup>
      </Field>
      <Checkbox
        checked={w.downloadAutomatically}
        onChange={(_, d) => w.setDownloadAutomatically(d.checked === true)}
        label={`Download the update files from the vendor now (${formatBytes(total)}), verifying each against the catalog`}
      />
      {!w.downloadAutomatically && (
        <Text className={s.note}>
          Copy the files into the folder yourself; the next page checks each against the catalog’s hash.
        </Text>
      )}
    </div>
  )
})

/** Download Progress: per-file and overall progress of the wizard's download task. */
export const DownloadPage = observer(function DownloadPage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  if (!w.downloadTaskId)
    return (
      <Text className={s.note}>
        {w.busy ? 'Starting the download…' : 'Every file was already in the folder.'}
      </Text>
    )
  return <TaskProgress taskId={w.downloadTaskId} listHeight={380} />
})

/** Software Updates Status: Ready column, why an update is not ready, Properties, Download. */
export const StatusPage = observer(function StatusPage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  const [focus, setFocus] = useState<string | null>(null)
  const [editing, setEditing] = useState<UpdateStatusDto | null>(null)
  const row = w.status.find((r) => r.updateId === focus)
  const ready = w.status.filter((r) => r.ready).length
  return (
    <>
      <div className={s.actions}>
        <Text data-testid="wizard-ready-count">
          {ready} of {w.status.length} ready
        </Text>
        <span style={{ flexGrow: 1 }} />
        <Button disabled={!row} onClick={() => row && setEditing(row)}>
          Properties…
        </Button>
        <Button disabled={!row || w.busy} onClick={() => row && void w.download([row.updateId])}>
          Download
        </Button>
        <Button disabled={!row} onClick={() => row && openInformation(row.infoUrl)}>
          Information
        </Button>
        <Button disabled={w.busy} onClick={() => void w.refreshStatus()}>
          Refresh
        </Button>
      </div>
      <div className={s.listBox}>
        <table className={s.table} aria-label="Software updates status">
          <colgroup>
            <col style={{ width: 56 }} />
            <col style={{ width: 220 }} />
            <col />
            <col style={{ width: 250 }} />
          </colgroup>
          <thead>
            <tr>
              <th className={s.th}>Ready</th>
              <th className={s.th}>Update</th>
              <th className={s.th}>Command line</th>
              <th className={s.th}>Why not ready</th>
            </tr>
          </thead>
          <tbody>
            {w.status.map((r) => (
              <tr
                key={r.updateId}
                className={focus === r.updateId ? s.rowSelected : undefined}
                onClick={() => setFocus(r.updateId)}
                onDoubleClick={() => setEditing(r)}
                data-testid="wizard-status-row"
                data-ready={r.ready ? 'yes' : 'no'}
              >
                <td className={`${s.td} ${r.ready ? s.ok : s.bad}`}>{r.ready ? 'Yes' : 'No'}</td>
                <td className={s.td} title={r.title}>
                  {r.title}
                </td>
                <td className={`${s.td} ${s.wrap}`} title={`${r.program.commandLine} ${r.program.arguments}`}>
                  <code>
                    {r.program.commandLine} {r.program.arguments}
                  </code>
                </td>
                <td className={`${s.td} ${s.bad} ${s.wrap}`} title={r.reason}>
                  {r.reason}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {w.downloadTaskId && w.downloadTask && !w.downloadTask.finished && (
        <TaskProgress taskId={w.downloadTaskId} listHeight={120} />
      )}
      {editing && (
        <UpdatePropertiesDialog
          row={editing}
          busy={w.busy}
          onDownload={() => void w.download([editing.updateId])}
          onClose={() => setEditing(null)}
          onSave={async (p) => {
            await w.setProgram(p)
            setEditing(null)
          }}
        />
      )}
    </>
  )
})

/** An update's Properties: program (Import picks a downloaded file), command line, arguments, verified. */
const UpdatePropertiesDialog = observer(function UpdatePropertiesDialog({
  row,
  busy,
  onSave,
  onDownload,
  onClose,
}: {
  row: UpdateStatusDto
  busy: boolean
  onSave: (p: UpdateProgramDto) => Promise<void>
  onDownload: () => void
  onClose: () => void
}) {
  const s = usePageStyles()
  const [p, setP] = useState<UpdateProgramDto>(() => ({ ...row.program }))
  const [importing, setImporting] = useState(false)
  const own = new Set(row.files.map((f) => f.file))
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface style={{ width: 640 }} aria-label="Software update properties">
        <DialogBody>
          <DialogTitle>{row.title}</DialogTitle>
          <DialogContent className={s.form}>
            <Field label="Program" hint="The installer in the package source folder.">
              <div className={s.actions}>
                {importing ? (
                  <Select
                    value={p.program}
                    aria-label="Downloaded file to run"
                    onChange={(_, d) => {
                      setP({
                        ...p,
                        program: d.value,
                        commandLine: d.value.endsWith('.deb') ? aptInstallFromFiles([d.value]) : d.value,
                        verified: false,
                      })
                      setImporting(false)
                    }}
                  >
                    {row.importable.map((f) => (
                      <option key={f} value={f}>
                        {f}
                        {own.has(f) ? '' : ' (not this update’s file)'}
                      </option>
                    ))}
                  </Select>
                ) : (
                  <Input
                    style={{ flexGrow: 1 }}
                    value={p.program}
                    onChange={(_, d) => setP({ ...p, program: d.value })}
                  />
                )}
                <Button onClick={() => setImporting(!importing)} disabled={row.importable.length === 0}>
                  Import…
                </Button>
              </div>
            </Field>
            <Field label="Command line">
              <Input
                value={p.commandLine}
                onChange={(_, d) => setP({ ...p, commandLine: d.value, verified: false })}
              />
            </Field>
            <Field
              label="Arguments"
              hint="See the update’s bulletin (Information) for the switches it needs to install silently."
            >
              <Input
                value={p.arguments}
                onChange={(_, d) => setP({ ...p, arguments: d.value, verified: false })}
              />
            </Field>
            <Checkbox
              checked={p.verified}
              onChange={(_, d) => setP({ ...p, verified: d.checked === true })}
              label="I have checked this command line and its arguments"
            />
            <Text className={s.note}>
              Files:{' '}
              {row.files.length
                ? row.files.map((f) => `${f.file} (${formatBytes(f.size)}, ${f.state})`).join(', ')
                : 'none in the catalog'}
            </Text>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => openInformation(row.infoUrl)}>Information</Button>
            <Button onClick={onDownload} disabled={busy || row.files.length === 0}>
              Download
            </Button>
            <span style={{ flexGrow: 1 }} />
            <Button appearance="primary" onClick={() => void onSave(p)}>
              OK
            </Button>
            <Button onClick={onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
})
