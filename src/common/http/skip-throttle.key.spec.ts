import { SkipThrottle } from '@nestjs/throttler';
import { skipThrottleKey } from './skip-throttle.key';

describe('skipThrottleKey', () => {
  it('is the key under which @SkipThrottle() marks a handler for the default throttler', () => {
    class Controller {
      @SkipThrottle()
      handler(): void {}
    }
    expect(skipThrottleKey()).toBe('THROTTLER:SKIPdefault');
    expect(Reflect.getMetadata(skipThrottleKey(), Controller.prototype.handler)).toBe(true);
  });
});
