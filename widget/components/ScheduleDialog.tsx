import { lazy, Suspense } from 'react'
import type { ScheduleFormProps } from './ScheduleForm.js'
import { useSchedule } from './schedule-state.js'

// The form is loaded when first opened: a chunk for React hosts, bbb-spaces-schedule.js for the standalone script.
const Form = lazy(() => import('./ScheduledMeetings.js').then((m) => ({ default: m.ScheduleForm })))

/**
 * "Schedule…": the schedule dialog for a new meeting in a room (see {@link ScheduleForm}); the space view's list of
 * meetings is read again once it is booked.
 */
export function ScheduleDialog(props: ScheduleFormProps) {
  const schedule = useSchedule()
  return (
    <Suspense fallback={null}>
      <Form
        {...props}
        onScheduled={(meeting) => {
          schedule?.refresh()
          props.onScheduled?.(meeting)
        }}
      />
    </Suspense>
  )
}
