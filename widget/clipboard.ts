/** Copies text to the clipboard; where the browser refuses, shows it in a prompt to copy by hand. */
export async function copyText(text: string, label: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
  } catch {
    window.prompt(label, text)
  }
}
