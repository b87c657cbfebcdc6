import type { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { redactDeep } from './redact';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The process's one pino logger: JSON lines, secret-looking keys redacted at any depth. */
export function createRootLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'mcp-maax-cob' },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => redactDeep(obj) as Record<string, unknown>,
      },
    },
    // Buffered (8 KiB, below sonic-boom's 16 KiB maxWrite) asynchronous writes: one syscall per few lines instead of one per line;
    // main.ts flushes on shutdown.
    destination ?? pino.destination({ fd: 1, sync: false, minLength: 8192 }),
  );
}

/** Nest's LoggerService on top of pino, so framework messages are JSON lines too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(level: 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, params: unknown[]): void {
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    if (message !== null && typeof message === 'object') {
      this.logger[level]({ context, ...(message as object) });
    } else {
      const extra = params.length > 0 && level === 'error' && typeof params[0] === 'string' ? { stack: params[0] } : {};
      this.logger[level]({ context, ...extra }, String(message));
    }
  }

  log(message: unknown, ...params: unknown[]): void { this.write('info', message, params); }
  error(message: unknown, ...params: unknown[]): void { this.write('error', message, params); }
  warn(message: unknown, ...params: unknown[]): void { this.write('warn', message, params); }
  debug(message: unknown, ...params: unknown[]): void { this.write('debug', message, params); }
  verbose(message: unknown, ...params: unknown[]): void { this.write('trace', message, params); }
  fatal(message: unknown, ...params: unknown[]): void { this.write('error', message, params); }
}
