export declare function api(url: string, token: string, method?: string, body?: unknown): Promise<any>;
