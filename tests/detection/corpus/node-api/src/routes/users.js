'use strict';

const express = require('express');

const router = express.Router();

router.get('/:id', async (req, res, next) => {
  try {
    const { rows } = await req.app.locals.db.query('SELECT id, name, email FROM users WHERE id = $1', [
      req.params.id,
    ]);
    if (rows.length === 0) return res.status(404).json({ error: 'not found' });
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});

router.post('/', async (req, res, next) => {
  const { name, email } = req.body;
  if (!name || !email) return res.status(400).json({ error: 'name and email are required' });
  try {
    const { rows } = await req.app.locals.db.query(
      'INSERT INTO users (name, email) VALUES ($1, $2) RETURNING id',
      [name, email],
    );
    res.status(201).json({ id: rows[0].id });
  } catch (err) {
    next(err);
  }
});

module.exports = { router };
