import type { RoomMeetingsProps, ScheduleFormProps } from './ScheduledMeetings.js'
import { siblingView } from './sibling-view.js'

// The standalone script's build of `./ScheduledMeetings.js` (widget/build.mjs points the import here): the list and
// dialogs of scheduled meetings live in bbb-spaces-schedule.js, loaded from beside this script the first time a
// room shows its meetings or "Schedule…" is opened, and rendered there with its own Preact. Pages that never plan
// a meeting keep a small widget.

export const RoomMeetings = siblingView<RoomMeetingsProps>('bbb-spaces-schedule.js', 'BbbSpacesSchedule', 'room')
export const ScheduleForm = siblingView<ScheduleFormProps>('bbb-spaces-schedule.js', 'BbbSpacesSchedule', 'form')
