/** SMS-style object IDs: a three-character site code followed by five uppercase hex digits (LAB00012). */
export const smsIdPattern = /^[A-Z0-9]{3}[0-9A-F]{5}$/

/** A site code: three letters or digits, starting with a letter (as ConfigMgr requires). */
export const siteCodePattern = /^[A-Z][A-Z0-9]{2}$/

/** Formats an SMS ID from a site code and a sequence number. */
export function formatSmsId(siteCode: string, sequence: number): string {
  if (!siteCodePattern.test(siteCode))
    throw new Error(`Site code ${JSON.stringify(siteCode)} is not three letters or digits`)
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 0xfffff)
    throw new Error(`Sequence ${sequence} does not fit in five hex digits`)
  return siteCode + sequence.toString(16).toUpperCase().padStart(5, '0')
}

/** True when the value looks like an SMS ID. */
export function isSmsId(value: string): boolean {
  return smsIdPattern.test(value)
}
