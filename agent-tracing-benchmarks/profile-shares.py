#!/usr/bin/env python3
"""CPU per request by code base, from the profiles that macro.sh -prof DIR writes.

Usage: profile-shares.py DIR [TOP]

Reads every DIR/CASE-ROUND.collapsed (async-profiler, CPU, 1 ms per sample) with the request count
macro.sh wrote beside it (CASE-ROUND.requests), and prints, per profile, the microseconds of CPU per
request of each code base, then the TOP (default 12) classes of agent-tracing's own. A sample counts
for the innermost frame that is neither the JDK's nor the VM's: the JDK's collections and the VM's
stubs are charged to the code that called them. The JIT compiler and GC threads, which have no such
frame, are counted apart. One sample is one millisecond of CPU, so samples * 1000 / requests is
microseconds per request.

For each case that has an "off" of the same round, it also prints what the case adds to the tracing
code bases at off's speed: the rest of the code (all but the JIT and the tracing code bases) runs the
same in both, so its ratio between the two JVMs is their difference in speed, and the case's tracing
code bases are scaled by it before off's are taken away.
"""
import collections
import os
import re
import sys

# First match wins: Spring AI before the rest of Spring, the sample before agent-tracing.
CODE_BASES = [
    ("sample", ("dev/agenttracing/sample/",)),
    ("agent-tracing", ("dev/agenttracing/",)),
    ("OpenTelemetry", ("io/opentelemetry/",)),
    ("Micrometer", ("io/micrometer/",)),
    ("Spring AI", ("org/springframework/ai/",)),
    ("Spring", ("org/springframework/",)),
    ("Tomcat", ("org/apache/",)),
    ("Jackson", ("com/fasterxml/", "tools/jackson/")),
    ("OkHttp, Okio", ("okhttp3/", "okio/")),
    ("OpenAI SDK", ("com/openai/",)),
    ("Kotlin", ("kotlin/", "kotlinx/")),
    ("logging", ("ch/qos/", "org/slf4j/")),
]
JDK = ("java/", "javax/", "jdk/", "sun/", "com/sun/")
GC = re.compile(r"G1|GCTaskThread|WorkerThread::run|ConcurrentGCThread")
TRACING = ("agent-tracing", "OpenTelemetry", "Micrometer")
FRAME_TYPE = re.compile(r"_\[[a-z0-9]\]$")


def innermost_java_frame(frames):
    for frame in reversed(frames):
        frame = FRAME_TYPE.sub("", frame)
        if "/" in frame and not frame.startswith(JDK):
            return frame
    return None


def code_base(frames):
    """The code base a stack is charged to, and the frame that decided it (or None)."""
    if any("CompileBroker::" in f for f in frames):
        return "JIT compiler", None
    frame = innermost_java_frame(frames)
    if frame is None:
        return ("GC" if any(GC.search(f) for f in frames) else "JDK, VM, kernel"), None
    for name, prefixes in CODE_BASES:
        if frame.startswith(prefixes):
            return name, frame
    return "other", frame


def read(path):
    bases, own = collections.Counter(), collections.Counter()
    for line in open(path):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        base, frame = code_base(stack.split(";"))
        bases[base] += int(count)
        if base == "agent-tracing":
            own[frame.rsplit(".", 1)[0].replace("/", ".")] += int(count)
    return bases, own


def tracing(bases):
    return sum(bases[b] for b in TRACING)


def without_jit(bases):
    return sum(bases.values()) - bases["JIT compiler"]


def added_at_off_speed(case, off):
    """(us per request the case adds to the tracing code bases at off's speed, the same as a
    share of off's CPU without the JIT), from (requests, bases) of each."""
    per = lambda p, samples: samples * 1000.0 / p[0]
    rest = lambda p: per(p, without_jit(p[1]) - tracing(p[1]))
    speed = rest(case) / rest(off)
    added = per(case, tracing(case[1])) / speed - per(off, tracing(off[1]))
    return added, added / per(off, without_jit(off[1]))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    directory, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 12
    profiles = []
    for name in sorted(os.listdir(directory)):
        if name.endswith(".collapsed"):
            path = os.path.join(directory, name)
            requests = int(open(path.removesuffix(".collapsed") + ".requests").read())
            profiles.append((name.removesuffix(".collapsed"), max(requests, 1), *read(path)))
    if not profiles:
        sys.exit("no .collapsed files in " + directory)
    per_request = lambda samples, requests: samples * 1000.0 / requests
    order = sorted({b for p in profiles for b in p[2]}, key=lambda b: -sum(p[2][b] for p in profiles))
    print("CPU us per request by code base (innermost frame that is not the JDK's)")
    print("%-18s" % "code base" + "".join("%12s" % p[0] for p in profiles))
    for base in order:
        print("%-18s" % base + "".join("%12.1f" % per_request(p[2][base], p[1]) for p in profiles))
    rows = [("tracing", tracing), ("all but the JIT", without_jit), ("all", lambda c: sum(c.values()))]
    for label, total in rows:
        print("%-18s" % label + "".join("%12.1f" % per_request(total(p[2]), p[1]) for p in profiles))
    print("(tracing = " + " + ".join(TRACING) + "; requests: " + ", ".join("%s %d" % (p[0], p[1]) for p in profiles) + ")")
    by_name = {p[0]: (p[1], p[2]) for p in profiles}
    for name, requests, bases, _ in profiles:
        case, _, round_ = name.rpartition("-")
        off = by_name.get("off-" + round_)
        if case != "off" and off is not None:
            added, share = added_at_off_speed((requests, bases), off)
            print("%s adds %.0f us per request to the tracing code bases at off's speed (%.1f%% of off's CPU"
                  " without the JIT)" % (name, added, share * 100))
    for name, requests, _, own in profiles:
        if own:
            print("\nagent-tracing's classes in %s, us per request" % name)
            for cls, samples in own.most_common(top):
                print("%8.1f  %s" % (per_request(samples, requests), cls))


if __name__ == "__main__":
    main()
