import { Field, Input, makeStyles, Radio, RadioGroup, Select, Text, tokens } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { inventoryPrograms } from '../../../../shared/dto/wizard'
import { plural } from '../../lib/format'
import type { WizardStore } from './wizard-store'
import { AgentPage, DistributionPointsPage, NotifyPage } from './wizard-agent-pages'
import { DownloadPage, SourcePage, StatusPage } from './wizard-content-pages'
import { BundlePage, DonePage, ProgressPage, SummaryPage } from './wizard-end-pages'
import { UpdatesPage } from './wizard-updates-page'

/** Styles the wizard pages share. */
export const usePageStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '620px' },
  note: { color: tokens.colorNeutralForeground2 },
  table: { width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed' },
  th: {
    textAlign: 'left',
    position: 'sticky',
    top: 0,
    background: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    padding: '4px 6px',
    fontWeight: tokens.fontWeightSemibold,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  td: {
    padding: '3px 6px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  /** A cell whose whole text matters (command lines, reasons): wraps instead of clipping. */
  wrap: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
  num: { textAlign: 'right' },
  rowSelected: { background: tokens.colorNeutralBackground1Selected },
  listBox: {
    flexGrow: 1,
    minHeight: '160px',
    overflow: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
  },
  actions: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1 },
  dl: { display: 'grid', gridTemplateColumns: '210px minmax(0, 1fr)', rowGap: '6px', columnGap: '12px' },
  dt: { color: tokens.colorNeutralForeground2 },
  dd: { margin: 0, wordBreak: 'break-word' },
})

/** The content of the page on screen. */
export const WizardPageBody = observer(function WizardPageBody({ w }: { w: WizardStore }) {
  switch (w.page) {
    case 'welcome':
      return <WelcomePage w={w} />
    case 'type':
      return <TypePage w={w} />
    case 'package':
      return <PackagePage w={w} />
    case 'info':
      return <InfoPage w={w} />
    case 'inventory':
      return <InventoryPage w={w} />
    case 'updates':
      return <UpdatesPage w={w} />
    case 'source':
      return <SourcePage w={w} />
    case 'download':
      return <DownloadPage w={w} />
    case 'status':
      return <StatusPage w={w} />
    case 'dps':
      return <DistributionPointsPage w={w} />
    case 'agent':
      return <AgentPage w={w} />
    case 'notify':
      return <NotifyPage w={w} />
    case 'bundle':
      return <BundlePage w={w} />
    case 'summary':
      return <SummaryPage w={w} />
    case 'progress':
      return <ProgressPage w={w} />
    case 'done':
      return <DonePage w={w} />
  }
})

const WelcomePage = observer(function WelcomePage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  return (
    <div className={s.form}>
      <Text>
        Use this wizard to package software updates that the inventory scans found required on your clients.
        It downloads the update files into a package source folder, checks each update’s command line, and
        creates a package with a program that installs them, plus an update list. It creates no advertisement:
        advertise the package afterwards as any other.
      </Text>
      {w.existingId && w.packageMode === 'existing' && (
        <Text className={s.note}>The wizard starts from package {w.existingId}: its updates are ticked.</Text>
      )}
      <Field label="What do you want to build?">
        <RadioGroup value={w.mode} onChange={(_, d) => w.setMode(d.value as 'site' | 'offline')}>
          <Radio value="site" label="A package on this site, from the updates clients reported" />
          <Radio value="offline" label="Build an offline bundle from a catalog snapshot" />
        </RadioGroup>
      </Field>
      {w.mode === 'offline' && (
        <Field
          label="Catalog snapshot file"
          hint="Exported on the connected site with: patchbay catalog export"
        >
          <Input
            value={w.snapshot}
            onChange={(_, d) => w.set('snapshot', d.value)}
            placeholder="/media/usb/catalog.snapshot"
          />
        </Field>
      )}
    </div>
  )
})

const TypePage = observer(function TypePage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  if (w.updateTypesLoaded && w.updateTypes.length === 0)
    return <Text>No software update in the repository yet — scan clients first (All Tasks › Scan Now).</Text>
  return (
    <Field label="Update type">
      <RadioGroup
        value={w.updateType}
        onChange={(_, d) => w.set('updateType', d.value)}
        aria-label="Update type"
      >
        {w.updateTypes.map((t) => (
          <Radio
            key={t.key}
            value={t.key}
            disabled={w.mode === 'site' && t.applicable === 0}
            label={
              <span>
                {t.label}{' '}
                <span className={s.note}>
                  — {t.platform === 'windows' ? 'Windows' : 'Linux'},{' '}
                  {w.mode === 'site'
                    ? `${plural(t.applicable, 'update')} required or installed of ${t.updates}`
                    : plural(t.updates, 'update')}
                </span>
              </span>
            }
          />
        ))}
      </RadioGroup>
    </Field>
  )
})

const PackagePage = observer(function PackagePage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  const choices = w.existingChoices.filter((c) => c.updateType === w.updateType)
  return (
    <div className={s.form}>
      <RadioGroup value={w.packageMode} onChange={(_, d) => w.setPackageMode(d.value as 'new' | 'existing')}>
        <Radio value="new" label="Create a new package" />
        <Radio
          value="existing"
          label="Update an existing package"
          disabled={choices.length === 0 && !w.existing}
        />
      </RadioGroup>
      {w.packageMode === 'new' ? (
        <Field label="Package name" required hint="The program name defaults to it.">
          <Input value={w.name} onChange={(_, d) => w.set('name', d.value)} autoFocus />
        </Field>
      ) : (
        <Field label="Package">
          <Select value={w.existingId} onChange={(_, d) => w.set('existingId', d.value)}>
            <option value="">Choose a package…</option>
            {(w.existing && !choices.some((c) => c.packageId === w.existing!.packageId)
              ? [w.existing, ...choices]
              : choices
            ).map((c) => (
              <option key={c.packageId} value={c.packageId}>
                {c.name} ({c.packageId}) — {plural(c.updateIds.length, 'update')}
              </option>
            ))}
          </Select>
        </Field>
      )}
    </div>
  )
})

const InfoPage = observer(function InfoPage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  return (
    <div className={s.form}>
      <Field label="Program name" required>
        <Input value={w.programName} onChange={(_, d) => w.set('programName', d.value)} />
      </Field>
      <Field label="Publisher (organization)">
        <Input
          value={w.publisher}
          onChange={(_, d) => w.set('publisher', d.value)}
          placeholder="Contoso IT"
        />
      </Field>
    </div>
  )
})

const InventoryPage = observer(function InventoryPage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  const programs = inventoryPrograms[w.platform]
  return (
    <div className={s.form}>
      <Text>
        Before installing, clients run an inventory scan so that only updates they still need are applied.
        Keep the default unless you made another scan program.
      </Text>
      <Field label="Inventory scan to run">
        <RadioGroup
          value={w.inventoryProgram || programs[0]!.id}
          onChange={(_, d) => w.set('inventoryProgram', d.value)}
        >
          {programs.map((p) => (
            <Radio key={p.id} value={p.id} label={p.label} />
          ))}
        </RadioGroup>
      </Field>
    </div>
  )
})
