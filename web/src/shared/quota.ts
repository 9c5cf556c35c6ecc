/** "2 CPU, 8Gi memory, 40Gi storage, 1 bucket" from a quota. */
export function quotaText(quota: Record<string, string | number | undefined>): string {
  const parts: string[] = [];
  if (quota.cpu !== undefined) parts.push(`${quota.cpu} CPU`);
  if (quota.memory !== undefined) parts.push(`${quota.memory} memory`);
  if (quota.storage !== undefined) parts.push(`${quota.storage} storage`);
  if (quota.objectBucketClaims !== undefined)
    parts.push(
      `${quota.objectBucketClaims} object bucket${quota.objectBucketClaims === 1 ? '' : 's'}`,
    );
  return parts.join(', ');
}
