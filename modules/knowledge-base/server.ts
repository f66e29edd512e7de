/**
 * The knowledge base: articles for operators and residents, with sanitised rich text, a
 * revision kept on every change, and a search that ranks titles and tags first and forgives
 * typos.
 */
import './hooks/article.js'
import './search.js'
