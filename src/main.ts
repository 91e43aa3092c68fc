import { buildProgram } from './cli/program.ts';
import { ConfigError } from './config/config.ts';
import { isAppError } from './domain/errors.ts';
import { FormError } from './members/accounts.ts';

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  if (err instanceof FormError) {
    process.stderr.write(`paperboy: ${Object.entries(err.fields).map(([field, problem]) => `${field}: ${problem}`).join('; ')}\n`);
    process.exitCode = 1;
  } else if (err instanceof ConfigError || isAppError(err)) {
    process.stderr.write(`paperboy: ${err.message}\n`);
    process.exitCode = isAppError(err) ? 1 : 2;
  } else {
    throw err;
  }
}
