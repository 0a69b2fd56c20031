// The floor for the widget's load time: React rendering one button, built the same way as the widget.
import { useState } from 'react'
import { createRoot } from 'react-dom/client'

function Hello() {
  const [clicks, setClicks] = useState(0)
  return <button type="button" onClick={() => setClicks(clicks + 1)}>Hello{clicks > 0 ? ` (${clicks})` : ''}</button>
}

const root = document.getElementById('hello-root')
if (root) createRoot(root).render(<Hello />)
