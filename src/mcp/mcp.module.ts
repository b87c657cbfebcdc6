import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ChargesModule } from '../charges/charges.module';
import { ChargesTools } from '../charges/charges.tools';
import { McpController } from './mcp.controller';
import { McpHttpEndpoint } from './mcp-http.endpoint';
import { McpOriginMiddleware } from './mcp-origin.middleware';
import { McpServerFactory } from './mcp-server.factory';
import { McpToolRunner } from './mcp-tool.runner';

/** The /mcp endpoint: the charges operations as Model Context Protocol tools. */
@Module({
  imports: [ChargesModule],
  controllers: [McpController],
  providers: [ChargesTools, McpToolRunner, McpServerFactory, McpHttpEndpoint],
})
export class McpModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(McpOriginMiddleware).forRoutes(McpController);
  }
}
