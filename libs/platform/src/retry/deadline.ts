/** Waits for `work`, or fails with `message` once `ms` have passed (the work itself is not stopped). */
export async function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timeout: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timeout = setTimeout(() => reject(new Error(message)), Math.max(0, ms));
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timeout);
  }
}
