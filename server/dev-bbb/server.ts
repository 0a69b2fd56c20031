import type { AddressInfo } from 'node:net'
import express from 'express'
import { createDevBbb, type DevBbb, type DevBbbOptions } from './router.js'

export interface StartDevBbbOptions extends DevBbbOptions {
  /** Default 0 (a free port). */
  port?: number
  /** Default 127.0.0.1 (loopback). */
  host?: string
}

export interface RunningDevBbb {
  /** e.g. http://127.0.0.1:PORT/bigbluebutton/ */
  url: string
  secret: string
  dev: DevBbb
  close(): Promise<void>
}

/** Runs the development BBB server as a standalone app with the router mounted at `/bigbluebutton`. */
export async function startDevBbb(options: StartDevBbbOptions = {}): Promise<RunningDevBbb> {
  const { port = 0, host = '127.0.0.1', ...rest } = options
  const dev = createDevBbb(rest)
  const app = express()
  app.disable('x-powered-by')
  app.use('/bigbluebutton', dev.router)
  app.get('/', (_req, res) => void res.redirect(302, '/bigbluebutton/'))
  const server = app.listen(port, host)
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  let closing: Promise<void> | undefined
  return {
    url: `http://${shownHost}:${address.port}/bigbluebutton/`,
    secret: dev.secret,
    dev,
    close() {
      closing ??= (async () => {
        await dev.close()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
      })()
      return closing
    },
  }
}
