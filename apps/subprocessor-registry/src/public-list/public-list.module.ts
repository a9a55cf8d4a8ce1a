import { Module } from '@nestjs/common';
import { ListVersionsModule } from '../list-versions/list-versions.module';
import { PublicListController } from './public-list.controller';

@Module({ imports: [ListVersionsModule], controllers: [PublicListController] })
export class PublicListModule {}
