import { DynamicModule, Inject, MiddlewareConsumer, Module, ModuleMetadata, NestModule, Type } from '@nestjs/common';
import { mcpController } from './mcp.controller';
import { McpHttpEndpoint } from './mcp-http.endpoint';
import { McpOriginMiddleware } from './mcp-origin.middleware';
import { McpServerFactory } from './mcp-server.factory';
import { McpTools, McpToolsClass } from './mcp-tool';
import { McpToolRunner } from './mcp-tool.runner';

const MCP_CONTROLLER = Symbol('MCP_CONTROLLER');

export interface McpModuleOptions {
  /** The feature modules that provide and export the classes in `tools`. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** Each feature's McpTools provider, in tools/list order; the first one's example is the Swagger page's. */
  tools: [McpToolsClass, ...McpToolsClass[]];
}

/** Every feature's tools as one McpTools; two tools of one name are a wiring error, refused at boot. */
function mergeTools(...features: McpTools[]): McpTools {
  const tools = features.flatMap((f) => f.tools);
  const names = tools.map((t) => t.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new Error(`Two MCP tools are named ${twice}`);
  return { instructions: features.flatMap((f) => f.instructions), tools };
}

/**
 * The /mcp endpoint: the Model Context Protocol transport for the tools the feature modules give it
 * (`McpModule.forRoot({ imports: [ChargesModule], tools: [ChargesTools] })`). It knows no feature.
 */
@Module({})
export class McpModule implements NestModule {
  constructor(@Inject(MCP_CONTROLLER) private readonly controller: Type<unknown>) {}

  static forRoot(options: McpModuleOptions): DynamicModule {
    const controller = mcpController(options.tools[0].example);
    return {
      module: McpModule,
      imports: options.imports,
      controllers: [controller],
      providers: [
        { provide: MCP_CONTROLLER, useValue: controller },
        { provide: McpTools, useFactory: mergeTools, inject: options.tools },
        McpToolRunner,
        McpServerFactory,
        McpHttpEndpoint,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(McpOriginMiddleware).forRoutes(this.controller);
  }
}
