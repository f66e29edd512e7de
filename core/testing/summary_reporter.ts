import { writeSync } from 'node:fs'

/**
 * Prints failures as they happen and closes with exactly `N passed, N failed`.
 * Writes synchronously: Jasmine exits right after `jasmineDone`.
 * Suite-level (beforeAll/afterAll) and global failures count as failures too.
 */
export class SummaryReporter implements jasmine.CustomReporter {
  #passed = 0
  #failed = 0
  #started = Date.now()

  #print(text: string) {
    writeSync(1, text + '\n')
  }

  specDone(result: jasmine.SpecResult) {
    if (result.status === 'passed') {
      this.#passed++
      this.#print(`  ✓ ${result.fullName}`)
    } else if (result.status === 'failed') {
      this.#failed++
      this.#print(`  ✗ ${result.fullName}`)
      for (const f of result.failedExpectations) this.#print(`      ${f.message}\n${indent(f.stack)}`)
    } else {
      // excluded/pending specs are not allowed in main: count them as failures so they are seen
      this.#failed++
      this.#print(`  ! ${result.fullName} (${result.status})`)
    }
  }

  suiteDone(result: jasmine.SuiteResult) {
    for (const f of result.failedExpectations ?? []) {
      this.#failed++
      this.#print(`  ✗ suite ${result.fullName}: ${f.message}\n${indent(f.stack)}`)
    }
  }

  jasmineDone(result: jasmine.JasmineDoneInfo) {
    for (const f of result.failedExpectations ?? []) {
      this.#failed++
      this.#print(`  ✗ global: ${f.message}\n${indent(f.stack)}`)
    }
    if (result.overallStatus === 'incomplete' && this.#failed === 0) {
      this.#failed++
      this.#print(`  ✗ incomplete run: ${result.incompleteReason}`)
    }
    this.#print(`\n${((Date.now() - this.#started) / 1000).toFixed(1)} s`)
    this.#print(`${this.#passed} passed, ${this.#failed} failed`)
  }
}

function indent(text: string | undefined) {
  return (text ?? '')
    .split('\n')
    .slice(0, 8)
    .map((l) => '        ' + l)
    .join('\n')
}
