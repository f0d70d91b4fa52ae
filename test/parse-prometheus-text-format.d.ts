// The parser ships no types: what test/metrics.test.ts uses of it (its output is prom2json's).
declare module 'parse-prometheus-text-format' {
  export default function parsePrometheusTextFormat(text: string): unknown[];
}
