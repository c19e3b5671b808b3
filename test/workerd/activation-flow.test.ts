import { env } from 'cloudflare:workers'
import { it } from 'vitest'
import { cloudflareKv } from '../../adapters/cloudflare.ts'
import { runActivationFlow } from '../shared/activation-flow.ts'

it('activation → launch → session inside workerd on cloudflareKv (real KV binding)', () =>
  runActivationFlow(cloudflareKv(env.TEST_KV)))
