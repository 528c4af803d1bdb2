import { Badge, Button, Field, Input, makeStyles, Select, tokens } from '@fluentui/react-components'
import { BeakerRegular, KeyRegular, LockClosedRegular, ShieldKeyholeRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { authMethods, type AuthMethod, type ResourceDto } from '../../../../shared/dto/resource'
import { authLabels } from '../../lib/format'
import { useRoot } from '../../store-context'
import { useFormStyles } from '../../shell/dialogs/property-sheet'

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
    padding: '8px 10px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  line: { display: 'flex', alignItems: 'center', gap: '8px', flexWrap: 'wrap' },
  fingerprint: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  error: { color: tokens.colorPaletteRedForeground1 },
  grow: { flexGrow: 1, minWidth: '220px' },
  stack: { display: 'flex', flexDirection: 'column', gap: '10px' },
})

/** The Access tab of a client: authentication, identity file, stored secret (write-only) and trusted host key. */
export const ResourceAccessTab = observer(function ResourceAccessTab(props: {
  existing: ResourceDto | undefined
  authMethod: AuthMethod
  identityFile: string
  onAuthMethod: (v: AuthMethod) => void
  onIdentityFile: (v: string) => void
  fieldError: (name: string) => string | undefined
}) {
  const root = useRoot()
  const styles = useStyles()
  const form = useFormStyles()
  const { existing } = props
  // The secret lives only in this input until it is sent; it is never put in a store.
  const [secret, setSecret] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const kind = props.authMethod === 'password' ? 'password' : 'passphrase'

  const act = async (fn: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await fn()
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const store = () =>
    act(async () => {
      const value = secret
      setSecret('')
      await root.access.setSecret(existing!.id, kind, value)
    })
  const removeKey = () =>
    root.ui.ask({
      title: 'Remove Trusted Host Key',
      message: `Forget the host key trusted for ${existing!.name} (${existing!.hostKeyFingerprint})? Patchbay refuses a client whose key changed until its old key is removed; the next scan will then show the new key's fingerprint for your consent.`,
      confirmLabel: 'Remove key',
      run: () => root.access.removeHostKey(existing!.id),
    })

  return (
    <>
      {existing?.simulated && (
        <div className={styles.line}>
          <Badge appearance="tint" color="informative" icon={<BeakerRegular />} data-testid="simulated-badge">
            Simulated (lab fleet)
          </Badge>
          <span className={form.hint}>This client is a simulated lab host, not a real machine.</span>
        </div>
      )}
      <div className={styles.stack}>
        <Field label="Authentication method" validationMessage={props.fieldError('authMethod')}>
          <Select
            value={props.authMethod}
            onChange={(_, d) => props.onAuthMethod(d.value as AuthMethod)}
            data-testid="auth-method"
          >
            {authMethods.map((m) => (
              <option key={m} value={m}>
                {authLabels[m]}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Identity file (private key path)"
          validationMessage={props.fieldError('identityFile')}
          hint="A path on the machine running the Patchbay services."
        >
          <Input
            value={props.identityFile}
            onChange={(_, d) => props.onIdentityFile(d.value)}
            placeholder="~/.ssh/id_ed25519"
            disabled={props.authMethod === 'password' || props.authMethod === 'agent'}
            data-testid="identity-file"
          />
        </Field>
      </div>

      <div className={styles.box} data-testid="secret-box">
        <span className={form.section}>
          <LockClosedRegular /> {kind === 'password' ? 'Password' : 'Key passphrase'}
        </span>
        {!existing ? (
          <span className={form.hint}>
            Create the client first; a secret is stored for an existing client.
          </span>
        ) : existing.hasSecret ? (
          <div className={styles.line}>
            <span data-testid="secret-stored">A {kind} is stored</span>
            <span className={form.hint}>(encrypted by the site; Patchbay never shows it again)</span>
            <Button
              size="small"
              onClick={() => void act(() => root.access.clearSecret(existing.id))}
              disabled={busy}
            >
              Clear
            </Button>
          </div>
        ) : (
          <div className={styles.line}>
            <Input
              className={styles.grow}
              type="password"
              autoComplete="off"
              value={secret}
              onChange={(_, d) => setSecret(d.value)}
              placeholder={
                kind === 'password' ? 'Password for the SSH user' : 'Passphrase of the identity file'
              }
              aria-label={kind === 'password' ? 'Password' : 'Key passphrase'}
              data-testid="secret-input"
            />
            <Button onClick={() => void store()} disabled={busy || !secret} data-testid="secret-store">
              Store
            </Button>
          </div>
        )}
        {existing && !existing.hasSecret && (
          <span className={form.hint}>
            Stored at once, encrypted in the site; it goes to the Patchbay services only.
          </span>
        )}
      </div>

      <div className={styles.box} data-testid="host-key-box">
        <span className={form.section}>
          <ShieldKeyholeRegular /> Trusted host key
        </span>
        {existing?.hostKeyFingerprint ? (
          <>
            <div className={styles.line}>
              <KeyRegular />
              <span className={styles.fingerprint} data-testid="trusted-fingerprint">
                {existing.hostKeyFingerprint}
              </span>
            </div>
            <div className={styles.line}>
              <Button size="small" onClick={removeKey} disabled={busy} data-testid="remove-host-key">
                Remove trusted key…
              </Button>
              <span className={form.hint}>
                A client presenting a different key is refused until this key is removed.
              </span>
            </div>
          </>
        ) : (
          <span className={form.hint}>
            None yet. The first scan or connection test shows the key’s fingerprint and asks before trusting
            it.
          </span>
        )}
      </div>
      {error && <span className={styles.error}>{error}</span>}
    </>
  )
})
