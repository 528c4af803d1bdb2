import { describe, expect, it } from 'vitest'
import type { ResourceDto } from '../../../../shared/dto/resource'
import {
  restartPendingCell,
  restartPendingText,
  servicesCell,
  servicesText,
} from '../../../../renderer/src/features/resources/restart-text'
import { columnSets } from '../../../../renderer/src/shell/views'

const client = (fields: Partial<ResourceDto>) =>
  ({
    lastScanAt: '2026-12-07T10:00:00.000Z',
    rebootPending: false,
    rebootReasons: [],
    servicesToRestart: null,
    servicesNote: '',
    ...fields,
  }) as ResourceDto

describe('Resource Explorer restart lines and the computers list columns', () => {
  it('says whether a restart is pending and why', () => {
    const r = client({ rebootPending: true, rebootReasons: ['linux-image-6.1.0-21-amd64', 'libc6'] })
    expect(restartPendingText(r)).toBe('Restart pending: yes — linux-image-6.1.0-21-amd64, libc6')
    expect(restartPendingText(client({}))).toBe('Restart pending: no')
    expect(restartPendingText(client({ lastScanAt: null }))).toBeNull()
    expect(restartPendingCell(r)).toBe('Yes')
    expect(restartPendingCell(client({}))).toBe('No')
    expect(restartPendingCell(client({ lastScanAt: null }))).toBe('')
  })

  it('names the services to restart, says none, or why they were not checked', () => {
    const r = client({ servicesToRestart: ['ssh.service', 'cron.service'] })
    expect(servicesText(r)).toBe('Services to restart: ssh.service, cron.service')
    expect(servicesCell(r)).toBe('2')
    expect(servicesText(client({ servicesToRestart: [] }))).toBe('Services to restart: none')
    expect(servicesCell(client({ servicesToRestart: [] }))).toBe('0')
    const missing = client({ servicesNote: 'needrestart is not installed' })
    expect(servicesText(missing)).toBe('Services to restart: not checked (needrestart is not installed)')
    expect(servicesCell(missing)).toBe('not checked')
    // Windows and SUSE do not check services: no line, an empty cell.
    expect(servicesText(client({}))).toBeNull()
    expect(servicesCell(client({}))).toBe('')
  })

  it('the computers list has "Restart Pending" and "Services to Restart" columns', () => {
    const labels = columnSets.resources!.map((c) => c.label)
    expect(labels).toContain('Restart Pending')
    expect(labels).toContain('Services to Restart')
  })
})
