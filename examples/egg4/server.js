// Egg in one process (egg's start()), on 127.0.0.1; in production use
// egg-scripts / @eggjs/scripts as usual: the middleware is the same.
import { start } from 'egg';

const app = await start({ baseDir: import.meta.dirname });
const server = app.listen(Number(process.env.PORT ?? 7001), '127.0.0.1', () =>
  console.log(`listening on http://127.0.0.1:${server.address().port}`),
);
