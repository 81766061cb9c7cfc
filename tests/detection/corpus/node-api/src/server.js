'use strict';

const express = require('express');
const { router: usersRouter } = require('./routes/users');
const { errorHandler } = require('./middleware/errors');

function createApp(db) {
  const app = express();
  app.use(express.json({ limit: '100kb' }));
  app.locals.db = db;
  app.get('/healthz', (req, res) => res.json({ ok: true }));
  app.use('/users', usersRouter);
  app.use(errorHandler);
  return app;
}

if (require.main === module) {
  const { Pool } = require('pg');
  const port = process.env.PORT || 3000;
  createApp(new Pool()).listen(port, () => {
    console.log(`listening on ${port}`);
  });
}

module.exports = { createApp };
