// Measures the XML readers of package.xml: the former hand-written scanner against saxes (through scanXml),
// on a generated catalog in the published OfflineSyncPackage shape, plus how each treats hostile documents.
// Run with `node bench/xml-scan.mjs [updates] [rounds]`; prints a table, asserts nothing.
import { scanXml } from '../../main/clients/catalog/xml-scan'
import { parseWsusPackageXml } from '../../main/clients/catalog/wsus-catalog'
import { buildPackageXml, type FixtureUpdate } from '../../test/main/clients/catalog/wsus-fixture'
import { handScanXml } from './hand-xml-scan'

const SECURITY = '0fa1201d-4330-4fa8-8ae9-b877473b6441'
const PRODUCT = '6964aab4-c5b5-43bd-a17d-ffb4346a8e1d'
const guid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

function catalog(count: number): string {
  const updates: FixtureUpdate[] = []
  for (let i = 1; i <= count; i++)
    updates.push({
      id: guid(i),
      rev: 100_000 + i,
      bundle: i % 3 !== 0,
      classification: SECURITY,
      products: [PRODUCT],
      supersededBy: i + 7 <= count ? [100_000 + i + 7] : [],
      bundledBy: i % 3 === 0 ? [100_000 + i - 1] : [],
      languages: ['en'],
      files: i % 3 === 0 ? [`f${i}/6eaeuQoaxb/PDc7rzRAleY=`] : [],
    })
  const locations: Array<[string, string]> = updates
    .filter((u) => u.files?.length)
    .map((u) => [u.files![0]!, `http://download.windowsupdate.com/c/msdownload/update/${u.rev}.cab`])
  return buildPackageXml(updates, locations)
}

function counting(): { open(): void; close(): void; count: number } {
  const h = {
    count: 0,
    open() {
      h.count++
    },
    close() {},
  }
  return h
}

function time(run: () => void): number {
  const start = process.hrtime.bigint()
  run()
  return Number(process.hrtime.bigint() - start) / 1e6
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function outcome(run: () => void): string {
  const before = process.memoryUsage().heapUsed
  const start = process.hrtime.bigint()
  let result = 'accepted'
  try {
    run()
  } catch (err) {
    result = `${(err as Error).name}: ${(err as Error).message.slice(0, 90)}`
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  const mb = (process.memoryUsage().heapUsed - before) / 2 ** 20
  return `${result} (${ms.toFixed(1)} ms, heap ${mb >= 0 ? '+' : ''}${mb.toFixed(1)} MiB)`
}

const HOSTILE: Array<[string, string]> = [
  [
    'billion laughs',
    `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">` +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join(
        '',
      ) +
      `]><OfflineSyncPackage>&lol9;</OfflineSyncPackage>`,
  ],
  [
    'external entity',
    `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><OfflineSyncPackage a="&x;"/>`,
  ],
  ['character reference out of range', `<OfflineSyncPackage a="&#99999999;"/>`],
  ['NUL in an attribute', `<OfflineSyncPackage a="\u0000"/>`],
  ['200k nested elements', `${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}`],
  [
    '100k attributes on one element',
    `<r ${Array.from({ length: 100_000 }, (_, i) => `a${i}="1"`).join(' ')}/>`,
  ],
  ['a 32 MiB attribute value', `<r a="${'x'.repeat(32 * 2 ** 20)}"/>`],
]

function main(): void {
  const count = Number(process.argv[2] ?? 100_000)
  const rounds = Number(process.argv[3] ?? 5)
  const xml = catalog(count)
  const mib = xml.length / 2 ** 20
  const hand = counting()
  const sax = counting()
  handScanXml(xml, 'package.xml', hand)
  scanXml(xml, 'package.xml', sax)
  if (hand.count !== sax.count) throw new Error(`element counts differ: ${hand.count} vs ${sax.count}`)
  const t = { hand: [] as number[], saxes: [] as number[], parse: [] as number[] }
  for (let r = 0; r < rounds; r++) {
    t.hand.push(time(() => handScanXml(xml, 'package.xml', counting())))
    t.saxes.push(time(() => scanXml(xml, 'package.xml', counting())))
    t.parse.push(time(() => parseWsusPackageXml(xml)))
  }
  console.log(
    `package.xml: ${count} updates, ${hand.count} elements, ${mib.toFixed(1)} MiB; ${rounds} rounds, median`,
  )
  for (const [name, ms] of [
    ['hand-written scanner', median(t.hand)],
    ['saxes (scanXml)', median(t.saxes)],
    ['parseWsusPackageXml (saxes)', median(t.parse)],
  ] as const)
    console.log(
      `  ${name.padEnd(30)} ${ms.toFixed(0).padStart(6)} ms  ${(mib / (ms / 1000)).toFixed(1).padStart(6)} MiB/s`,
    )
  console.log('hostile documents:')
  for (const [what, doc] of HOSTILE) {
    console.log(`  ${what}`)
    console.log(`    hand:  ${outcome(() => handScanXml(doc, 'x.xml', counting()))}`)
    console.log(`    saxes: ${outcome(() => scanXml(doc, 'x.xml', counting()))}`)
  }
}

main()
