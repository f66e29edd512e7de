// Loaded before every spec file. Keep it free of side effects other than globals.
process.env.NODE_ENV = 'test'
