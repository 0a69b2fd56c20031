import type request from 'supertest'

/** A supertest parser that keeps a non-JSON answer (a calendar, a page) as its UTF-8 text in `res.body`. */
export function asText(res: request.Response, done: (err: Error | null, body: string) => void): void {
  let data = ''
  res.setEncoding('utf8')
  res.on('data', (chunk: string) => (data += chunk))
  res.on('end', () => done(null, data))
}
