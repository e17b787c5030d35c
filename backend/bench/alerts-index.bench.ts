/** Entry for bench/run-all.ts (which runs every *.bench.ts): the alert index benchmark, configured by ALERTS_BENCH_* env vars. */
import './alerts-index';
