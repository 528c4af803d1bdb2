/** WSUS UpdateClassification category GUIDs (lower-case) → the names the WSUS console shows. */
export const WSUS_CLASSIFICATIONS: Readonly<Record<string, string>> = {
  '0fa1201d-4330-4fa8-8ae9-b877473b6441': 'Security Updates',
  'e6cf1350-c01b-414d-a61f-263d14d133b4': 'Critical Updates',
  'cd5ffd1e-e932-4e3a-bf74-18bf0b1bbd83': 'Updates',
  '28bc880e-0592-4cbf-8f95-c79b17911d5f': 'Update Rollups',
  '68c5b0a3-d1a6-4553-ae49-01d3a7827828': 'Service Packs',
  'e0789628-ce08-4437-be74-2495b842f43b': 'Definition Updates',
  'b54e7d24-7add-428f-8b75-90a396fa584f': 'Feature Packs',
  'b4832bd8-e735-4761-8daf-37f882276dab': 'Tools',
  'ebfc1fc5-71a4-4f7b-9aca-3b9a503104a0': 'Drivers',
  '3689bdc8-b205-4af4-8d4a-a63924c5e9d5': 'Upgrades',
  '5c9376ab-8ce6-464a-b136-22113dd69801': 'Applications',
  '434de588-ed14-48f5-8eed-a15e09a991f6': 'Connectors',
  'e140075d-8433-45c3-ad87-e72345b36078': 'Developer Kits',
  '9511d615-35b2-47bb-927f-f73d8e9260bb': 'Guidance',
}

const BY_NAME = new Map(
  Object.values(WSUS_CLASSIFICATIONS).map((n) => [n.toLowerCase().replace(/[\s_-]/g, ''), n]),
)

/** The canonical classification name for a name as exports write it ("Security Updates", "SecurityUpdates", "security update"). */
export function normalizeClassification(name: string): string | undefined {
  const key = name.toLowerCase().replace(/[\s_-]/g, '')
  return BY_NAME.get(key) ?? BY_NAME.get(`${key}s`)
}

/** True for a GUID in 8-4-4-4-12 hex form (braces allowed). */
export const isGuid = (s: string): boolean =>
  /^\{?[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\}?$/.test(s)

/** A GUID lower-cased without braces. */
export const normalizeGuid = (s: string): string => s.replace(/[{}]/g, '').toLowerCase()
