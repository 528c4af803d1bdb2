import { normalizeSeverity, type WsusClassification } from './types'

/**
 * The WSUS classification of an RPM advisory (dnf type or zypper patch category):
 * security → Security Updates; a non-security fix of Critical severity → Critical Updates (WSUS's "critical,
 * non-security bug"); enhancement/feature/newpackage → Feature Packs; everything else (bugfix, recommended,
 * optional, custom types) → Updates.
 */
export function advisoryClassification(type: string, severity: string): WsusClassification {
  const t = type.trim().toLowerCase()
  if (t === 'security') return 'Security Updates'
  if (normalizeSeverity(severity) === 'Critical') return 'Critical Updates'
  if (t === 'enhancement' || t === 'feature' || t === 'newpackage') return 'Feature Packs'
  return 'Updates'
}

/** name, epoch:version-release and arch of an RPM NEVRA such as "glibc-2.28-26.fc29.x86_64". */
export function parseNevra(nevra: string): { name: string; evr: string; arch: string } | undefined {
  const m = /^(.+)-((?:\d+:)?[^-:]+-[^-]+)\.([^.]+)$/.exec(nevra.trim())
  return m ? { name: m[1]!, evr: m[2]!, arch: m[3]! } : undefined
}

/** The rpm query format for installed packages: name, [epoch:]version-release, arch. */
export const RPM_QUERY_FORMAT = '%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\n'
