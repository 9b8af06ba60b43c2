// autocannon ships no types and @types/autocannon is not installed: just the part of its programmatic API
// the bench uses (see node_modules/autocannon/README.md, "API").
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  namespace autocannon {
    type Options = {
      url: string;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      connections?: number;
      duration?: number;
      amount?: number;
      timeout?: number;
      pipelining?: number;
      warmup?: { connections?: number; duration?: number };
      renderProgressBar?: boolean;
      renderResultsTable?: boolean;
      renderLatencyTable?: boolean;
      /** A sequence each connection goes through in turn; a request's fields replace the defaults above. */
      requests?: {
        method?: string; path?: string; headers?: Record<string, string>; body?: string;
        /** Called before each send of this request; returns the request to send (a falsy value restarts the list). */
        setupRequest?: (request: Record<string, unknown>, context: Record<string, unknown>) => Record<string, unknown> | null | undefined;
      }[];
    };
    type Histogram = {
      average: number; mean: number; stddev: number; min: number; max: number; total?: number;
      p50: number; p90: number; p97_5: number; p99: number; [key: string]: number | undefined;
    };
    type Result = {
      url: string;
      duration: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      resets: number;
      "1xx": number; "2xx": number; "3xx": number; "4xx": number; "5xx": number;
      statusCodeStats: Record<string, { count: number }>;
      latency: Histogram;
      requests: Histogram & { sent: number };
      throughput: Histogram;
    };
    type Instance = EventEmitter & PromiseLike<Result> & {
      on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): Instance;
      on(event: "reqError", listener: (error: Error) => void): Instance;
      on(event: string, listener: (...args: any[]) => void): Instance;
    };
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  function autocannon(options: autocannon.Options, callback: (error: Error | null, result: autocannon.Result) => void): autocannon.Instance;
  export = autocannon;
}
