import { firstElements, type Call } from './caller.ts'

/** CI settings from `basicsettings`; colours as `#rrggbb`, `logo` as onOffice sends it (base64 or URL). */
export interface BasicSettings {
  color?: string
  color2?: string
  textcolorMail?: string
  systemUiColor?: string
  moduleIconUiColor?: string
  warningNoticeUiColor?: string
  spotColor?: string
  logo?: string
  claim?: string
  [key: string]: unknown
}

const CHARACTERISTICS = [
  'logo',
  'color',
  'color2',
  'textcolorMail',
  'claim',
  'systemUiColor',
  'moduleIconUiColor',
  'moduleIconShadeUiType',
  'warningNoticeUiColor',
  'showLogoInQuickbar',
  'spotColor',
]
const COLOURS = new Set([
  'color',
  'color2',
  'textcolorMail',
  'systemUiColor',
  'moduleIconUiColor',
  'warningNoticeUiColor',
  'spotColor',
])

/** Settings helpers. */
export interface SettingsApi {
  /** The customer's CI colours and logo. */
  basic(): Promise<BasicSettings>
}

export function settingsApi(call: Call): SettingsApi {
  return {
    async basic() {
      const result = await call({
        kind: 'read',
        resourcetype: 'basicsettings',
        parameters: { data: { basicData: { characteristicsCi: CHARACTERISTICS } } },
      })
      const basicData = firstElements(result)?.basicData
      const ci =
        basicData && typeof basicData === 'object'
          ? (basicData as Record<string, unknown>).characteristicsCi
          : undefined
      const out: BasicSettings = {}
      if (ci && typeof ci === 'object' && !Array.isArray(ci)) {
        for (const [key, value] of Object.entries(ci)) {
          // onOffice sends colours as hex without '#'; CSS needs it.
          out[key] =
            COLOURS.has(key) && typeof value === 'string' && value !== '' && !value.startsWith('#')
              ? `#${value}`
              : value
        }
      }
      return out
    },
  }
}
