import { isBbbApiError, type BbbClient } from '../bbb/index.js'
import type { Clock, ClockTimer } from '../clock.js'
import type { Logger } from '../log.js'
import { APPLIED_WEBHOOK_EVENTS } from './webhook-events.js'

export type RegistrationOutcome = 'registered' | 'present' | 'unsupported' | 'failed'

/** Keeps the service's global bbb-webhooks hook registered. */
export interface WebhookRegistration {
  /** True once `hooks/list` answered and our hook is registered. */
  active(): boolean
  /** Registers the global hook unless present. Never throws. */
  register(): Promise<RegistrationOutcome>
  /** Registers now (waiting at most `firstWaitMs` for the answer), then checks again every `recheckMs`. */
  start(): Promise<void>
  close(): void
}

export interface WebhookRegistrationDeps {
  bbb: Pick<BbbClient, 'hooksList' | 'hooksCreate'>
  /** `${PUBLIC_URL}/callbacks/bbb/webhook`. */
  callbackUrl: string
  clock: Clock
  log: Logger
  /** How often the registration is checked again (hooks expire after failed deliveries). Default 5 min. */
  recheckMs?: number
  /** How long `start` waits for the first registration. Default 3 s. */
  firstWaitMs?: number
}

/**
 * The global hook's registration: `hooks/list`, then `hooks/create` for the applied events unless a global hook
 * (no meetingID) with our URL is there. Without bbb-webhooks (a FAILED answer, or Scalelite) it reports
 * `unsupported` and the live status runs on polling alone; a transport failure is retried at the next check.
 */
export function createWebhookRegistration(deps: WebhookRegistrationDeps): WebhookRegistration {
  const { bbb, callbackUrl, clock, log } = deps
  const recheckMs = deps.recheckMs ?? 5 * 60_000
  let hooksActive = false
  let timer: ClockTimer | null = null
  let closed = false

  async function register(): Promise<RegistrationOutcome> {
    try {
      const { hooks } = await bbb.hooksList()
      if (hooks.some((h) => h.callbackURL === callbackUrl && !h.meetingID)) {
        hooksActive = true
        return 'present'
      }
      await bbb.hooksCreate({ callbackURL: callbackUrl, eventID: [...APPLIED_WEBHOOK_EVENTS] })
      hooksActive = true
      log.info({ callbackUrl }, 'BBB webhook registered')
      return 'registered'
    } catch (err) {
      hooksActive = false
      if (isBbbApiError(err)) {
        // No bbb-webhooks (or Scalelite): polling alone keeps the status right.
        log.info({ messageKey: err.messageKey }, 'BBB webhooks unavailable; live status by polling only')
        return 'unsupported'
      }
      log.warn({ err: { message: String(err) } }, 'BBB webhook registration failed; will retry')
      return 'failed'
    }
  }

  function scheduleRecheck(): void {
    if (closed) return
    timer = clock.setTimeout(() => {
      void register().finally(scheduleRecheck)
    }, recheckMs)
  }

  return {
    active: () => hooksActive,
    register,
    async start() {
      const first = register()
      let wait: ClockTimer | null = null
      await Promise.race([first, new Promise<void>((resolve) => (wait = clock.setTimeout(resolve, deps.firstWaitMs ?? 3000)))])
      if (wait) clock.clearTimeout(wait)
      scheduleRecheck()
    },
    close() {
      closed = true
      if (timer) clock.clearTimeout(timer)
      timer = null
    },
  }
}
