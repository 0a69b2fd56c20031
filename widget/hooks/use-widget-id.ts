import { useState } from 'react'

// The standalone widget is three scripts (main, schedule, admin), each with its own Preact, rendering separate roots
// into one shadow root; React's and Preact's useId count from the same start in every root, so two labels could
// name the same id. These ids carry a mark drawn once per script and a counter of that script: unique in the page.
const SCRIPT = Math.random().toString(36).slice(2, 7)
let next = 0

/** An id unique in the page for this component's lifetime (use instead of `useId`). */
export function useWidgetId(prefix = 'bbbs'): string {
  const [id] = useState(() => `${prefix}-${SCRIPT}-${(next += 1).toString(36)}`)
  return id
}
