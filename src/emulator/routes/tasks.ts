import { TASKS_READ_SCOPE, TaskPageSchema } from "../../contract/index.js";
import { authenticatePat } from "../auth.js";
import type { Route } from "../routing.js";
import type { PatStore } from "../store.js";

/**
 * Returns the `/v1/tasks` route. The emulator runs no tasks, so the list is always empty;
 * the route exists to exercise personal access token authentication.
 */
export function taskRoutes(store: PatStore): Route[] {
  return [
    {
      pattern: /^\/v1\/tasks$/,
      paramNames: [],
      methods: {
        GET: (context) => {
          const now = new Date();
          const record = authenticatePat(context.request, store, TASKS_READ_SCOPE, now);
          context.callerId = `pat:${record.id}`;
          store.markUsed(record, now.toISOString());
          return { status: 200, body: TaskPageSchema.parse({ value: [], continuationToken: null }) };
        },
      },
    },
  ];
}
