import type { OnOfficeLocale } from './options.ts'

/** The two languages the kit's pages speak. */
export type Lang = 'de' | 'en'

/**
 * Maps an onOffice language value (`DEU`, `ENG`, `de`, `en-GB`, `de_DE`, …) to a page language, or `null`
 * when it is neither German nor English.
 */
export function langOf(value: string | null | undefined): Lang | null {
  if (!value) return null
  const v = value.trim().toLowerCase()
  if (v === 'deu' || v === 'ger' || v === 'de' || v.startsWith('de-') || v.startsWith('de_'))
    return 'de'
  if (v === 'eng' || v === 'en' || v.startsWith('en-') || v.startsWith('en_')) return 'en'
  return null
}

/** First DE/EN language of an `Accept-Language` header, by quality. */
function langFromAcceptLanguage(header: string | null | undefined): Lang | null {
  if (!header) return null
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...rest] = part.trim().split(';')
      const q = rest.map((r) => r.trim()).find((r) => r.startsWith('q='))
      const quality = q === undefined ? 1 : Number(q.slice(2))
      return { tag, quality: Number.isFinite(quality) ? quality : 0, i }
    })
    .filter((e) => e.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.i - b.i)
  for (const e of ranked) {
    const lang = langOf(e.tag)
    if (lang) return lang
  }
  return null
}

/**
 * Picks the page language: a fixed `locale` wins; otherwise onOffice's `UserLanguage`, then `Accept-Language`,
 * then German (onOffice's home market).
 */
export function pickLang(
  locale: OnOfficeLocale,
  userLanguage: string | null | undefined,
  acceptLanguage: string | null | undefined,
): Lang {
  if (locale !== 'auto') return locale
  return langOf(userLanguage) ?? langFromAcceptLanguage(acceptLanguage) ?? 'de'
}

const texts = {
  de: {
    activationTitle: 'Freischaltung',
    activationIntro:
      'Kopieren Sie den API-Key, den onOffice Ihnen gerade anzeigt, in das Feld unten.',
    customer: 'Mandant',
    apiKeyLabel: 'API-Key',
    apiKeyPlaceholder: 'API-Key hier reinkopieren',
    activateService: '{service} freischalten',
    // {policy} = a link "Datenschutzerklärung" (+ " von <service>"); without a privacyPolicyUrl the plain sentence.
    consentPolicy: 'Ich habe die {policy} zur Kenntnis genommen und stimme der Freischaltung zu.',
    privacyPolicy: 'Datenschutzerklärung',
    privacyPolicyOf: 'von {service}',
    consentPlain:
      'Ich stimme der Freischaltung zu: {service} erhält Zugriff auf die Daten, die ich in onOffice freigebe.',
    theProvider: 'der Anbieter',
    consentFirst: 'Bitte stimmen Sie zuerst der Freischaltung zu',
    activate: 'Jetzt freischalten',
    activating: 'Wird freigeschaltet …',
    active: 'Aktiv',
    activeText: 'Aktiv — Sie können dieses Fenster schließen.',
    network: 'Keine Verbindung zum Server. Bitte versuchen Sie es erneut.',
    errorTitle: 'Das hat nicht geklappt',
    relaunchTitle: 'Bitte neu öffnen',
    activateTitle: 'Bitte freischalten',
    activateAgainTitle: 'Bitte erneut freischalten',
  },
  en: {
    activationTitle: 'Activation',
    activationIntro: 'Copy the API key onOffice is showing you into the field below.',
    customer: 'Customer',
    apiKeyLabel: 'API key',
    apiKeyPlaceholder: 'Paste the API key here',
    activateService: 'Activate {service}',
    consentPolicy: 'I have read the {policy} and agree to the activation.',
    privacyPolicy: 'privacy policy',
    privacyPolicyOf: 'of {service}',
    consentPlain:
      'I agree to the activation: {service} gets access to the data I share in onOffice.',
    theProvider: 'the provider',
    consentFirst: 'Please agree to the activation first',
    activate: 'Activate now',
    activating: 'Activating …',
    active: 'Active',
    activeText: 'Active — you can close this window.',
    network: 'Could not reach the server. Please try again.',
    errorTitle: 'That did not work',
    relaunchTitle: 'Please open again',
    activateTitle: 'Please activate',
    activateAgainTitle: 'Please activate again',
  },
} as const

/** UI texts of the kit's pages. */
export type Texts = { readonly [K in keyof (typeof texts)['de']]: string }

/** The page texts in `lang`. */
export function t(lang: Lang): Texts {
  return texts[lang]
}
