#!/usr/bin/env python3
"""Helpers of soak.sh: a misbehaving OTLP receiver, the sampler, the checks and the plot.

  soak.py receiver PORTFILE SECONDS   OTLP/HTTP on 127.0.0.1 that, over SECONDS, is up, down,
                                      hanging, answering 503, then up again (a fifth each);
                                      stays up after that
  soak.py sample PID BASE DIR SECONDS OUT.csv   every 5 s for SECONDS: heap after GC, trace
                                      directory bytes and files, threads, fds, span counters
  soak.py check OUT.csv FINAL.json MAX_TOTAL_SIZE WRK_RESULT SVG   the bounds; exit 1 if one breaks
Everything stays on 127.0.0.1; every loop is bounded by its SECONDS.
"""
import http.server
import json
import os
import re
import socketserver
import subprocess
import sys
import threading
import time
import urllib.request

PHASES = ["up", "down", "hanging", "503", "up"]


def phase_at(elapsed, seconds):
    index = int(elapsed * len(PHASES) / seconds)
    return PHASES[min(index, len(PHASES) - 1)]


def receiver(portfile, seconds):
    start = time.monotonic()
    state = {"mode": "up"}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            self.rfile.read(length)
            if state["mode"] == "hanging":
                # Hold the request without an answer while the phase lasts (bounded by it).
                while state["mode"] == "hanging":
                    time.sleep(0.2)
                self.close_connection = True
                return
            if state["mode"] == "503":
                self.send_response(503)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", "0")
            self.end_headers()

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        allow_reuse_address = True
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    with open(portfile, "w") as out:
        out.write(f"{port}\n")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # One past the schedule: the last phase ("up") lasts until the script stops us.
    while time.monotonic() - start < seconds:
        mode = phase_at(time.monotonic() - start, seconds)
        if mode != state["mode"]:
            print(f"receiver: {mode} at {time.monotonic() - start:.0f}s", file=sys.stderr, flush=True)
            if mode == "down":
                server.shutdown()
                server.server_close()
            elif state["mode"] == "down":
                server = Server(("127.0.0.1", port), Handler)
                threading.Thread(target=server.serve_forever, daemon=True).start()
            state["mode"] = mode
        time.sleep(0.2)
    threading.Event().wait()


def get_json(url, method="GET"):
    request = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(request, timeout=15) as response:
        return json.loads(response.read())


def heap_after_gc(pid, base):
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=60)
    # What the full GC left: Micrometer's live data size (the old generation after the collection).
    # GC.heap_info, read a moment later, would add what the load allocated meanwhile.
    try:
        body = get_json(base + "/actuator/metrics/jvm.gc.live.data.size")
        return body["measurements"][0]["value"] / (1024 * 1024)
    except Exception:
        pass
    info = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    match = re.search(r"used (\d+)K", info)
    return int(match.group(1)) / 1024 if match else -1


def directory(path):
    total, files = 0, 0
    for root, _, names in os.walk(path):
        for name in names:
            if name.endswith(".jsonl"):
                try:
                    total += os.stat(os.path.join(root, name)).st_size
                    files += 1
                except FileNotFoundError:
                    pass
    return total, files


def threads(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return -1


def exporters(base):
    body = get_json(base + "/actuator/agenttracing")
    result = {}
    for exporter in body["exporters"]:
        result[exporter["name"]] = (exporter["spansExported"], exporter["spansDropped"],
                                    exporter["spansDroppedQueueFull"])
    return result


def spool_bytes(base):
    # The spool's bytes on disk, 0 when it is off (agent.tracing.export.spool.enabled, soak.sh -spool).
    spool = get_json(base + "/actuator/agenttracing").get("counters", {}).get("spool")
    return spool["sizeOnDiskBytes"] if spool else 0


COLUMNS = ["t", "phase", "heap_mb", "dir_bytes", "files", "threads", "fds", "spool_bytes"]


def sample(pid, base, path, seconds, out):
    start = time.monotonic()
    names = None
    with open(out, "w") as csv:
        while time.monotonic() - start < seconds:
            began = time.monotonic()
            elapsed = began - start
            heap = heap_after_gc(pid, base)
            size, files = directory(path)
            counters = exporters(base)
            if names is None:
                names = sorted(counters)
                header = COLUMNS + [f"{n}_{k}" for n in names for k in ("exported", "dropped", "queuefull")]
                csv.write(",".join(header) + "\n")
            row = [f"{elapsed:.0f}", phase_at(elapsed, seconds), f"{heap:.1f}", str(size), str(files),
                   str(threads(pid)), str(len(os.listdir(f"/proc/{pid}/fd"))), str(spool_bytes(base))]
            for name in names:
                row += [str(v) for v in counters.get(name, (0, 0, 0))]
            csv.write(",".join(row) + "\n")
            csv.flush()
            time.sleep(max(0.0, 5 - (time.monotonic() - began)))


def read(csv):
    with open(csv) as lines:
        header = lines.readline().strip().split(",")
        return header, [dict(zip(header, line.strip().split(","))) for line in lines if line.strip()]


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def check(csv, final, max_total_size, wrk_result, svg):
    header, rows = read(csv)
    max_total_size = int(max_total_size)
    final = json.load(open(final))
    broken = []
    names = sorted({h.rsplit("_", 1)[0] for h in header if h.endswith("_exported")})
    print(f"{'t s':>5} {'phase':>8} {'heap MB':>8} {'dir MB':>8} {'files':>6} {'thr':>4} {'fds':>4} "
          + " ".join(f"{n + ' ok/drop':>22}" for n in names))
    for row in rows:
        print(f"{row['t']:>5} {row['phase']:>8} {row['heap_mb']:>8} {int(row['dir_bytes']) / 1e6:>8.1f} "
              f"{row['files']:>6} {row['threads']:>4} {row['fds']:>4} "
              + " ".join(f"{row[n + '_exported'] + '/' + str(int(row[n + '_dropped']) + int(row[n + '_queuefull'])):>22}"
                         for n in names))
    # Heap: at most the first sample plus every queue full of 4 KiB spans, at any sample.
    capacity = sum(q["capacity"] for q in final["queues"])
    heap_bound = float(rows[0]["heap_mb"]) + capacity * 4 / 1024
    heap_max = max(float(r["heap_mb"]) for r in rows)
    if heap_max > heap_bound:
        broken.append(f"heap after GC {heap_max:.1f} MB > bound {heap_bound:.1f} MB")
    # Disk: max-total-size plus one write (the largest line: a batch of 512 spans, under 1 MiB).
    dir_max = max(int(r["dir_bytes"]) for r in rows)
    if dir_max > max_total_size + 1024 * 1024:
        broken.append(f"trace directory {dir_max} bytes > max-total-size {max_total_size} + one write")
    # Threads and file descriptors: the last third no higher than the first third (a little slack
    # for the connections of a hanging receiver).
    third = max(1, len(rows) // 3)
    for column, slack in (("threads", 8), ("fds", 16)):
        first = median([int(r[column]) for r in rows[:third]])
        last = median([int(r[column]) for r in rows[-third:]])
        if last > first + slack:
            broken.append(f"{column} grew from {first} to {last}")
    # Accounting, after the final flush: every exporter saw every span, delivered or counted dropped.
    totals = {}
    for exporter in final["exporters"]:
        totals[exporter["name"]] = exporter["spansExported"] + exporter["spansDropped"] + exporter["spansDroppedQueueFull"]
        print(f"final {exporter['name']}: exported {exporter['spansExported']}, dropped (export failed) "
              f"{exporter['spansDropped']}, dropped (queue full) {exporter['spansDroppedQueueFull']}, "
              f"produced {totals[exporter['name']]}")
    if len(set(totals.values())) != 1:
        broken.append(f"produced != delivered + dropped for some exporter: {totals}")
    requests, status_errors, socket_errors = (int(float(v)) for v in wrk_result.split()[:3])
    print(f"requests {requests}, non-2xx {status_errors}, socket errors {socket_errors}, "
          f"heap max {heap_max:.1f} MB (bound {heap_bound:.1f}), dir max {dir_max / 1e6:.1f} MB "
          f"(max-total-size {max_total_size / 1e6:.1f} MB), files max {max(int(r['files']) for r in rows)}")
    if status_errors or socket_errors:
        broken.append(f"{status_errors} requests failed, {socket_errors} socket errors")
    plot(rows, names, max_total_size, heap_bound, svg)
    print(f"plot: {svg}")
    for problem in broken:
        print("BOUND BROKEN: " + problem)
    return 1 if broken else 0


def plot(rows, names, max_total_size, heap_bound, svg):
    width, height, margin = 900, 170, 50
    series = [("heap after GC (MB)", [float(r["heap_mb"]) for r in rows], heap_bound),
              ("trace files (MB)", [int(r["dir_bytes"]) / 1e6 for r in rows], max_total_size / 1e6),
              ("threads / fds", [int(r["threads"]) for r in rows], None),
              ("spans dropped (all reasons)",
               [sum(int(r[n + "_dropped"]) + int(r[n + "_queuefull"]) for n in names) for r in rows], None)]
    times = [int(r["t"]) for r in rows]
    t_max = max(times) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height * len(series) + 20}" '
             'font-family="sans-serif" font-size="12">']
    for i, (title, values, bound) in enumerate(series):
        top = i * height + 20
        v_max = max(values + ([bound] if bound else [])) * 1.1 or 1
        def xy(t, v):
            return margin + (width - 2 * margin) * t / t_max, top + height - 30 - (height - 50) * v / v_max
        parts.append(f'<text x="{margin}" y="{top}">{title} (max {max(values):.1f}'
                     + (f", bound {bound:.1f}" if bound else "") + ")</text>")
        parts.append(f'<rect x="{margin}" y="{top + 10}" width="{width - 2 * margin}" height="{height - 40}" '
                     'fill="none" stroke="#ccc"/>')
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(t, v) for t, v in zip(times, values)))
        parts.append(f'<polyline points="{points}" fill="none" stroke="#1f77b4" stroke-width="2"/>')
        if title.startswith("threads"):
            fds = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(t, int(r["fds"])) for t, r in zip(times, rows)))
            parts.append(f'<polyline points="{fds}" fill="none" stroke="#ff7f0e" stroke-width="2"/>')
        if bound:
            _, y = xy(0, bound)
            parts.append(f'<line x1="{margin}" x2="{width - margin}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d62728" '
                         'stroke-dasharray="4"/>')
        for t, r in zip(times, rows):
            if r is rows[0] or r["phase"] != rows[times.index(t) - 1]["phase"]:
                x, _ = xy(t, 0)
                parts.append(f'<text x="{x:.1f}" y="{top + height - 12}" fill="#555">{r["phase"]}</text>')
    parts.append("</svg>")
    with open(svg, "w") as out:
        out.write("\n".join(parts))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "receiver":
        receiver(args[0], float(args[1]))
    elif command == "sample":
        sample(int(args[0]), args[1], args[2], float(args[3]), args[4])
    elif command == "check":
        sys.exit(check(*args))
    else:
        sys.exit(f"unknown command {command}")
