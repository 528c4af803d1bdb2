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
  Radio,
  RadioGroup,
  Spinner,
  Text,
  Textarea,
} from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import type { BundleVerifyDto, PackageVerifyDto } from '../../../../shared/dto/content'
import { formatBytes, plural } from '../../lib/format'
import { useRoot } from '../../store-context'
import type { BundleDialog } from './bundle-store'
import { useAsyncAction } from '../../shell/dialogs/use-async-action'
import { TaskProgress } from '../tasks/task-progress'
import { DialogError, ProblemTable, useBundleStyles, useTaskStarter } from './bundle-common'

/** The folder part of a path typed by the user (for suggesting sibling files). */
const folderOf = (path: string) => path.replace(/[\\/][^\\/]*$/, '')

/** Shell of every bundle dialog: title, content, and the given actions plus Close. */
function Shell(props: {
  title: string
  testId: string
  children: React.ReactNode
  actions?: React.ReactNode
  closeLabel?: string
}) {
  const root = useRoot()
  const b = root.bundles
  const s = useBundleStyles()
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && b.close()}>
      <DialogSurface className={s.surface} data-testid={props.testId}>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent>
            <div className={s.form}>{props.children}</div>
          </DialogContent>
          <DialogActions>
            {props.actions}
            <Button onClick={b.close}>{props.closeLabel ?? 'Close'}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}

/** Create a signing key pair in a folder (the private key stays in its file; only paths and fingerprint come back). */
function CreateKeyPair({ onCreated }: { onCreated: (privateKeyPath: string) => void }) {
  const s = useBundleStyles()
  const root = useRoot()
  const { busy, error, run } = useAsyncAction()
  const [dir, setDir] = useState('')
  const [made, setMade] = useState<{ publicKeyPath: string; fingerprint: string } | null>(null)
  const create = () =>
    run(async () => {
      const r = await root.transport.invoke('keys:create', { dir })
      setMade(r)
      onCreated(r.privateKeyPath)
    })
  return (
    <>
      <div className={s.row}>
        <Field className={s.grow} label="No key yet? Create a key pair in folder">
          <Input value={dir} onChange={(_, d) => setDir(d.value)} placeholder="/home/admin/patchbay-keys" />
        </Field>
        <Button onClick={() => void create()} disabled={busy || !dir.trim()}>
          Create Key Pair
        </Button>
      </div>
      <DialogError message={error} />
      {made && (
        <MessageBar intent="success" layout="multiline" data-testid="key-created">
          <MessageBarBody>
            <MessageBarTitle>Key pair created</MessageBarTitle>
            Fingerprint <span className={s.mono}>{made.fingerprint}</span>. Give{' '}
            <span className={s.mono}>{made.publicKeyPath}</span> to the sites that import your bundles.
          </MessageBarBody>
        </MessageBar>
      )}
    </>
  )
}

type Source = 'updates' | 'list' | 'package'

/** Build Bundle: updates, an update list or a package → one signed bundle file, with download and build progress. */
const BuildBundleDialog = observer(function BuildBundleDialog({
  request,
}: {
  request: Extract<BundleDialog, { kind: 'build' }>
}) {
  const root = useRoot()
  const b = root.bundles
  const s = useBundleStyles()
  const { busy, error, run } = useAsyncAction()
  const tasks = useTaskStarter()
  const [source, setSource] = useState<Source>(
    request.packageId ? 'package' : request.updateIds ? 'updates' : 'list',
  )
  const [updateIds, setUpdateIds] = useState((request.updateIds ?? []).join('\n'))
  const [listName, setListName] = useState('')
  const [snapshot, setSnapshot] = useState('')
  const [packageName, setPackageName] = useState('')
  const [signingKey, setSigningKey] = useState(b.signingKey)
  const [out, setOut] = useState(b.lastBundle ? `${folderOf(b.lastBundle)}/updates.bundle` : '')
  const build = () =>
    run(async () => {
      b.remember({ signingKey, bundle: out })
      const ids = updateIds
        .split(/[\s,]+/)
        .map((x) => x.trim())
        .filter(Boolean)
      await tasks.start(() =>
        root.transport.invoke('bundles:build', {
          ...(source === 'updates' ? { updateIds: ids } : {}),
          ...(source === 'list' ? { listName } : {}),
          ...(source === 'package' ? { packageId: request.packageId } : {}),
          ...(snapshot.trim() && source !== 'package' ? { catalogSnapshot: snapshot.trim() } : {}),
          ...(packageName.trim() ? { packageName: packageName.trim() } : {}),
          out,
          signingKey,
        }),
      )
    })
  const task = tasks.taskId ? root.tasks.get(tasks.taskId) : undefined
  return (
    <Shell
      title="Build Bundle"
      testId="build-bundle-dialog"
      actions={
        !tasks.taskId ? (
          <Button
            appearance="primary"
            onClick={() => void build()}
            disabled={busy || !out.trim() || !signingKey.trim()}
          >
            Build
          </Button>
        ) : task?.finished && task.dto.state !== 'succeeded' ? (
          <Button onClick={tasks.reset}>Back</Button>
        ) : undefined
      }
    >
      {!tasks.taskId ? (
        <>
          <Text className={s.intro}>
            A bundle carries update files to a site with no network: one signed file with a manifest listing
            every file with its size and SHA-256. Files are downloaded from the catalog&apos;s locations and
            checked against the catalog&apos;s hashes first.
          </Text>
          <Field label="Content">
            <RadioGroup layout="horizontal" value={source} onChange={(_, d) => setSource(d.value as Source)}>
              <Radio value="updates" label="Software updates" />
              <Radio value="list" label="Update list" />
              {request.packageId && (
                <Radio value="package" label={`Package ${request.packageName ?? request.packageId}`} />
              )}
            </RadioGroup>
          </Field>
          {source === 'updates' && (
            <Field label="Update IDs (one per line)" required>
              <Textarea
                value={updateIds}
                onChange={(_, d) => setUpdateIds(d.value)}
                rows={3}
                placeholder="deb:openssl:amd64:3.0.15-1~deb12u1"
              />
            </Field>
          )}
          {source === 'list' && (
            <Field label="Update list name" required>
              <Input value={listName} onChange={(_, d) => setListName(d.value)} />
            </Field>
          )}
          {source !== 'package' && (
            <Field label="Catalog snapshot" hint="Leave empty to use this site's catalog.">
              <Input
                value={snapshot}
                onChange={(_, d) => setSnapshot(d.value)}
                placeholder="/media/usb/catalog.json"
              />
            </Field>
          )}
          <Field
            label="Package name in the bundle"
            hint="Default: the list name or “Software updates <date>”."
          >
            <Input value={packageName} onChange={(_, d) => setPackageName(d.value)} />
          </Field>
          <Field label="Signing key (private key file, mode 0600)" required>
            <Input
              value={signingKey}
              onChange={(_, d) => setSigningKey(d.value)}
              placeholder="/home/admin/patchbay-keys/patchbay-signing.key"
            />
          </Field>
          <CreateKeyPair onCreated={setSigningKey} />
          <Field label="Bundle file" required>
            <Input value={out} onChange={(_, d) => setOut(d.value)} placeholder="/media/usb/updates.bundle" />
          </Field>
          <DialogError message={error} />
        </>
      ) : (
        <>
          <TaskProgress taskId={tasks.taskId} />
          {task?.dto.state === 'succeeded' && (
            <MessageBar intent="success" data-testid="build-done">
              <MessageBarBody>
                <MessageBarTitle>Bundle written</MessageBarTitle>
                <span className={s.mono}>{task.dto.result}</span>
              </MessageBarBody>
            </MessageBar>
          )}
        </>
      )}
    </Shell>
  )
})

/** Facts of a verified bundle. */
function BundleFacts({ r }: { r: BundleVerifyDto }) {
  const s = useBundleStyles()
  return (
    <div className={s.facts} data-testid="bundle-facts">
      <span className={s.label}>Package</span>
      <span>{r.packageName || '—'}</span>
      <span className={s.label}>Contents</span>
      <span>
        {plural(r.updateCount, 'update')}, {plural(r.fileCount, 'file')} ({formatBytes(r.bytes)})
      </span>
      <span className={s.label}>Signed by</span>
      <span className={s.mono}>
        {r.signer || '—'} {r.signer ? (r.trusted ? '(trusted)' : '(not a trusted key)') : ''}
      </span>
    </div>
  )
}

/** Verify Bundle: signature, trust, every file's hash and size; every problem named. */
const VerifyBundleDialog = observer(function VerifyBundleDialog() {
  const root = useRoot()
  const b = root.bundles
  const { busy, error, run } = useAsyncAction()
  const [file, setFile] = useState(b.lastBundle)
  const [trustedKey, setTrustedKey] = useState(b.trustedKey)
  const [result, setResult] = useState<BundleVerifyDto | null>(null)
  const verify = () =>
    run(async () => {
      b.remember({ trustedKey, bundle: file })
      setResult(null)
      setResult(
        await root.transport.invoke('bundles:verify', {
          file,
          trustedKeys: trustedKey.trim() ? [trustedKey.trim()] : [],
        }),
      )
    })
  return (
    <Shell
      title="Verify Bundle"
      testId="verify-bundle-dialog"
      actions={
        <Button appearance="primary" onClick={() => void verify()} disabled={busy || !file.trim()}>
          {busy ? 'Verifying…' : 'Verify'}
        </Button>
      }
    >
      <Field label="Bundle file" required>
        <Input value={file} onChange={(_, d) => setFile(d.value)} placeholder="/media/usb/updates.bundle" />
      </Field>
      <Field
        label="Trusted public key"
        hint="Without one, only integrity is checked (anyone could have signed it)."
      >
        <Input
          value={trustedKey}
          onChange={(_, d) => setTrustedKey(d.value)}
          placeholder="/etc/patchbay/patchbay-signing.pub"
        />
      </Field>
      {busy && <Spinner size="tiny" label="Reading every file of the bundle…" />}
      <DialogError message={error} />
      {result && (
        <>
          <MessageBar intent={result.ok ? 'success' : 'error'} data-testid="verify-verdict">
            <MessageBarBody>
              <MessageBarTitle>
                {result.ok ? 'The bundle verifies' : `${plural(result.problems.length, 'problem')} found`}
              </MessageBarTitle>
              {result.ok
                ? result.trusted
                  ? 'Signature, trusted key, every file, size and SHA-256 match.'
                  : 'The signature and every file match; no trusted key was given.'
                : 'Do not import this bundle.'}
            </MessageBarBody>
          </MessageBar>
          <BundleFacts r={result} />
          {!result.ok && (
            <ProblemTable
              testId="bundle-problems"
              rows={result.details.map((d) => ({ path: d.path, problem: d.message }))}
            />
          )}
        </>
      )}
    </Shell>
  )
})

/** Import Bundle: verify against a trusted key and create the package; nothing is written on refusal. */
const ImportBundleDialog = observer(function ImportBundleDialog() {
  const root = useRoot()
  const b = root.bundles
  const s = useBundleStyles()
  const { busy, error, run } = useAsyncAction()
  const tasks = useTaskStarter()
  const [file, setFile] = useState(b.lastBundle)
  const [trustedKey, setTrustedKey] = useState(b.trustedKey)
  const start = () =>
    run(async () => {
      b.remember({ trustedKey, bundle: file })
      await tasks.start(() => root.transport.invoke('bundles:import', { file, trustedKeys: [trustedKey] }))
    })
  const task = tasks.taskId ? root.tasks.get(tasks.taskId) : undefined
  const packageId = task?.dto.state === 'succeeded' ? task.dto.result : null
  return (
    <Shell
      title="Import Bundle"
      testId="import-bundle-dialog"
      actions={
        !tasks.taskId ? (
          <Button
            appearance="primary"
            onClick={() => void start()}
            disabled={busy || !file.trim() || !trustedKey.trim()}
          >
            Import
          </Button>
        ) : packageId ? (
          <Button
            appearance="primary"
            onClick={() => {
              b.close()
              root.ui.openDialog({ kind: 'package', id: packageId })
            }}
          >
            Open Package
          </Button>
        ) : task?.finished ? (
          <Button onClick={tasks.reset}>Back</Button>
        ) : undefined
      }
    >
      {!tasks.taskId ? (
        <>
          <Text className={s.intro}>
            The bundle becomes a package of this site only when its signature is from a trusted key and every
            file, size and SHA-256 matches its manifest. On any problem nothing is written.
          </Text>
          <Field label="Bundle file" required>
            <Input
              value={file}
              onChange={(_, d) => setFile(d.value)}
              placeholder="/media/usb/updates.bundle"
            />
          </Field>
          <Field label="Trusted public key" required>
            <Input
              value={trustedKey}
              onChange={(_, d) => setTrustedKey(d.value)}
              placeholder="/etc/patchbay/patchbay-signing.pub"
            />
          </Field>
          <DialogError message={error} />
        </>
      ) : (
        <>
          <TaskProgress taskId={tasks.taskId} cancellable={false} itemNoun="bundle" listHeight={80} />
          {packageId && (
            <MessageBar intent="success" data-testid="import-done">
              <MessageBarBody>
                <MessageBarTitle>Package {packageId} created</MessageBarTitle>
                Its files are in an owner-only source folder; distribute it as any package.
              </MessageBarBody>
            </MessageBar>
          )}
        </>
      )}
    </Shell>
  )
})

/** Verify Package: re-hash the package's source folder against its recorded files. */
const VerifyPackageDialog = observer(function VerifyPackageDialog({
  request,
}: {
  request: Extract<BundleDialog, { kind: 'verify-package' }>
}) {
  const root = useRoot()
  const { busy, error, run } = useAsyncAction()
  const [result, setResult] = useState<(PackageVerifyDto & { files: number }) | null>(null)
  const verify = () =>
    run(async () => {
      const [r, files] = await Promise.all([
        root.transport.invoke('packages:verify', { id: request.packageId }),
        root.transport.invoke('packages:files', { id: request.packageId }),
      ])
      setResult({ ...r, files: files.length })
    })
  useEffect(() => {
    void verify()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request.packageId])
  return (
    <Shell
      title={`Verify Package ${request.packageName}`}
      testId="verify-package-dialog"
      actions={
        <Button onClick={() => void verify()} disabled={busy}>
          Verify Again
        </Button>
      }
    >
      {busy && <Spinner size="tiny" label="Hashing every file of the source folder…" />}
      <DialogError message={error} />
      {result && !busy && (
        <>
          <MessageBar intent={result.ok ? 'success' : 'warning'} data-testid="package-verdict">
            <MessageBarBody>
              <MessageBarTitle>
                {result.ok
                  ? `All ${plural(result.files, 'file')} match`
                  : `${plural(result.problems.length, 'problem')} found`}
              </MessageBarTitle>
              {result.ok
                ? 'Every file has the size and SHA-256 recorded when it was downloaded or imported.'
                : 'Download Content fetches missing files again; changed files must be removed first.'}
            </MessageBarBody>
          </MessageBar>
          {!result.ok && <ProblemTable testId="package-problems" rows={result.problems} />}
        </>
      )}
    </Shell>
  )
})

/** Download Content: fetch the package's missing files into its source folder, verified against the catalog. */
const DownloadContentDialog = observer(function DownloadContentDialog({
  request,
}: {
  request: Extract<BundleDialog, { kind: 'download' }>
}) {
  const root = useRoot()
  const { error, run } = useAsyncAction()
  const tasks = useTaskStarter()
  useEffect(() => {
    void run(() => tasks.start(() => root.transport.invoke('packages:download', { id: request.packageId })))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request.packageId])
  return (
    <Shell title={`Download Content of ${request.packageName}`} testId="download-content-dialog">
      <DialogError message={error} />
      {tasks.taskId ? (
        <TaskProgress taskId={tasks.taskId} />
      ) : (
        !error && <Spinner size="tiny" label="Starting…" />
      )}
    </Shell>
  )
})

/** The open bundle dialog, if any (mounted once by the dialog host). */
export const BundleDialogs = observer(function BundleDialogs() {
  const root = useRoot()
  const d = root.bundles.dialog
  if (!d) return null
  switch (d.kind) {
    case 'build':
      return <BuildBundleDialog request={d} />
    case 'verify':
      return <VerifyBundleDialog />
    case 'import':
      return <ImportBundleDialog />
    case 'verify-package':
      return <VerifyPackageDialog request={d} />
    case 'download':
      return <DownloadContentDialog request={d} />
  }
})
