/**
 * The `patchbay` CLI entry (built to out/main/cli.js, started by main/cli/patchbay.mjs). Every failure
 * ends as one `patchbay: <message>` line on stderr and a non-zero exit code, never a stack trace
 * (set PATCHBAY_DEBUG=1 to see one).
 */
async function main(): Promise<void> {
  // `patchbay client list | head` closes our stdout early: that is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw err
  })
  try {
    const { runCli } = await import('./run-cli')
    process.exitCode = await runCli(process.argv)
  } catch (err) {
    // Only reached when the CLI's own modules fail to load (e.g. a native module built for another Node).
    const message = err instanceof Error ? err.message : String(err)
    process.stderr.write(`patchbay: ${message.replace(/\s*\n\s*/g, ' ')}\n`)
    if (process.env.PATCHBAY_DEBUG && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`)
    process.exitCode = 1
  }
}

void main()
