import type { ModulesContainer } from '@nestjs/core';

export type ControllerClass = new (...args: never[]) => object;

/**
 * Every handler method of every registered controller, read from Nest's module container (the
 * same on Express and Fastify). Used at boot only: the route table and the OpenAPI defaults.
 */
export function* controllerHandlers(
  modules: ModulesContainer,
): Generator<{ cls: ControllerClass; name: string; handler: Function }> {
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as ControllerClass | null;
      if (!cls?.prototype) continue;
      for (const name of Object.getOwnPropertyNames(cls.prototype)) {
        const handler = (cls.prototype as Record<string, unknown>)[name];
        if (name !== 'constructor' && typeof handler === 'function') yield { cls, name, handler };
      }
    }
  }
}
