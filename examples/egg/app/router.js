/**
 * @param {Egg.Application} app - egg application
 */
module.exports = app => {
  const { router, controller } = app;
  router.get('/', controller.home.index);
  router.get('/api/hello', controller.hello.index);
  router.post('/api/hello', controller.hello.create);
  router.get('/open', controller.hello.open);
  router.post('/open', controller.hello.open);
};
