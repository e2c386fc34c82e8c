export default (app) => {
  app.router.get('/api/hello', app.controller.hello.index);
  app.router.post('/api/hello', app.controller.hello.create);
  app.router.get('/open', app.controller.hello.open);
  app.router.post('/open', app.controller.hello.open);
};
