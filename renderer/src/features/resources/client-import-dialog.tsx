import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Text,
} from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { importFormats } from '../../../../shared/dto/resource-import'
import { plural } from '../../lib/format'
import { useAsyncAction } from '../../shell/dialogs/use-async-action'
import { useRoot } from '../../store-context'
import { useToolStyles } from '../lab/console-tool-styles'

const formatLabels: Record<(typeof importFormats)[number], string> = {
  csv: 'CSV (name,address[,port,user,identity,platform,collection])',
  ansible: 'Ansible inventory (INI or YAML; groups become collections)',
  'ssh-config': 'OpenSSH client config (every Host alias)',
}

/** Import Clients: a CSV file, an Ansible inventory or an ssh_config becomes clients (all or nothing). */
export const ClientImportDialog = observer(function ClientImportDialog() {
  const root = useRoot()
  const store = root.clientImport
  if (!store.open) return null
  return <ImportForm key="import" />
})

const ImportForm = observer(function ImportForm() {
  const root = useRoot()
  const store = root.clientImport
  const s = useToolStyles()
  const { busy, error, run } = useAsyncAction()
  const [path, setPath] = useState('')
  const [format, setFormat] = useState<(typeof importFormats)[number]>('csv')
  const [collection, setCollection] = useState(store.collection)
  const result = store.result
  const submit = () =>
    run(async () => {
      const r = await store.importFile({ path, format, collection: collection.trim() || null })
      root.ui.notify(`Imported ${plural(r.added.length, 'client')}; ${r.skipped.length} skipped.`)
    })
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && store.close()}>
      <DialogSurface className={s.surface} data-testid="client-import-dialog" aria-label="Import Clients">
        <DialogBody>
          <DialogTitle>Import Clients</DialogTitle>
          <DialogContent>
            <form
              className={s.form}
              onSubmit={(e) => {
                e.preventDefault()
                void submit()
              }}
            >
              <Text className={s.intro}>
                Clients whose name exists are skipped; nothing is created when the file cannot be read.
                Nothing connects: scan the new clients (with consent to their host keys) afterwards.
              </Text>
              <Field label="File" required hint="A path on the machine the console's services run on">
                <Input
                  value={path}
                  onChange={(_, d) => setPath(d.value)}
                  placeholder="/home/admin/hosts.csv"
                />
              </Field>
              <Field label="Format">
                <Select
                  value={format}
                  onChange={(_, d) => setFormat(d.value as (typeof importFormats)[number])}
                  aria-label="Format"
                >
                  {importFormats.map((f) => (
                    <option key={f} value={f}>
                      {formatLabels[f]}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field
                label="Also add every client to collection"
                hint="Created when no collection has that name"
              >
                <Input value={collection} onChange={(_, d) => setCollection(d.value)} placeholder="(none)" />
              </Field>
              {error && (
                <MessageBar intent="error" layout="multiline" data-testid="client-import-error">
                  <MessageBarBody>{error}</MessageBarBody>
                </MessageBar>
              )}
              {result && (
                <MessageBar intent="success" layout="multiline" data-testid="client-import-result">
                  <MessageBarBody>
                    <MessageBarTitle>
                      {plural(result.added.length, 'client')} added, {result.skipped.length} skipped
                    </MessageBarTitle>
                    <ul className={s.list} aria-label="Import result">
                      {result.added.map((r) => (
                        <li key={r.id} className={s.item}>
                          Added {r.name} ({r.address}:{r.port})
                        </li>
                      ))}
                      {result.skipped.map((k) => (
                        <li key={`skip-${k.name}`} className={s.item}>
                          Skipped {k.name}: {k.reason}
                        </li>
                      ))}
                      {result.collections.map((c) => (
                        <li key={`col-${c.id}`} className={s.item}>
                          Collection {c.name}
                          {c.created ? ' (new)' : ''}: {plural(c.added, 'client')} added
                        </li>
                      ))}
                      {result.warnings.map((w) => (
                        <li key={`warn-${w}`} className={s.item}>
                          Warning: {w}
                        </li>
                      ))}
                    </ul>
                  </MessageBarBody>
                </MessageBar>
              )}
              <button type="submit" hidden />
            </form>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={busy || path.trim() === ''} onClick={() => void submit()}>
              Import
            </Button>
            <Button onClick={store.close}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
})
