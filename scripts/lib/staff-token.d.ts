export declare const ROLES: readonly string[];
export declare function issueStaffToken(options: { secret: string; sub: string; roles: string[]; ttl?: string }): Promise<string>;
