import { Module } from '@nestjs/common';
import { NoticeLinks } from './notice-links';

/** The pages customers reach from their emails, and the signed links that lead there. */
@Module({ providers: [NoticeLinks], exports: [NoticeLinks] })
export class CustomerLinksModule {}
