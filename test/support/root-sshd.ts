import { startSshd, type TestSshd } from './sshd'

/** A private sshd on 127.0.0.1 that lets root in with a key made for this run only. */
export type RootSshd = TestSshd

/** startSshd for root: for tests that must install packages on this machine over a real SSH connection. */
export function startRootSshd(): Promise<RootSshd> {
  return startSshd({ user: 'root' })
}
