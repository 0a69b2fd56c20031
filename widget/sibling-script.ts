// The standalone widget's parts loaded on demand (bbb-spaces-admin.js, bbb-spaces-schedule.js) stand beside the
// main script, on the same origin. Each installs a global when it runs; the main script adds its <script> once,
// the first time a part is needed, and tries again on a later need if loading failed.

/** The main script's own address, read while it is being evaluated (null later, so read once here). */
export const mainScriptSrc = (() => {
  try {
    return (document.currentScript as HTMLScriptElement | null)?.src ?? ''
  } catch {
    return ''
  }
})()

/**
 * A loader of the part `file` that installs `window[globalName]`. Beside the main script, or under `fallbackBase()`
 * (a folder URL) when the main script's address is unknown (bundled into a host page).
 */
export function siblingScript<T>(file: string, globalName: string, fallbackBase: () => string): { installed(): T | undefined; load(): Promise<T> } {
  const installed = () => (window as unknown as Record<string, T | undefined>)[globalName]
  let pending: Promise<T> | null = null
  const load = () => {
    pending ??= new Promise<T>((resolve, reject) => {
      const ready = installed()
      if (ready) return resolve(ready)
      const script = document.createElement('script')
      script.src = new URL(file, mainScriptSrc || new URL(fallbackBase(), location.href)).href
      script.async = true
      script.onload = () => {
        const part = installed()
        if (part) resolve(part)
        else reject(new Error(`${file} did not install ${globalName}`))
      }
      script.onerror = () => reject(new Error(`could not load ${script.src}`))
      document.head.append(script)
    }).catch((err: unknown) => {
      pending = null // a later need tries again
      throw err
    })
    return pending
  }
  return { installed, load }
}
