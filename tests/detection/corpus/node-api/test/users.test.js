const request = require('supertest');
const { createApp } = require('../src/server');

const fakeDb = (rows) => ({ query: jest.fn().mockResolvedValue({ rows }) });

describe('GET /users/:id', () => {
  it('returns the user', async () => {
    const app = createApp(fakeDb([{ id: 1, name: 'Ada', email: 'ada@example.com' }]));
    const res = await request(app).get('/users/1');
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Ada');
  });

  it('answers 404 for unknown users', async () => {
    const res = await request(createApp(fakeDb([]))).get('/users/99');
    expect(res.status).toBe(404);
  });
});
