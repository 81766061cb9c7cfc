const { createModule } = require('./app.module');

test('module registers its routes', () => {
  const mod = createModule();
  expect(mod.routes.map((r) => r.path)).toContain('/health');
});
