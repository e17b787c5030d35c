/**
 * Turns the production nginx/nginx.conf into a loopback config for the scale-out suite: the same directives,
 * with only the deployment-specific lines swapped (listen address, upstream servers, paths). Each swap must match
 * exactly once, so a reshaped production file fails the suite loudly instead of silently testing something else.
 */
export interface LoopbackNginxOptions {
  listenPort: number;
  apiPorts: number[];
  /** Built dashboard (frontend/dist). */
  staticRoot: string;
  /** Folder for pid, logs and temp files. */
  workDir: string;
}

function replaceOnce(source: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = source.match(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g'));
  if (!matches || matches.length !== 1) throw new Error(`nginx.conf: expected exactly one ${what}, found ${matches?.length ?? 0}`);
  return source.replace(pattern, replacement);
}

export function loopbackNginxConfig(production: string, options: LoopbackNginxOptions): string {
  const { listenPort, apiPorts, staticRoot, workDir } = options;
  let conf = production;
  const upstreamServers = (marker: string) => {
    const pattern = new RegExp(`# scale-test: ${marker}\\n(\\s*)server api:3000 ([^;]*);`);
    const match = pattern.exec(conf);
    if (!match) throw new Error(`nginx.conf: marker "${marker}" followed by "server api:3000 ...;" not found`);
    const [, indent, params] = match;
    const servers = apiPorts.map((port) => `${indent}server 127.0.0.1:${port} ${params};`).join('\n');
    conf = replaceOnce(conf, pattern, `# scale-test: ${marker}\n${servers}`, `${marker} block`);
  };
  upstreamServers('api-servers');
  upstreamServers('stream-servers');
  conf = replaceOnce(conf, /# scale-test: listen\n(\s*)listen 8080;/, `# scale-test: listen\n$1listen 127.0.0.1:${listenPort};`, 'listen');
  conf = replaceOnce(conf, /# scale-test: root\n(\s*)root [^;]+;/, `# scale-test: root\n$1root ${staticRoot};`, 'root');
  conf = replaceOnce(conf, /^worker_processes [^;]+;/m, 'worker_processes 1;', 'worker_processes');
  conf = replaceOnce(conf, /^pid [^;]+;/m, `pid ${workDir}/nginx.pid;`, 'pid');
  conf = replaceOnce(conf, /^error_log [^;]+;/m, `error_log ${workDir}/error.log warn;`, 'error_log');
  conf = replaceOnce(conf, /access_log [^;]+;/, `access_log ${workDir}/access.log;`, 'access_log');
  conf = conf.replace(/\/tmp\/nginx-(\w[\w-]*)/g, `${workDir}/$1`);
  // Run as root (CI): keep the workers as root too so they can read the checkout and the temp folder.
  if (process.getuid?.() === 0) conf = `user root;\n${conf}`;
  return conf;
}
