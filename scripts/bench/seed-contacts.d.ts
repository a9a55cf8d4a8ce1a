import type { Db } from 'mongodb';
export declare function seedContacts(db: Db, options: { domain: string; count: number; receives: string[]; tag: string }): Promise<string[]>;
