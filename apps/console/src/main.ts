import 'reflect-metadata';
import { ConfigError, loadConfig } from '@forewarn/platform';
import { ConsoleConfig } from './console.config';
import { startConsole } from './console-app';

Promise.resolve()
  .then(() => startConsole(loadConfig(ConsoleConfig, process.env)))
  .catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
