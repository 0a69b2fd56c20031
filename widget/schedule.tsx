// The scheduled meetings' standalone script (`/widget/v1/bbb-spaces-schedule.js`): each room's list of upcoming
// meetings and the schedule, cancel and invitations dialogs. The main script (`bbb-spaces.js`) loads it from beside
// itself the first time a room shows its meetings or "Schedule…" opens (components/ScheduledMeetings.standalone.tsx)
// and has it render into elements of its own tree (see sibling-views.tsx). It brings its own Preact, so the main
// script stays within its budget for the pages that never plan a meeting.
import { RoomMeetings, ScheduleForm } from './components/ScheduledMeetings.js'
import { installViews, type SiblingViewsGlobal } from './sibling-views.js'

/** What the script renders: a room's list, or the schedule dialog. */
export type ScheduleView = 'room' | 'form'

/** `window.BbbSpacesSchedule`, set when this script has run. */
export type ScheduleScriptGlobal = SiblingViewsGlobal<ScheduleView>

installViews<ScheduleView>('BbbSpacesSchedule', { room: RoomMeetings, form: ScheduleForm })
