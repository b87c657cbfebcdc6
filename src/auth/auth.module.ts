import { Global, Module } from '@nestjs/common';
import { AuthGuard } from './auth.guard';
import { InitializeController } from './initialize.controller';
import { InitializeService } from './initialize.service';
import { TokenService } from './token.service';

/** Bearer JWT verification (the global AuthGuard is registered in AppModule, after the route recorder). */
@Global()
@Module({
  controllers: [InitializeController],
  providers: [TokenService, AuthGuard, InitializeService],
  exports: [TokenService, AuthGuard, InitializeService],
})
export class AuthModule {}
