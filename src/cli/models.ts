import type { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { AppError } from '../domain/errors.ts';
import { listCachedModels, ModelHubError, modelDir, pullModel } from '../search/model-hub.ts';
import { progressBar } from './progress.ts';

/** `paperboy models pull|list`: the embeddings models kept in MODELS_DIR. */
export function registerModels(program: Command, config: () => Config): void {
  const models = program.command('models').description('embeddings models run in this process (EMBEDDINGS_MODEL), kept in MODELS_DIR');

  models.command('pull <id>').description('download a model from HF_HUB_URL into MODELS_DIR (checksums verified; resumes a broken-off download) and print where it is')
    .option('--revision <rev>', 'branch, tag or commit', 'main')
    .action(async (id: string, opts: { revision: string }) => {
      const { modelsDir, hubUrl, token } = config().models;
      const bar = progressBar();
      try {
        const manifest = await pullModel({ modelsDir, hubUrl, timeoutMs: config().httpTimeoutMs, ...(token ? { token } : {}) }, id, opts.revision,
          (file, bytes, total) => bar.update({ phase: file, done: bytes, total }));
        bar.done();
        const mb = Object.values(manifest.files).reduce((n, f) => n + f.bytes, 0) / 1_048_576;
        process.stdout.write(`${id} at ${manifest.revision} (${mb.toFixed(1)} MB, weights ${manifest.weights}) is in ${modelDir(modelsDir, id)}\n`);
      } catch (err) {
        bar.done();
        if (err instanceof ModelHubError) throw new AppError('upstream', err.message);
        throw err;
      }
    });

  models.command('list').description('the models in MODELS_DIR, with their revision and size')
    .action(() => {
      const cached = listCachedModels(config().models.modelsDir);
      if (cached.length === 0) process.stdout.write(`no models in ${config().models.modelsDir}\n`);
      for (const m of cached) process.stdout.write(`${m.modelId}\t${m.revision}\t${(m.bytes / 1_048_576).toFixed(1)} MB\t${m.weights}\tpulled ${m.pulledAt}\n`);
    });
}
