// The room dialog's standalone script (`/widget/v1/bbb-spaces-room.js`): "New room" and "Room settings", with
// guests, access codes, presets, co-moderators, every setting group and the room's slides. Only managers open it:
// the main script (`bbb-spaces.js`) loads it from beside itself the first time one does
// (components/RoomDialog.standalone.tsx) and has it render into an element of its own tree (see sibling-views.tsx).
// It brings its own Preact, so every other page keeps a smaller main script.
import { RoomDialog } from './components/RoomDialog.js'
import { installViews, type SiblingViewsGlobal } from './sibling-views.js'

/** What the script renders: the room dialog. */
export type RoomView = 'dialog'

/** `window.BbbSpacesRoom`, set when this script has run. */
export type RoomScriptGlobal = SiblingViewsGlobal<RoomView>

installViews<RoomView>('BbbSpacesRoom', { dialog: RoomDialog })
