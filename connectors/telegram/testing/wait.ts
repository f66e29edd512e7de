/** Polls `check` every 20 ms until it holds; throws after `timeout` ms (specs without the app). */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeout = 5000) {
  const deadline = Date.now() + timeout
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}
