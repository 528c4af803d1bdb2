// This machine as a client: reached as root through a private test sshd on 127.0.0.1, its host key trusted.
import { expect } from 'vitest'
import type { ResourceDto } from '../../shared/dto/resource'
import type { Transport } from '../../shared/contract'
import type { Services } from '../../main/core/runtime/services'
import type { TestSshd } from './sshd'

/** Adds this machine as the client "this-machine" (root, the sshd's key), connects once trusting its key; fails the test if it cannot. */
export async function addThisMachine(
  services: Services,
  api: Transport,
  sshd: TestSshd,
): Promise<ResourceDto> {
  const host = await api.invoke('resources:create', {
    name: 'this-machine',
    address: '127.0.0.1',
    port: sshd.port,
    user: 'root',
    authMethod: 'key',
    identityFile: sshd.identityFile,
  })
  const connect = await services.wait(
    (await api.invoke('clients:connect', { targets: { resourceIds: [host.id] }, trustNewHostKeys: true })).id,
  )
  expect(connect.hosts[0]!.state, connect.hosts[0]!.message).toBe('succeeded')
  return host
}
