import 'reflect-metadata';
import { runService } from '@forewarn/platform';
import { RegistryConfig } from './registry.config';
import { registryDescription, RegistryModule } from './registry.module';

runService(RegistryConfig, (config) => RegistryModule.register(config), registryDescription);
