import { Global, Module } from '@nestjs/common';
import { LifecycleState } from './lifecycle';

@Global()
@Module({ providers: [LifecycleState], exports: [LifecycleState] })
export class CommonModule {}
