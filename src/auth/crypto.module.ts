import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';
import { EnvelopeCipher } from './envelope';

/** The AES-256-GCM envelope cipher (current + previous key), shared by auth and every cache of secrets. */
@Global()
@Module({
  providers: [
    {
      provide: EnvelopeCipher,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => new EnvelopeCipher(c.encryptionKeyHex, c.encryptionKeyHexPrevious),
    },
  ],
  exports: [EnvelopeCipher],
})
export class CryptoModule {}
