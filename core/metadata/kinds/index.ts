// Registers the engine's metadata kinds. Modules add their own kinds the same way.
import './entity.js'
import './role.js'
import './form.js'
import './view.js'
import './workflow.js'
import './automation.js'
import './connector.js'
import '#core/automation/runner'

export { registerKind, getKind, kindNames, type MetaKind, type Report } from './registry.js'
