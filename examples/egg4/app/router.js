export default (app) => {
  app.router.get('/api/hello', app.controller.hello.index);
  app.router.get('/open', app.controller.hello.open);
};
