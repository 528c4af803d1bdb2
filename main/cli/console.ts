import { Command } from 'commander'
import { globalOptions } from './context'
import { collect, listenPortParser } from './parse'

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
    .option(
      '--allow-folder <dir>',
      'browser mode: let the page read and write files under this folder too (repeatable; ' +
        'always allowed: ~/Patchbay and the user data folder)',
      collect,
    )
    .option(
      '--allow-read-folder <dir>',
      'browser mode: let the page read files under this folder, e.g. ~/.ssh for identity files (repeatable)',
      collect,
    )
    .action(
      async (
        opts: { browser?: boolean; port?: number; allowFolder?: string[]; allowReadFolder?: string[] },
        cmd: Command,
      ) => {
        const { runConsole } = await import('../server/launch-console')
        await runConsole({
          site: globalOptions(cmd).site,
          forceBrowser: opts.browser === true,
          port: opts.port,
          allowFolders: opts.allowFolder,
          allowReadFolders: opts.allowReadFolder,
          log: (line) => process.stdout.write(line + '\n'),
        })
      },
    )
}
