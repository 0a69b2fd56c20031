// The few parts of oidc-provider (shipped without types) the sign-in tests use.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  interface Account {
    accountId: string
    claims(): Promise<Record<string, unknown>>
  }

  interface Configuration {
    clients?: Array<Record<string, unknown>>
    claims?: Record<string, string[]>
    cookies?: { keys: string[] }
    findAccount?: (ctx: unknown, id: string) => Promise<Account | undefined>
    [key: string]: unknown
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration)
    callback(): (req: IncomingMessage, res: ServerResponse) => void
  }
}
