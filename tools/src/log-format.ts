const COLORS: Record<string, string> = { gateway: '35', registry: '36', inference: '32', experiment: '33', monitoring: '34', audit: '31', mizan: '1' };
const SKIP = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname']);

/** One child log line for a person: `[service] level message key=value…`; non-JSON lines pass through. */
export function formatLogLine(service: string, line: string, color = process.stdout.isTTY): string {
  const tag = color ? `\x1b[${COLORS[service] ?? '0'}m[${service}]\x1b[0m` : `[${service}]`;
  if (!line.startsWith('{')) return `${tag} ${line}`;
  try {
    const j = JSON.parse(line) as Record<string, unknown>;
    const extra = Object.entries(j)
      .filter(([k]) => !SKIP.has(k))
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    return `${tag} ${String(j.level ?? '').padEnd(5)} ${String(j.msg ?? '')}${extra ? `  ${extra}` : ''}`;
  } catch {
    return `${tag} ${line}`;
  }
}
