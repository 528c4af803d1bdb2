import { describe, expect, it } from 'vitest'
import { devServerUrl, rendererUrl } from '../../../main/app/renderer-url'

describe('where Electron loads the renderer from', () => {
  it('a packaged app ignores ELECTRON_RENDERER_URL and loads its own files', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173' }
    expect(devServerUrl(true, env)).toBeUndefined()
    expect(rendererUrl('/opt/patchbay/out', devServerUrl(true, env))).toBe(
      'file:///opt/patchbay/out/renderer/index.html',
    )
  })

  it('an unpackaged (development) run uses the dev server when one is named', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173' }
    expect(rendererUrl('/src/out', devServerUrl(false, env))).toBe('http://127.0.0.1:5173')
    expect(rendererUrl('/src/out', devServerUrl(false, {}))).toBe('file:///src/out/renderer/index.html')
  })
})
