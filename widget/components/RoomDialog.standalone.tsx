import type { RoomDialogProps } from './RoomDialog.js'
import { siblingView } from './sibling-view.js'

// The standalone script's build of `./RoomDialog.js` (widget/build.mjs points the import here): "New room" and
// "Room settings" live in bbb-spaces-room.js, loaded from beside this script the first time a manager opens one,
// and rendered there with its own Preact. Members, who never open it, keep a smaller widget.

export const RoomDialog = siblingView<RoomDialogProps>('bbb-spaces-room.js', 'BbbSpacesRoom', 'dialog')
