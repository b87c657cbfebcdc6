import { Global, Module } from '@nestjs/common';
import { RouteTable } from './http/route-table';
import { LifecycleState } from './lifecycle';

@Global()
@Module({ providers: [LifecycleState, RouteTable], exports: [LifecycleState, RouteTable] })
export class CommonModule {}
