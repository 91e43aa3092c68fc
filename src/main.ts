import { buildProgram } from './cli/program.ts';
import { ConfigError } from './config/config.ts';
import { isAppError } from './domain/errors.ts';

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError || isAppError(err)) {
    process.stderr.write(`paperboy: ${err.message}\n`);
    process.exitCode = isAppError(err) ? 1 : 2;
  } else {
    throw err;
  }
}
