// The typed webhook fields of c.var.onoffice: the record a union by module, declared parameters typed by the
// schema given to webhook({ params }), on an OnOfficeEnv app and on a plain one.
import { Hono } from 'hono'
import { describe, expectTypeOf, it } from 'vitest'
import { onOffice, webhook } from '../../src/hono/index.ts'
import type { OnOfficeEnv, OnOfficeWebhookContext } from '../../src/hono/index.ts'
import type { WebhookRecord } from '../../src/index.ts'
import { memoryKv } from '../../src/store/index.ts'

const oo = onOffice({
  publicUrl: 'https://provider.example',
  providerSecret: 'p',
  sessionSecret: 's'.repeat(32),
  encryptionKey: 'k'.repeat(32),
  kv: memoryKv(),
})

describe('webhook() fields on c.var.onoffice', () => {
  it('record is WebhookRecord | null and narrows by module; custom is empty without a schema', () => {
    new Hono<OnOfficeEnv>().get('/hook', webhook(oo), (c) => {
      expectTypeOf(c.var.onoffice.kind).toEqualTypeOf<'webhook'>()
      expectTypeOf(c.var.onoffice.record).toEqualTypeOf<WebhookRecord | null>()
      const r = c.var.onoffice.record
      if (r?.module === 'address')
        expectTypeOf(r).toEqualTypeOf<{ module: 'address'; id: string }>()
      expectTypeOf(c.var.onoffice.custom).toEqualTypeOf<Record<never, never>>()
      // @ts-expect-error: no parameter was declared
      void c.var.onoffice.custom.priority
      return c.text('ok')
    })
  })

  it('declared parameters are typed from the schema (const inference: no `as const` needed)', () => {
    new Hono().get(
      '/hook',
      webhook(oo, {
        params: {
          priority: 'integer',
          notify: 'boolean',
          kind: ['create', 'update'],
          note: 'string',
        },
      }),
      (c) => {
        const { custom } = c.var.onoffice
        expectTypeOf(custom.priority).toEqualTypeOf<number | null>()
        expectTypeOf(custom.notify).toEqualTypeOf<boolean | null>()
        expectTypeOf(custom.kind).toEqualTypeOf<'create' | 'update' | null>()
        expectTypeOf(custom.note).toEqualTypeOf<string | null>()
        // @ts-expect-error: only declared parameters are on custom
        void custom.other
        expectTypeOf(c.var.onoffice).toExtend<OnOfficeWebhookContext>()
        return c.text('ok')
      },
    )
  })

  it('modules and recordParams accept only the four webhook modules', () => {
    webhook(oo, { modules: ['estate', 'calendar'], recordParams: { task: 'aufgabe' } })
    // @ts-expect-error: contact is not a webhook module
    webhook(oo, { modules: ['contact'] })
    // @ts-expect-error: 'number' is not a parameter type
    webhook(oo, { params: { n: 'number' } })
  })
})
