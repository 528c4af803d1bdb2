import { describe, expect, it } from 'vitest'
import {
  formatNodeId,
  isUnderSoftwareUpdates,
  parseNodeId,
  staticNodeNames,
  type NodeId,
} from '../../../renderer/src/shell/node-id'

describe('tree node IDs', () => {
  it('reads and writes every kind of node with the string form prefs.lastNode keeps', () => {
    const cases: [string, NodeId][] = [
      ['collection:LAB00001', { kind: 'collection', id: 'LAB00001' }],
      ['package:LAB00002', { kind: 'package', id: 'LAB00002' }],
      ['updates:list:LAB00003', { kind: 'update-list', id: 'LAB00003' }],
      ['updates:search:7', { kind: 'search-folder', id: 7 }],
      ['updates:deployment:LAB00004', { kind: 'deployment', id: 'LAB00004' }],
      ['updates:package:LAB00005', { kind: 'deployment-package', id: 'LAB00005' }],
      ['reporting:scan-states-by-site', { kind: 'report', name: 'scan-states-by-site' }],
      ['updates:catalog:history', { kind: 'static', name: 'updates:catalog:history' }],
      ['updates:packages', { kind: 'static', name: 'updates:packages' }],
    ]
    for (const [text, node] of cases) {
      expect(parseNodeId(text)).toEqual(node)
      expect(formatNodeId(node)).toBe(text)
    }
    for (const name of staticNodeNames) expect(formatNodeId(parseNodeId(name)!)).toBe(name)
  })

  it('names no node for unknown strings', () => {
    expect(parseNodeId('nothing')).toBeNull()
    expect(parseNodeId('updates:search:abc')).toBeNull()
    expect(parseNodeId('updates:unknown')).toBeNull()
  })

  it('knows which nodes lie under Software Updates', () => {
    expect(isUnderSoftwareUpdates(parseNodeId('updates'))).toBe(true)
    expect(isUnderSoftwareUpdates(parseNodeId('updates:deployment:LAB00004'))).toBe(true)
    expect(isUnderSoftwareUpdates(parseNodeId('updates:search'))).toBe(true)
    expect(isUnderSoftwareUpdates(parseNodeId('packages'))).toBe(false)
    expect(isUnderSoftwareUpdates(parseNodeId('collection:LAB00001'))).toBe(false)
  })
})
