import { describe, expect, it } from 'vitest'
import { isRendererUrl, isTrustedSender, type SenderFacts } from '../../../main/app/sender-guard'

const fileRenderer = 'file:///opt/Patchbay/resources/app.asar/out/renderer/index.html'
const trusted = { rendererUrl: fileRenderer, webContentsIds: new Set([3, 7]) }
const ok: SenderFacts = { frameUrl: fileRenderer, isMainFrame: true, webContentsId: 3 }

describe('isTrustedSender', () => {
  it('trusts the main frame of our window on our renderer, on any hash route', () => {
    expect(isTrustedSender(ok, trusted)).toBe(true)
    expect(
      isTrustedSender({ ...ok, frameUrl: `${fileRenderer}#/resource/12`, webContentsId: 7 }, trusted),
    ).toBe(true)
  })

  it('refuses a subframe', () => {
    expect(isTrustedSender({ ...ok, isMainFrame: false }, trusted)).toBe(false)
  })

  it('refuses a sender whose frame is gone', () => {
    expect(isTrustedSender({ ...ok, frameUrl: undefined }, trusted)).toBe(false)
  })

  it('refuses a webContents that is not one of our windows', () => {
    expect(isTrustedSender({ ...ok, webContentsId: 4 }, trusted)).toBe(false)
  })

  it('refuses other pages, files and schemes', () => {
    for (const frameUrl of [
      'https://evil.invalid/',
      'file:///opt/Patchbay/resources/app.asar/out/renderer/other.html',
      'file:///tmp/index.html',
      'file:///opt/Patchbay/resources/app.asar/out/renderer/../renderer/evil/index.html',
      'file://evil.invalid/opt/Patchbay/resources/app.asar/out/renderer/index.html',
      'data:text/html,<h1>hi</h1>',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isTrustedSender({ ...ok, frameUrl }, trusted), frameUrl).toBe(false)
    }
  })
})

describe('isRendererUrl with a dev server', () => {
  const dev = 'http://localhost:5173/'
  it('accepts the same origin on any path', () => {
    expect(isRendererUrl('http://localhost:5173/', dev)).toBe(true)
    expect(isRendererUrl('http://localhost:5173/index.html#/resource/1', dev)).toBe(true)
  })
  it('refuses another origin or credentials', () => {
    expect(isRendererUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isRendererUrl('https://localhost:5173/', dev)).toBe(false)
    expect(isRendererUrl('http://127.0.0.1:5173/', dev)).toBe(false)
    expect(isRendererUrl('http://user:pw@localhost:5173/', dev)).toBe(false)
  })
  it('refuses when our own URL is neither file nor http(s)', () => {
    expect(isRendererUrl('about:blank', 'about:blank')).toBe(false)
  })
})
