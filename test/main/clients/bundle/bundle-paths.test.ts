import { describe, expect, it } from 'vitest'
import { bundlePathProblem, pathConflicts } from '../../../../main/clients/bundle'

describe('bundle paths', () => {
  it.each([
    ['updates/kb5034441.msu', null],
    ['openssl_3.0.13-1~deb12u1_amd64.deb', null],
    ['Übersicht/更新.cab', null],
    ['', /empty path/],
    ['../x', /climbs out/],
    ['a/../../x', /climbs out/],
    ['/etc/passwd', /absolute/],
    ['C:/Windows/x', /absolute/],
    ['\\\\server\\share', /absolute/],
    ['a\\..\\x', /backslash/],
    ['a/./b', /"\." segment/],
    ['a//b', /empty/],
    ['a/', /empty/],
    ['a\u0000b', /NUL/],
    ['a\u0007b', /control or reserved/],
    ['file.msu:stream', /control or reserved/],
    ['what?.msu', /control or reserved/],
    ['CON', /reserved Windows device/],
    ['dir/nul.txt', /reserved Windows device/],
    ['trailing.', /ends with a dot/],
    ['trailing ', /ends with a dot or space/],
    ['e\u0301.txt', /NFC/],
    ['x'.repeat(256), /segment longer/],
    [Array.from({ length: 40 }, () => 'd').join('/'), /deeper/],
    [Array.from({ length: 20 }, () => 'd'.repeat(60)).join('/'), /path longer/],
  ])('%j → %s', (path, expected) => {
    const problem = bundlePathProblem(path)
    if (expected === null) expect(problem).toBeNull()
    else expect(problem).toMatch(expected)
  })

  it('finds duplicates, case-only duplicates, and file-versus-folder clashes', () => {
    expect(pathConflicts(['a', 'b/c', 'd'])).toEqual([])
    expect(pathConflicts(['a', 'a']).map(([p]) => p)).toEqual(['a'])
    expect(pathConflicts(['Readme.txt', 'README.TXT'])[0]?.[1]).toMatch(/differ only in case/)
    expect(pathConflicts(['x/y', 'X'])[0]?.[1]).toMatch(/needs it as a folder/)
  })
})
