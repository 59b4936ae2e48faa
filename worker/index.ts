import { createApp } from './app';
import type { Env } from './env';
import { runMaintenance } from './maintenance';

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    ctx.waitUntil(
      runMaintenance(env).then(({ teams, purged }) =>
        console.log(`maintenance: ${purged} tombstones purged over ${teams} teams`),
      ),
    );
  },
} satisfies ExportedHandler<Env>;

export { app };
