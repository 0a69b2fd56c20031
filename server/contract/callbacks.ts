/** `POST /callbacks/bbb/webhook` (from BigBlueButton): how many events were applied. */
export interface WebhookAnswer {
  received: number
}

/** `GET|POST /callbacks/bbb/end/:token`: whether the end was applied (a replayed or early call applies nothing). */
export interface EndCallbackAnswer {
  applied: boolean
}

/** `POST /callbacks/bbb/recording-ready`: the recording now known as ready. */
export interface RecordingReadyAnswer {
  recorded: string
}
