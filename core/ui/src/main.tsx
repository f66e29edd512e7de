import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './i18n.js'
import './styles.css'
import { App } from './App.js'

// `/` serves the app too; its own routes live under /app/
if (!location.pathname.startsWith('/app')) history.replaceState(null, '', '/app/')

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)
