import type { StoreContext } from './context.js'
import { parseJson } from './context.js'
import type { RoomsTable } from './schema.js'
import type { NewRoom, Room, RoomPatch, RoomSettings } from '../model/index.js'
import type { RoomRepo } from './types.js'
import type { CodeCipher } from './code-cipher.js'

const CODE_FIELDS = ['accessCode', 'moderatorAccessCode'] as const

/** Rooms' access codes are sealed in the stored settings (code-cipher.ts), clear in the model. */
function codesIn(settings: RoomSettings, roomId: string, transform: (roomId: string, field: string, code: string) => string): RoomSettings {
  const out = { ...settings }
  for (const field of CODE_FIELDS) {
    const code = out[field]
    if (typeof code === 'string' && code !== '') out[field] = transform(roomId, field, code)
  }
  return out
}

function rowToRoom(row: RoomsTable, codes: CodeCipher): Room {
  return {
    id: row.id,
    spaceId: row.space_id,
    name: row.name,
    meetingId: row.meeting_id,
    isDefault: row.is_default === 1,
    settings: codesIn(parseJson<RoomSettings>(row.settings, {} as RoomSettings), row.id, codes.open),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

function roomToRow(room: NewRoom, now: number, codes: CodeCipher): RoomsTable {
  return {
    id: room.id,
    space_id: room.spaceId,
    name: room.name,
    meeting_id: room.meetingId,
    is_default: room.isDefault ? 1 : 0,
    settings: JSON.stringify(codesIn(room.settings, room.id, codes.seal)),
    created_at: now,
    updated_at: now,
  }
}

export function roomQueries(ctx: StoreContext): RoomRepo {
  const { db } = ctx
  const toRoom = (row: RoomsTable) => rowToRoom(row, ctx.codes)
  const toRow = (room: NewRoom, now: number) => roomToRow(room, now, ctx.codes)
  const sealed = (id: string, settings: RoomSettings) => JSON.stringify(codesIn(settings, id, ctx.codes.seal))
  const getDefault = async (spaceId: string) => {
    const row = await db
      .selectFrom('rooms')
      .selectAll()
      .where('space_id', '=', spaceId)
      .where('is_default', '=', 1)
      .executeTakeFirst()
    return row && toRoom(row)
  }

  return {
    async createRoom(room: NewRoom, now: number): Promise<Room> {
      const row = toRow(room, now)
      await db.insertInto('rooms').values(row).execute()
      return toRoom(row)
    },

    async getRoom(id: string): Promise<Room | undefined> {
      const row = await db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst()
      return row && toRoom(row)
    },

    async getRoomByMeetingId(meetingId: string): Promise<Room | undefined> {
      const row = await db.selectFrom('rooms').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst()
      return row && toRoom(row)
    },

    async listRooms(spaceId: string): Promise<Room[]> {
      const rows = await db
        .selectFrom('rooms')
        .selectAll()
        .where('space_id', '=', spaceId)
        .orderBy('is_default', 'desc')
        .orderBy('created_at', 'asc')
        .orderBy('name', 'asc')
        .execute()
      return rows.map(toRoom)
    },

    async ensureDefaultRoom(room: NewRoom, now: number): Promise<Room> {
      const existing = await getDefault(room.spaceId)
      if (existing) return existing
      // The partial unique index (space_id where is_default) makes the losers of a race insert nothing.
      await db
        .insertInto('rooms')
        .values(toRow({ ...room, isDefault: true }, now))
        .onConflict((oc) => oc.doNothing())
        .execute()
      const after = await getDefault(room.spaceId)
      if (!after) throw new Error(`the default room of space ${room.spaceId} could not be created`)
      return after
    },

    async updateRoom(id: string, patch: RoomPatch, now: number): Promise<Room | undefined> {
      return ctx.transaction(async (tx) => {
        const row = await tx
          .selectFrom('rooms')
          .selectAll()
          .where('id', '=', id)
          .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
          .executeTakeFirst()
        if (!row) return undefined
        const current = toRoom(row)
        const next: Room = {
          ...current,
          name: patch.name ?? current.name,
          settings: { ...current.settings, ...stripUndefined(patch.settings ?? {}) },
          updatedAt: now,
        }
        await tx
          .updateTable('rooms')
          .set({ name: next.name, settings: sealed(id, next.settings), updated_at: now })
          .where('id', '=', id)
          .execute()
        return next
      })
    },

    async setAccessCodeIfMissing(id: string, code: string): Promise<Room | undefined> {
      return ctx.transaction(async (tx) => {
        const row = await tx
          .selectFrom('rooms')
          .selectAll()
          .where('id', '=', id)
          .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
          .executeTakeFirst()
        if (!row) return undefined
        const current = toRoom(row)
        if (current.settings.accessCode) return current
        const now = ctx.clock.now()
        const next: Room = { ...current, settings: { ...current.settings, accessCode: code }, updatedAt: now }
        await tx.updateTable('rooms').set({ settings: sealed(id, next.settings), updated_at: now }).where('id', '=', id).execute()
        return next
      })
    },

    async deleteRoom(id: string): Promise<boolean> {
      const result = await db.deleteFrom('rooms').where('id', '=', id).executeTakeFirst()
      return result.numDeletedRows > 0n
    },
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
