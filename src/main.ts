import { buildProgram } from './cli/program.ts';
import { describeFailure } from './cli/failure.ts';

try {
  await (await buildProgram()).parseAsync(process.argv);
} catch (err) {
  const { message, exitCode } = describeFailure(err);
  process.stderr.write(`paperboy: ${message}\n`);
  // The stack is for whoever debugs Paperboy, not for an operator's terminal.
  if (process.env.PAPERBOY_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exitCode = exitCode;
}
