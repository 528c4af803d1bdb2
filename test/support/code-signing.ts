import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { peerMissing } from './peers'

/** A test certificate authority and a code-signing certificate it issued, as PEM files. */
export interface TestSigner {
  dir: string
  /** The CA's certificate: the bundle a catalog import trusts. */
  caBundle: string
  cert: string
  key: string
}

function must(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr}`)
}

/** Why cabinets cannot be signed here (openssl, osslsigncode), or null; under CI a missing tool fails. */
export function codeSigningSkipReason(): string | null {
  const missing = ['openssl', 'osslsigncode'].find(
    (tool) => spawnSync(tool, [tool === 'openssl' ? 'version' : '--version'], { stdio: 'ignore' }).error,
  )
  return peerMissing(
    'code signing',
    missing ? `${missing} is not installed (apt-get install ${missing})` : null,
  )
}

/** Makes a CA (its own root) and a code-signing certificate with the given common name, with openssl. */
export function makeTestSigner(commonName: string, label = 'ca'): TestSigner {
  const dir = mkdtempSync(join(tmpdir(), `pb-codesign-${label}-`))
  const caKey = join(dir, 'ca.key')
  const caBundle = join(dir, 'ca.pem')
  const key = join(dir, 'signer.key')
  const csr = join(dir, 'signer.csr')
  const cert = join(dir, 'signer.pem')
  const ext = join(dir, 'ext.cnf')
  must('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    caKey,
    '-out',
    caBundle,
    '-days',
    '30',
    '-subj',
    `/CN=Patchbay Test Root ${label}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ])
  must('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    `/O=${commonName}/CN=${commonName}`,
  ])
  writeFileSync(
    ext,
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n',
  )
  must('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    caBundle,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-out',
    cert,
    '-days',
    '30',
    '-extfile',
    ext,
  ])
  return { dir, caBundle, cert, key }
}

/** Signs a cabinet with Authenticode (osslsigncode sign), writing the signed copy to `out`. */
export function signCab(signer: TestSigner, input: string, out: string): string {
  must('osslsigncode', ['sign', '-certs', signer.cert, '-key', signer.key, '-in', input, '-out', out])
  return out
}
