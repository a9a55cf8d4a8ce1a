export declare class PrivateService {
  constructor(options: { name: string; port: number; database: string; topicPrefix: string; env?: Record<string, string>; nodeArgs?: string[] });
  readonly name: string;
  readonly url: string;
  readonly running: boolean;
  start(timeoutMs?: number): Promise<this>;
  stop(): Promise<void>;
  kill(): Promise<void>;
}
export declare function startPrivateService(options: ConstructorParameters<typeof PrivateService>[0]): Promise<PrivateService>;
