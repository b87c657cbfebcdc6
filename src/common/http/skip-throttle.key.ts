import { SkipThrottle } from '@nestjs/throttler';

/**
 * The metadata key `@SkipThrottle()` writes for the named throttler, read off the public decorator itself: the
 * library does not export its key prefix from its entry point, and importing it from the package's `dist/` would
 * tie us to its internal file layout.
 */
export function skipThrottleKey(throttler = 'default'): string {
  const probe = class {};
  SkipThrottle({ [throttler]: true })(probe);
  const [key] = Reflect.getOwnMetadataKeys(probe) as string[];
  if (typeof key !== 'string' || !key.endsWith(throttler))
    throw new Error('@nestjs/throttler: SkipThrottle wrote no metadata key for the throttler');
  return key;
}
