import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as root from '../../src/index.ts'
import * as php from '../../src/php.ts'
import * as schemas from '../../src/schemas.ts'

// The root is what an app author uses; PHP primitives and zod schemas have their own subpaths (F17), internals none.
describe('package entries', () => {
  it('the root has no PHP primitives, schemas or internal labels', () => {
    const names = Object.keys(root)
    for (const internal of [
      'ksort',
      'ksortRecursive',
      'httpBuildQuery',
      'parseStr',
      'phpUrlencode',
      'phpRawurlencode',
      'phpFloatToString',
    ])
      expect(names).not.toContain(internal)
    for (const schema of names.filter((n) => n.endsWith('Schema')))
      expect.fail(`root exports the schema ${schema}`)
    for (const internal of [
      'INSTALLATION_KEY_LABEL',
      'DEFAULT_KID',
      'SECURITY_PARAMS',
      'isReadKind',
      'actionKindOf',
    ])
      expect(names).not.toContain(internal)
    for (const app of [
      'createClient',
      'verifySignedUrl',
      'signOrder',
      'createInstallationStore',
      'OnOfficeConfigError',
      'OnOfficeApiError',
    ])
      expect(names).toContain(app)
  })

  it('onoffice-kit/php and onoffice-kit/schemas carry them, and package.json + tsdown list both', () => {
    expect(Object.keys(php).sort()).toEqual([
      'httpBuildQuery',
      'ksort',
      'ksortRecursive',
      'parseStr',
      'phpFloatToString',
      'phpRawurlencode',
      'phpUrlencode',
    ])
    expect(Object.keys(schemas).sort()).toEqual([
      'activationParamsSchema',
      'callbackParamsSchema',
      'orderAboSchema',
      'orderProductSchema',
      'orderSchema',
      'serviceParamsSchema',
    ])
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { exports: Record<string, unknown> }
    expect(pkg.exports['./php']).toEqual({ types: './dist/php.d.ts', default: './dist/php.js' })
    expect(pkg.exports['./schemas']).toEqual({
      types: './dist/schemas.d.ts',
      default: './dist/schemas.js',
    })
    const tsdown = readFileSync(new URL('../../tsdown.config.ts', import.meta.url), 'utf8')
    expect(tsdown).toContain("php: 'src/php.ts'")
    expect(tsdown).toContain("schemas: 'src/schemas.ts'")
  })
})
