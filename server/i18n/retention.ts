/**
 * The recording-consent text added to BBB's welcome message when a meeting may be recorded (admins may replace it
 * in the retention settings). BBB shows the welcome message in the chat; `notifyRecordingIsOn` adds its own notice.
 */
export const RECORDING_CONSENT_TEXT = {
  fr:
    'Cette réunion peut être enregistrée. En restant, vous acceptez que votre image, votre voix et vos messages ' +
    'figurent dans l’enregistrement. Si vous ne le souhaitez pas, coupez votre caméra et votre micro ou quittez la réunion.',
  en:
    'This meeting may be recorded. By staying, you agree that your image, voice and messages may appear in the ' +
    'recording. If you do not want this, turn off your camera and microphone or leave the meeting.',
} as const satisfies { fr: string; en: string }
