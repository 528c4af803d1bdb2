import { describe, expect, it } from 'vitest'
import { contentFileName } from '../../../../main/clients/content'

describe('content file names', () => {
  it('keeps real package and update file names as they are', () => {
    for (const name of [
      'libssl3_3.0.15-1~deb12u1_amd64.deb',
      'windows10.0-kb5034441-x64_9f3e1b2c.cab',
      'openssl-3.0.7-27.el9.x86_64.rpm',
    ])
      expect(contentFileName(name)).toBe(name)
  })

  it('percent-encodes every character outside the allow-list, so no shell or PowerShell reads a name as code', () => {
    expect(contentFileName(`x'$(calc)'.cab`)).toBe('x%27%24%28calc%29%27.cab')
    expect(contentFileName('kb‘$(calc)’.msu')).toBe('kb%e2%80%98%24%28calc%29%e2%80%99.msu')
    expect(contentFileName(`a ;touch\${IFS}PWNED;'.deb`)).toBe('a%20%3btouch%24%7bIFS%7dPWNED%3b%27.deb')
    expect(contentFileName('pkg_1:2.0_all.deb')).toBe('pkg_1%3a2.0_all.deb')
    expect(contentFileName('a%b:c')).toBe('a%25b%3ac')
    expect(contentFileName('-rf.deb')).toBe('%2drf.deb')
    expect(contentFileName('https://127.0.0.1/c/x y.cab')).toBe('x%20y.cab')
    for (const name of ['..', '../..', '']) expect(() => contentFileName(name)).toThrow(/is not usable/)
  })
})
