import 'reflect-metadata';
import { runService } from '@forewarn/platform';
import { BreachConfig } from './breach.config';
import { breachDescription, BreachModule } from './breach.module';

runService(BreachConfig, (config) => BreachModule.register(config), breachDescription);
