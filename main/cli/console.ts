import { Command } from 'commander'
import { globalOptions } from './context'
import { listenPortParser } from './parse'

/** `patchbay console`: the Electron console, or browser mode where Electron is missing or --browser is given. */
export function consoleCommand(): Command {
  return new Command('console')
    .description(
      'open the console (Electron, or a browser on 127.0.0.1 when Electron is missing or --browser is given)',
    )
    .option('--browser', 'serve the console to a browser instead of opening Electron')
    .option(
      '--port <n>',
      'browser-mode port on 127.0.0.1 (default: any free port)',
      listenPortParser('--port'),
    )
    .action(async (opts: { browser?: boolean; port?: number }, cmd: Command) => {
      const { runConsole } = await import('../server/launch-console')
      await runConsole({
        site: globalOptions(cmd).site,
        forceBrowser: opts.browser === true,
        port: opts.port,
        log: (line) => process.stdout.write(line + '\n'),
      })
    })
}
