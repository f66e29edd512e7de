/**
 * The knowledge base: articles for operators and residents, with sanitised rich text, a
 * revision kept on every change, and a search that ranks titles and tags first and forgives
 * typos (/api/v1/actions/kb.search).
 */
import { defineModule } from '#core/modules/define'
import { search } from './search.js'

export default defineModule({
  key: 'kb',
  actions: { search },
  async setup() {
    await import('./hooks/article.js')
  },
})
