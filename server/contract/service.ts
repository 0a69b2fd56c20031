/** `GET /healthz`. */
export interface HealthAnswer {
  status: 'ok' | 'degraded'
  store: 'ok' | 'error'
  bbb: 'ok' | 'secret_rejected' | 'unreachable'
}

/** `POST /demo/token` (demo platform only): a host token for the demo user. */
export interface DemoTokenAnswer {
  token: string
}
