import { afterEach, describe, expect, it } from 'vitest'
import { generatedRoomNames } from '../../server/rooms/rooms.js'
import { openTestStore } from '../helpers/databases.js'
import { newRoom } from './contract.js'

// Issue 15: the default room is named after the space's display name, never its slug; the name a host gives is
// stored, and a default room the service named (the slug-based name of 0.1 included) is renamed with it, while a
// name a manager chose stays.

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`store: space display names (${kind})`, () => {
    const cleanups: Array<() => Promise<void>> = []
    afterEach(async () => {
      await Promise.all(cleanups.splice(0).map((c) => c()))
    })
    const open = async () => {
      const opened = await openTestStore(kind)
      cleanups.push(opened.cleanup)
      return opened.store
    }

    it('stores the name, renames a slug-named default room once, and says when nothing changed', async () => {
      const store = await open()
      await store.createRoom(newRoom('aaa-aaa-aaa-aaa', 'team-alpha', { isDefault: true, name: 'team-alpha — meeting room' }), 1)
      await store.createRoom(newRoom('bbb-bbb-bbb-bbb', 'team-alpha', { name: 'Sprint' }), 1)
      expect(await store.getSpaceName('team-alpha')).toBeNull()

      const rename = { from: generatedRoomNames('team-alpha', null), to: 'Équipe Alpha — salle de réunion' }
      expect(await store.setSpaceName('team-alpha', 'Équipe Alpha', rename, 2)).toBe(true)
      expect(await store.getSpaceName('team-alpha')).toBe('Équipe Alpha')
      expect((await store.getRoom('aaa-aaa-aaa-aaa'))?.name).toBe('Équipe Alpha — salle de réunion')
      expect((await store.getRoom('bbb-bbb-bbb-bbb'))?.name).toBe('Sprint')
      expect(await store.setSpaceName('team-alpha', 'Équipe Alpha', rename, 3)).toBe(false)

      // The host renames the space: the default room follows.
      const again = { from: generatedRoomNames('team-alpha', 'Équipe Alpha'), to: 'Équipe A — salle de réunion' }
      expect(await store.setSpaceName('team-alpha', 'Équipe A', again, 4)).toBe(true)
      expect((await store.getRoom('aaa-aaa-aaa-aaa'))?.name).toBe('Équipe A — salle de réunion')
      expect(await store.getSpaceName('team-alpha')).toBe('Équipe A')
    })

    it('leaves a default room a manager renamed, and other spaces alone', async () => {
      const store = await open()
      await store.createRoom(newRoom('ccc-ccc-ccc-ccc', 'team-beta', { isDefault: true, name: 'Notre salle' }), 1)
      await store.createRoom(newRoom('ddd-ddd-ddd-ddd', 'team-gamma', { isDefault: true, name: 'Meeting room' }), 1)
      await store.setSpaceName('team-beta', 'Équipe Bêta', { from: generatedRoomNames('team-beta', null), to: 'Équipe Bêta — meeting room' }, 2)
      expect((await store.getRoom('ccc-ccc-ccc-ccc'))?.name).toBe('Notre salle')
      expect((await store.getRoom('ddd-ddd-ddd-ddd'))?.name).toBe('Meeting room')
      expect(await store.getSpaceName('team-gamma')).toBeNull()
    })
  })
}
