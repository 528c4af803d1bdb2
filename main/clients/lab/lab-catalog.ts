import type { Severity, WsusClassification } from '../platforms/types'

/** A Debian-like release the lab simulates. */
export interface LabDebianRelease {
  id: 'debian' | 'ubuntu'
  versionId: string
  codename: string
  prettyName: string
  name: string
  version: string
  /** Repository URIs by suite kind (printed in apt-cache policy only; the lab never contacts them). */
  mirror: string
  securityMirror: string
  /** The kernel meta-package and the running kernel release (`uname -r`) each of its versions boots. */
  kernel: { package: string; abis: Record<string, string> }
  /** `name arch installed candidate|- suites|- flags summary…`; flags: r = reboot required, o = optional. */
  packages: readonly string[]
}

/** Debian 12 (bookworm). */
export const DEBIAN_12: LabDebianRelease = {
  id: 'debian',
  versionId: '12',
  codename: 'bookworm',
  prettyName: 'Debian GNU/Linux 12 (bookworm)',
  name: 'Debian GNU/Linux',
  version: '12 (bookworm)',
  mirror: 'http://deb.debian.org/debian',
  securityMirror: 'http://deb.debian.org/debian-security',
  kernel: {
    package: 'linux-image-amd64',
    abis: { '6.1.76-1': '6.1.0-18-amd64', '6.1.90-1': '6.1.0-21-amd64' },
  },
  packages: [
    'adduser all 3.134 - - - add and remove users and groups',
    'apt amd64 2.6.1 - - - commandline package manager',
    'base-files amd64 12.4+deb12u4 12.4+deb12u5 bookworm - Debian base system miscellaneous files',
    'bash amd64 5.2.15-2+b2 5.2.15-2+b7 bookworm - GNU Bourne Again SHell',
    'ca-certificates all 20230311 20230311+deb12u1 bookworm - Common CA certificates',
    'coreutils amd64 9.1-1 - - - GNU core utilities',
    'curl amd64 7.88.1-10+deb12u5 7.88.1-10+deb12u6 bookworm-security - command line tool for transferring data with URL syntax',
    'dpkg amd64 1.21.22 - - - Debian package management system',
    'libc-bin amd64 2.36-9+deb12u3 2.36-9+deb12u4 bookworm-security - GNU C Library: Binaries',
    'libc6 amd64 2.36-9+deb12u3 2.36-9+deb12u4 bookworm-security r GNU C Library: Shared libraries',
    'libcurl4 amd64 7.88.1-10+deb12u5 7.88.1-10+deb12u6 bookworm-security - easy-to-use client-side URL transfer library (OpenSSL flavour)',
    'libssl3 amd64 3.0.11-1~deb12u2 3.0.13-1~deb12u1 bookworm-security - Secure Sockets Layer toolkit - shared libraries',
    'libxml2 amd64 2.9.14+dfsg-1.3~deb12u1 - - - GNOME XML library',
    'linux-image-amd64 amd64 6.1.76-1 6.1.90-1 bookworm-security r Linux for 64-bit PCs (meta-package)',
    'openssh-client amd64 1:9.2p1-2+deb12u1 1:9.2p1-2+deb12u2 bookworm-security - secure shell (SSH) client, for secure access to remote machines',
    'openssh-server amd64 1:9.2p1-2+deb12u1 1:9.2p1-2+deb12u2 bookworm-security - secure shell (SSH) server, for secure access from remote machines',
    'openssl amd64 3.0.11-1~deb12u2 3.0.13-1~deb12u1 bookworm-security - Secure Sockets Layer toolkit - cryptographic utility',
    'sudo amd64 1.9.13p3-1+deb12u1 - - - Provide limited super user privileges to specific users',
    'systemd amd64 252.19-1~deb12u1 252.22-1~deb12u1 bookworm - system and service manager',
    'tzdata all 2023c-5+deb12u1 2024a-0+deb12u1 bookworm-updates - time zone and daylight-saving time data',
    'intel-microcode amd64 3.20231114.1~deb12u1 3.20240312.1~deb12u1 bookworm-security ro Processor microcode firmware for Intel CPUs',
    'nginx amd64 1.22.1-9 1.22.1-9+deb12u1 bookworm-security o small, powerful, scalable web/proxy server',
    'openjdk-17-jre-headless amd64 17.0.9+9-1~deb12u1 17.0.10+7-1~deb12u1 bookworm-security o OpenJDK Java runtime, using Hotspot JIT (headless)',
    "postgresql-15 amd64 15.5-0+deb12u1 15.6-0+deb12u1 bookworm-security o The World's Most Advanced Open Source Relational Database",
    'unattended-upgrades all 2.9.1+nmu3 - - o automatic installation of security upgrades',
  ],
}

/** Ubuntu 22.04 LTS (jammy). */
export const UBUNTU_2204: LabDebianRelease = {
  id: 'ubuntu',
  versionId: '22.04',
  codename: 'jammy',
  prettyName: 'Ubuntu 22.04.4 LTS',
  name: 'Ubuntu',
  version: '22.04.4 LTS (Jammy Jellyfish)',
  mirror: 'http://archive.ubuntu.com/ubuntu',
  securityMirror: 'http://security.ubuntu.com/ubuntu',
  kernel: {
    package: 'linux-image-generic',
    abis: { '5.15.0.91.88': '5.15.0-91-generic', '5.15.0.97.95': '5.15.0-97-generic' },
  },
  packages: [
    'adduser all 3.118ubuntu5 - - - add and remove users and groups',
    'apt amd64 2.4.11 2.4.12 jammy-updates - commandline package manager',
    'base-files amd64 12ubuntu4.4 12ubuntu4.6 jammy-updates - Debian base system miscellaneous files',
    'bash amd64 5.1-6ubuntu1 5.1-6ubuntu1.1 jammy-updates - GNU Bourne Again SHell',
    'coreutils amd64 8.32-4.1ubuntu1 8.32-4.1ubuntu1.1 jammy-updates - GNU core utilities',
    'curl amd64 7.81.0-1ubuntu1.14 7.81.0-1ubuntu1.15 jammy-updates,jammy-security - command line tool for transferring data with URL syntax',
    'dpkg amd64 1.21.1ubuntu2.2 - - - Debian package management system',
    'libc-bin amd64 2.35-0ubuntu3.5 2.35-0ubuntu3.6 jammy-updates,jammy-security - GNU C Library: Binaries',
    'libc6 amd64 2.35-0ubuntu3.5 2.35-0ubuntu3.6 jammy-updates,jammy-security r GNU C Library: Shared libraries',
    'libssl3 amd64 3.0.2-0ubuntu1.12 3.0.2-0ubuntu1.14 jammy-updates,jammy-security - Secure Sockets Layer toolkit - shared libraries',
    'linux-image-generic amd64 5.15.0.91.88 5.15.0.97.95 jammy-updates,jammy-security r Generic Linux kernel image',
    'openssh-server amd64 1:8.9p1-3ubuntu0.4 1:8.9p1-3ubuntu0.6 jammy-updates,jammy-security - secure shell (SSH) server, for secure access from remote machines',
    'openssl amd64 3.0.2-0ubuntu1.12 3.0.2-0ubuntu1.14 jammy-updates,jammy-security - Secure Sockets Layer toolkit - cryptographic utility',
    'python3.10 amd64 3.10.12-1~22.04.2 3.10.12-1~22.04.3 jammy-updates,jammy-security - Interactive high-level object-oriented language (version 3.10)',
    'snapd amd64 2.58+22.04.1 2.61.3+22.04 jammy-updates - Daemon and tooling that enable snap packages',
    'sudo amd64 1.9.9-1ubuntu2.4 - - - Provide limited super user privileges to specific users',
    'systemd amd64 249.11-0ubuntu3.11 249.11-0ubuntu3.12 jammy-updates - system and service manager',
    'tzdata all 2023c-0ubuntu0.22.04.2 2024a-0ubuntu0.22.04 jammy-updates - time zone and daylight-saving time data',
    'intel-microcode amd64 3.20231114.0ubuntu0.22.04.1 3.20240312.0ubuntu0.22.04.1 jammy-updates,jammy-security ro Processor microcode firmware for Intel CPUs',
    'nginx amd64 1.18.0-6ubuntu14.4 1.18.0-6ubuntu14.5 jammy-updates,jammy-security o small, powerful, scalable web/proxy server',
    "postgresql-14 amd64 14.10-0ubuntu0.22.04.1 14.11-0ubuntu0.22.04.1 jammy-updates,jammy-security o The World's Most Advanced Open Source Relational Database",
  ],
}

/** The Debian-like releases, with their share of the Linux lab hosts. */
export const DEBIAN_RELEASES: readonly { release: LabDebianRelease; share: number }[] = [
  { release: DEBIAN_12, share: 0.7 },
  { release: UBUNTU_2204, share: 0.3 },
]

/** One row of a Debian release's package catalogue. */
export interface LabDebianCatalogRow {
  name: string
  arch: string
  installed: string
  candidate?: string
  suites: string[]
  rebootRequired: boolean
  optional: boolean
  summary: string
}

/** Parses a release's compact package rows. */
export function debianCatalog(release: LabDebianRelease): LabDebianCatalogRow[] {
  return release.packages.map((row) => {
    const [name, arch, installed, candidate, suites, flags, ...summary] = row.split(' ')
    return {
      name: name!,
      arch: arch!,
      installed: installed!,
      candidate: candidate === '-' ? undefined : candidate,
      suites: suites === '-' ? [] : suites!.split(','),
      rebootRequired: flags!.includes('r'),
      optional: flags!.includes('o'),
      summary: summary.join(' '),
    }
  })
}

/** A Windows edition the lab simulates. */
export interface LabWindowsRelease {
  osName: string
  osVersion: string
  build: string
  product: string
  /** Cumulative update KBs: [installed baseline, previous month, latest month]. */
  cumulative: readonly [string, string, string]
  cuName: string
  dotnetKb: string
  ssuKb?: string
}

/** The Windows editions, with their share of the Windows lab hosts. */
export const WINDOWS_RELEASES: readonly { release: LabWindowsRelease; share: number }[] = [
  {
    share: 0.5,
    release: {
      osName: 'Microsoft Windows Server 2022 Datacenter',
      osVersion: '10.0.20348',
      build: '10.0.20348.2227',
      product: 'Microsoft Server operating system-21H2',
      cumulative: ['KB5033118', 'KB5034129', 'KB5034770'],
      cuName: 'Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems',
      dotnetKb: 'KB5034613',
    },
  },
  {
    share: 0.3,
    release: {
      osName: 'Microsoft Windows Server 2019 Standard',
      osVersion: '10.0.17763',
      build: '10.0.17763.5329',
      product: 'Windows Server 2019',
      cumulative: ['KB5033371', 'KB5034127', 'KB5034768'],
      cuName: 'Cumulative Update for Windows Server 2019 for x64-based Systems',
      dotnetKb: 'KB5034619',
      ssuKb: 'KB5034863',
    },
  },
  {
    share: 0.2,
    release: {
      osName: 'Microsoft Windows 11 Enterprise',
      osVersion: '10.0.22631',
      build: '10.0.22631.3007',
      product: 'Windows 11',
      cumulative: ['KB5033375', 'KB5034123', 'KB5034765'],
      cuName: 'Cumulative Update for Windows 11 Version 23H2 for x64-based Systems',
      dotnetKb: 'KB5034467',
    },
  },
]

/** One Windows update the lab offers. */
export interface LabWindowsCatalogRow {
  kb: string
  title: string
  classification: WsusClassification
  severity: Severity
  rebootRequired: boolean
  month: string
  size: number
  supersedesKbs: string[]
}

/** The updates a Windows edition is offered, oldest cumulative first. */
export function windowsCatalog(r: LabWindowsRelease): LabWindowsCatalogRow[] {
  const [base, prev, latest] = r.cumulative
  const cu = (kb: string, month: string, supersedes: string[]): LabWindowsCatalogRow => ({
    kb,
    title: `${month} ${r.cuName} (${kb})`,
    classification: 'Security Updates',
    severity: 'Critical',
    rebootRequired: true,
    month,
    size: 300_000_000 + (Number(kb.slice(2)) % 97) * 1_000_000,
    supersedesKbs: supersedes,
  })
  const rows: LabWindowsCatalogRow[] = [
    cu(base, '2023-12', []),
    cu(prev, '2024-01', [base]),
    cu(latest, '2024-02', [base, prev]),
    {
      kb: r.dotnetKb,
      title: `2024-02 Cumulative Update for .NET Framework 3.5, 4.8 and 4.8.1 for ${r.product} for x64 (${r.dotnetKb})`,
      classification: 'Security Updates',
      severity: 'Important',
      rebootRequired: false,
      month: '2024-02',
      size: 72_500_000,
      supersedesKbs: [],
    },
    {
      kb: 'KB890830',
      title: 'Windows Malicious Software Removal Tool x64 - v5.121 (KB890830)',
      classification: 'Update Rollups',
      severity: '',
      rebootRequired: false,
      month: '2024-02',
      size: 64_400_000,
      supersedesKbs: [],
    },
    {
      kb: 'KB2267602',
      title:
        'Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.405.447.0)',
      classification: 'Definition Updates',
      severity: '',
      rebootRequired: false,
      month: '2024-02',
      size: 1_300_000,
      supersedesKbs: [],
    },
  ]
  if (r.ssuKb)
    rows.push({
      kb: r.ssuKb,
      title: `2024-02 Servicing Stack Update for ${r.product} for x64-based Systems (${r.ssuKb})`,
      classification: 'Security Updates',
      severity: 'Critical',
      rebootRequired: false,
      month: '2024-02',
      size: 13_200_000,
      supersedesKbs: [],
    })
  return rows
}
