import { isChecksumAlgorithm, type ChecksumAlgorithm } from '../bbb/index.js'
import { startDevBbb } from './server.js'

const USAGE =
  'usage: bbb-spaces bbb-dev [--port 8090] [--secret S] [--algorithms sha1,sha256,sha384,sha512] ' +
  '[--like bbb|scalelite] [--get-meetings-disabled] [--host 127.0.0.1]'

/** Where the command writes (the CLI's own sink has the same shape; dev-bbb does not import the CLI). */
export interface DevCliIo {
  stdout(line: string): void
  stderr(line: string): void
}

/**
 * `bbb-spaces bbb-dev`: runs the development BigBlueButton server until SIGINT/SIGTERM and prints, like
 * `bbb-conf --secret`, the lines `URL: …` and `Secret: …`. Exit status 2 on bad arguments.
 */
export async function bbbDev(args: string[], _env: Readonly<Record<string, string | undefined>>, io: DevCliIo): Promise<number> {
  const opts: { port: number; host: string; secret?: string; algorithms?: ChecksumAlgorithm[]; like: 'bbb' | 'scalelite'; getMeetingsDisabled: boolean } = {
    port: 8090,
    host: '127.0.0.1',
    like: 'bbb',
    getMeetingsDisabled: false,
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const value = () => inline ?? args[++i]
    switch (flag) {
      case '--port': {
        const port = Number(value())
        if (!Number.isInteger(port) || port < 0 || port > 65535) return bad(io, 'bad --port')
        opts.port = port
        break
      }
      case '--host':
        opts.host = value() ?? ''
        break
      case '--secret':
        opts.secret = value()
        if (!opts.secret) return bad(io, '--secret needs a value')
        break
      case '--algorithms': {
        const list = (value() ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)
        if (list.length === 0 || !list.every(isChecksumAlgorithm)) return bad(io, 'bad --algorithms')
        opts.algorithms = list
        break
      }
      case '--like': {
        const like = value()
        if (like !== 'bbb' && like !== 'scalelite') return bad(io, '--like must be bbb or scalelite')
        opts.like = like
        break
      }
      case '--get-meetings-disabled':
        opts.getMeetingsDisabled = true
        break
      case '--help':
      case '-h':
        io.stdout(USAGE)
        return 0
      default:
        return bad(io, `unknown option ${arg}`)
    }
  }
  const running = await startDevBbb(opts)
  io.stdout(`URL: ${running.url}`)
  io.stdout(`Secret: ${running.secret}`)
  const stop = () => {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    void running.close()
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  return 0
}

function bad(io: { stderr(line: string): void }, message: string): number {
  io.stderr(`bbb-spaces bbb-dev: ${message}`)
  io.stderr(USAGE)
  return 2
}
