import { defineConfig } from '@adonisjs/core/bodyparser'

export default defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  form: { convertEmptyStringsToNull: false, types: ['application/x-www-form-urlencoded'] },
  json: {
    convertEmptyStringsToNull: false,
    limit: '10mb',
    types: ['application/json', 'application/json-patch+json', 'application/vnd.api+json', 'application/csp-report', 'application/merge-patch+json'],
  },
  raw: { types: ['text/csv', 'text/plain'], limit: '20mb' },
  multipart: { autoProcess: true, convertEmptyStringsToNull: false, processManually: [], limit: '50mb', types: ['multipart/form-data'] },
})
