import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'mcp-maax-cob:public';
/** Marks a route as reachable without a Bearer token (health, docs, metrics). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
