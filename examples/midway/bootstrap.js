// Starts the compiled app (npm run build first), as Midway's own bootstrap.js does.
const { Bootstrap } = require('@midwayjs/bootstrap');

Bootstrap.configure({ baseDir: `${__dirname}/dist` }).run();
