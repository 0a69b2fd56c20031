import { createRoot } from 'react-dom/client'
import { RoomLinkPage, type RoomLinkData } from './RoomLinkPage.js'

const dataElement = document.getElementById('room-link-data')
const root = document.getElementById('room-link-root')
if (dataElement && root) {
  const data = JSON.parse(dataElement.textContent ?? '{}') as RoomLinkData
  createRoot(root).render(<RoomLinkPage data={data} />)
}
