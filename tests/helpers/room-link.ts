import request from 'supertest'

/**
 * What a browser holds after loading a room link's page: its signed visitor cookie (`bbbs_visitor=…`), without
 * which an anonymous guest's join is refused (`403 visitor_required`). `headers` go with the page's request
 * (an `X-Forwarded-For`, a session `Cookie`).
 */
export async function visitorCookie(baseUrl: string, roomId: string, headers: Record<string, string> = {}): Promise<string> {
  const req = request(baseUrl).get(`/r/${roomId}`)
  for (const [name, value] of Object.entries(headers)) req.set(name, value)
  const page = await req
  const cookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).find((c) => c.startsWith('bbbs_visitor='))
  if (!cookie) throw new Error(`GET /r/${roomId} set no visitor cookie (status ${page.status})`)
  return cookie.split(';')[0]!
}
