import {
  Badge,
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
  Text,
} from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { useAsyncAction } from '../../shell/dialogs/use-async-action'
import { useRoot } from '../../store-context'
import { useToolStyles } from '../lab/console-tool-styles'

/** Webhooks: targets that receive compliance tickets; a secret is typed once and never shown again. */
export const WebhooksDialog = observer(function WebhooksDialog() {
  const root = useRoot()
  if (!root.webhooks.open) return null
  return <WebhooksForm />
})

const WebhooksForm = observer(function WebhooksForm() {
  const root = useRoot()
  const store = root.webhooks
  const s = useToolStyles()
  const { busy, error, run } = useAsyncAction()
  const [url, setUrl] = useState('')
  const [secret, setSecret] = useState('')
  const add = () =>
    run(async () => {
      const added = await store.add(url, secret)
      setUrl('')
      setSecret('')
      root.ui.notify(`Webhook ${added.url} added.`)
    })
  const remove = (id: number, what: string) =>
    run(async () => {
      await store.remove(id)
      root.ui.notify(`Webhook ${what} removed.`)
    })
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && store.close()}>
      <DialogSurface className={s.surface} data-testid="webhooks-dialog" aria-label="Webhooks">
        <DialogBody>
          <DialogTitle>Webhooks</DialogTitle>
          <DialogContent>
            <div className={s.form}>
              <Text className={s.intro}>
                Compliance tickets (the &quot;fail and open a ticket&quot; branch of a deployment's check) are
                posted as JSON to every target, signed with its secret (HMAC-SHA256) when it has one. Secrets
                stay encrypted in the site; the console only learns that one is set.
              </Text>
              {store.items.length === 0 ? (
                <Text data-testid="webhooks-empty">No webhook targets.</Text>
              ) : (
                <ul className={s.list} aria-label="Webhook targets">
                  {store.items.map((w) => (
                    <li key={w.id} className={s.item} data-testid="webhook-row">
                      <span className={`${s.grow} ${s.mono}`}>{w.url}</span>
                      {w.hasSecret && (
                        <Badge appearance="outline" color="informative">
                          signed
                        </Badge>
                      )}
                      <Button
                        size="small"
                        disabled={busy}
                        aria-label={`Remove ${w.url}`}
                        onClick={() => void remove(w.id, w.url)}
                      >
                        Remove
                      </Button>
                    </li>
                  ))}
                </ul>
              )}
              <form
                className={s.row}
                onSubmit={(e) => {
                  e.preventDefault()
                  void add()
                }}
              >
                <Field label="URL" className={s.grow}>
                  <Input
                    value={url}
                    onChange={(_, d) => setUrl(d.value)}
                    placeholder="https://tickets.example/hook"
                  />
                </Field>
                <Field label="Secret (optional)">
                  <Input
                    type="password"
                    value={secret}
                    onChange={(_, d) => setSecret(d.value)}
                    autoComplete="off"
                  />
                </Field>
                <Button type="submit" disabled={busy || url.trim() === ''}>
                  Add
                </Button>
              </form>
              {error && (
                <MessageBar intent="error" layout="multiline" data-testid="webhooks-error">
                  <MessageBarBody>{error}</MessageBarBody>
                </MessageBar>
              )}
            </div>
          </DialogContent>
          <DialogActions>
            <Button onClick={store.close}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
})
