// Drafts: no lost work (decision 0020). A recording form ([data-draft-form]) posts what has
// been typed to its own address with _draft=1 a few seconds after the last change, and again
// when the page is hidden or left (sendBeacon survives the tab closing). The server keeps one
// draft per user and form and offers it back when the form is opened again.
const SAVE_AFTER_MS = 3000

for (const form of document.querySelectorAll('form[data-draft-form]')) {
  const status = form.querySelector('[data-draft-status]')
  let timer = null
  let dirty = false

  const payload = () => {
    const data = new FormData(form)
    data.set('_draft', '1')
    return data
  }

  const save = async () => {
    timer = null
    if (!dirty) return
    dirty = false
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body: payload(),
        credentials: 'same-origin',
        headers: { 'X-Requested-With': 'fetch' }
      })
      if (status) {
        status.textContent = response.status === 204
          ? 'Draft saved ' + new Date().toLocaleTimeString('en-GB', { hour: 'numeric', minute: '2-digit' })
          : 'Your draft could not be saved. Keep this page open and save the form when you can.'
      }
    } catch {
      dirty = true
      if (status) status.textContent = 'Sightline could not be reached: your draft is not saved yet.'
    }
  }

  const changed = () => {
    dirty = true
    if (timer) clearTimeout(timer)
    timer = setTimeout(save, SAVE_AFTER_MS)
  }
  form.addEventListener('input', changed)
  form.addEventListener('change', changed)

  let submitting = false
  form.addEventListener('submit', () => { submitting = true })
  const leave = () => {
    if (!dirty || submitting) return
    dirty = false
    navigator.sendBeacon(form.action, payload())
  }
  window.addEventListener('pagehide', leave)
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') leave()
  })
  // A forced sign-out or the idle timeout posts the sign-out form: save first.
  document.addEventListener('sightline:before-sign-out', leave)
}
