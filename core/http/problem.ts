/**
 * @deprecated The domain error type lives below HTTP: import from `#core/errors/problem`.
 * Kept only so branches written before the move still compile; remove once merged.
 */
export * from '#core/errors/problem'
