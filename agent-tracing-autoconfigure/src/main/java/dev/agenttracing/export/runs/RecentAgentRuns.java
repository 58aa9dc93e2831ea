package dev.agenttracing.export.runs;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import dev.agenttracing.export.RunTree;

/**
 * The last finished top-level agent runs, in memory, bounded by count and by an estimate
 * of the bytes their spans hold: when either bound is passed, the oldest runs go first. A
 * run larger than the whole byte budget is not kept (and counted). Holds only what was
 * exported, so content is already redacted. Thread-safe.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class RecentAgentRuns {

	/** Default number of runs kept. */
	public static final int DEFAULT_MAX_RUNS = 200;

	/** Default budget of the spans kept, in bytes (estimated). */
	public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

	private final int maxRuns;

	private final long maxBytes;

	// Oldest first.
	private final ArrayDeque<RecordedRun> runs = new ArrayDeque<>();

	private long bytes;

	private long evicted;

	private long tooLarge;

	/**
	 * Create a store with the default bounds.
	 */
	public RecentAgentRuns() {
		this(DEFAULT_MAX_RUNS, DEFAULT_MAX_BYTES);
	}

	/**
	 * Create a store.
	 * @param maxRuns how many runs to keep at most
	 * @param maxBytes how many bytes (estimated) the kept spans may hold at most
	 */
	public RecentAgentRuns(int maxRuns, long maxBytes) {
		Assert.isTrue(maxRuns > 0, "maxRuns must be positive");
		Assert.isTrue(maxBytes > 0, "maxBytes must be positive");
		this.maxRuns = maxRuns;
		this.maxBytes = maxBytes;
	}

	/**
	 * Keep a finished run, evicting the oldest runs as the bounds require.
	 * @param tree the run's span tree
	 * @return whether the run was kept (false when it alone exceeds the byte budget)
	 */
	public boolean add(RunTree tree) {
		long size = SpanSizes.estimate(tree);
		RecordedRun run = new RecordedRun(RunSummary.of(tree), tree, size);
		synchronized (this) {
			if (size > this.maxBytes) {
				this.tooLarge++;
				return false;
			}
			this.runs.addLast(run);
			this.bytes += size;
			while (this.runs.size() > this.maxRuns || this.bytes > this.maxBytes) {
				this.bytes -= this.runs.removeFirst().bytes();
				this.evicted++;
			}
			return true;
		}
	}

	/**
	 * The kept runs that match, newest first.
	 * @param filter which runs to return
	 * @param limit how many at most
	 * @return the runs
	 */
	public synchronized List<RecordedRun> list(Predicate<RunSummary> filter, int limit) {
		List<RecordedRun> matching = new ArrayList<>(Math.min(limit, this.runs.size()));
		Iterator<RecordedRun> newestFirst = this.runs.descendingIterator();
		while (newestFirst.hasNext() && matching.size() < limit) {
			RecordedRun run = newestFirst.next();
			if (filter.test(run.summary())) {
				matching.add(run);
			}
		}
		return matching;
	}

	/**
	 * The kept run of a trace.
	 * @param traceId the trace id (hex)
	 * @return the newest run of that trace, or {@code null}
	 */
	public synchronized @Nullable RecordedRun find(String traceId) {
		Iterator<RecordedRun> newestFirst = this.runs.descendingIterator();
		while (newestFirst.hasNext()) {
			RecordedRun run = newestFirst.next();
			if (run.summary().traceId().equals(traceId)) {
				return run;
			}
		}
		return null;
	}

	/**
	 * The store's bounds and how full it is.
	 * @return the statistics
	 */
	public synchronized Usage usage() {
		return new Usage(this.runs.size(), this.maxRuns, this.bytes, this.maxBytes, this.evicted, this.tooLarge);
	}

	/**
	 * A kept run.
	 *
	 * @param summary its summary
	 * @param tree its span tree
	 * @param bytes estimated bytes its spans hold
	 */
	public record RecordedRun(RunSummary summary, RunTree tree, long bytes) {

	}

	/**
	 * How full the store is.
	 *
	 * @param runs runs kept
	 * @param maxRuns runs kept at most
	 * @param bytes estimated bytes kept
	 * @param maxBytes byte budget
	 * @param evicted runs evicted to stay within the bounds
	 * @param tooLarge runs not kept because one alone exceeded the byte budget
	 */
	public record Usage(int runs, int maxRuns, long bytes, long maxBytes, long evicted, long tooLarge) {

	}

}
