package dev.agenttracing.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import com.sun.management.OperatingSystemMXBean;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark's process per operation, beside JMH's wall-clock time:
 * {@code cpu.time.norm}, every thread of the fork (the benchmark thread, the batch
 * processors' threads, the loopback server's) except the JIT compiler threads, whose time
 * is {@code cpu.jit.norm}. On a shared 2-core machine the wall clock of a Spring AI turn
 * moved by a factor of five between rounds of the same code, because it counts the time a
 * neighbour holds the core; CPU time does not, and the JIT, still compiling a turn's long
 * path after the warm-up, is shown apart. Linux only ({@code /proc/self/task}):
 * {@code -prof dev.agenttracing.benchmarks.CpuTimeProfiler}.
 *
 * @author agent-tracing
 */
public final class CpuTimeProfiler implements InternalProfiler {

	// Linux reports thread times in clock ticks of 1/100 s (USER_HZ).
	private static final double NANOS_PER_TICK = 1e7;

	private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private long processBefore;

	private long jitBefore;

	@Override
	public String getDescription() {
		return "Process CPU time per operation, JIT compiler threads apart (Linux)";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.jitBefore = jitNanos();
		this.processBefore = this.os.getProcessCpuTime();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
			IterationResult result) {
		long process = this.os.getProcessCpuTime() - this.processBefore;
		long jit = jitNanos() - this.jitBefore;
		long ops = result.getMetadata().getAllOps();
		if (ops == 0) {
			return List.of();
		}
		return List.of(
				new ScalarResult("cpu.time.norm", (double) (process - jit) / ops, "ns/op", AggregationPolicy.AVG),
				new ScalarResult("cpu.jit.norm", (double) jit / ops, "ns/op", AggregationPolicy.AVG));
	}

	private static long jitNanos() {
		try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			return (long) (tasks.mapToLong(CpuTimeProfiler::compilerTicks).sum() * NANOS_PER_TICK);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long compilerTicks(Path task) {
		try {
			String name = Files.readString(task.resolve("comm"));
			if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
				return 0;
			}
			String stat = Files.readString(task.resolve("stat"));
			// utime and stime: fields 14 and 15, counted after the command name ends.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			// A compiler thread that exited in between: its time is in the process's.
			return 0;
		}
	}

}
