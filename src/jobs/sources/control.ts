import type { Config } from '../../config/config.ts';
import type { SourceControl } from '../../store/sources.ts';
import { runSource, type RunAttempt, type SourceDeps } from './run.ts';
import { sourceStatuses } from './status.ts';

/** The configured sources as pages see them: their state, and "run now" for admins. */
export function sourceControl(deps: SourceDeps & { config: SourceDeps['config'] & Pick<Config, 'sources' | 'dayBoundary'>; onRun?: (attempt: RunAttempt) => void }): SourceControl {
  const specs = deps.config.sources;
  return {
    specs,
    statuses: () => sourceStatuses(deps.store, specs, deps.config.dayBoundary.timeZone, (deps.now ?? (() => new Date()))()),
    async runNow(name) {
      const spec = specs.find((s) => s.name === name);
      if (!spec) return 'unknown';
      const [status] = await sourceStatuses(deps.store, [spec], deps.config.dayBoundary.timeZone);
      if (status!.running) return 'busy';
      // The page returns at once; the run records itself, and a failure is logged by runSource.
      void runSource(deps, spec, { trigger: 'admin' }).then((attempt) => deps.onRun?.(attempt)).catch((err: Error) => deps.logger.error({ source: name, error: err.message }, 'source run could not start'));
      return 'started';
    },
  };
}
