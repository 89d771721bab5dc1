// A background job's page (decision 0024): while the job waits or runs, fetch the page again
// every few seconds and put its new state in place. The state sentence is a status region
// (role="status", polite), so a screen reader hears it when it changes (a new stage, finished,
// failed) and not at every rule counted. Without JavaScript the page says how to refresh it.
const EVERY_MS = 3000
const GIVE_UP_AFTER_MS = 30 * 60 * 1000 // the page's "Refresh" link still works after that
const ACTIVE = new Set(['queued', 'running'])

const job = document.querySelector('[data-job][data-job-poll]')
if (job) {
  const said = job.querySelector('[data-job-said]')
  const detail = job.querySelector('[data-job-detail]')
  const started = Date.now()
  let failures = 0

  const poll = async () => {
    if (Date.now() - started > GIVE_UP_AFTER_MS) return
    try {
      const response = await fetch(job.dataset.jobPoll, {
        credentials: 'same-origin',
        headers: { 'X-Requested-With': 'fetch' }
      })
      if (!response.ok) throw new Error(String(response.status))
      const page = new DOMParser().parseFromString(await response.text(), 'text/html')
      const fresh = page.querySelector('[data-job]')
      if (!fresh) throw new Error('no job on the page')
      const freshSaid = fresh.querySelector('[data-job-said]')
      if (freshSaid && freshSaid.innerHTML.trim() !== said.innerHTML.trim()) {
        said.innerHTML = freshSaid.innerHTML
      }
      const freshDetail = fresh.querySelector('[data-job-detail]')
      if (freshDetail) detail.innerHTML = freshDetail.innerHTML
      job.dataset.jobState = fresh.dataset.jobState
      failures = 0
    } catch {
      failures += 1
      if (failures >= 5) return // Sightline cannot be reached: the Refresh link remains
    }
    if (ACTIVE.has(job.dataset.jobState)) setTimeout(poll, EVERY_MS)
  }
  setTimeout(poll, EVERY_MS)
}
