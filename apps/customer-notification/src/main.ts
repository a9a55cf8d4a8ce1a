import 'reflect-metadata';
import { runService } from '@forewarn/platform';
import { NotificationConfig } from './notification.config';
import { notificationDescription, NotificationModule } from './notification.module';

runService(NotificationConfig, (config) => NotificationModule.register(config), notificationDescription);
