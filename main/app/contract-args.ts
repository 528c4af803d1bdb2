// Zod-free on purpose: the sandboxed preload imports this file, and a sandboxed preload cannot require
// node_modules (electron-vite externalizes dependencies), so it must not pull in shared/contract's schemas.

const channelsFlag = '--patchbay-channels='
const eventsFlag = '--patchbay-events='
const namePattern = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/

/** The renderer command-line arguments (webPreferences.additionalArguments) that tell the preload the contract's names. */
export function contractArguments(channels: readonly string[], events: readonly string[]): string[] {
  return [channelsFlag + channels.join(','), eventsFlag + events.join(',')]
}

/** Reads the contract's channel and event names back from the renderer's argv (names not shaped `domain:verb` are dropped). */
export function readContractArguments(argv: readonly string[]): { channels: string[]; events: string[] } {
  const read = (flag: string) =>
    (argv.find((a) => a.startsWith(flag)) ?? flag)
      .slice(flag.length)
      .split(',')
      .filter((n) => namePattern.test(n))
  return { channels: read(channelsFlag), events: read(eventsFlag) }
}
