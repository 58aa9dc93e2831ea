package dev.agenttracing.export.jsonl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.agenttracing.support.TracingFaults;
import dev.agenttracing.internal.OtlpJsonTraceRequests;

/**
 * A {@link SpanExporter} that writes each trace to its own file,
 * {@code <directory>/<yyyy-MM-dd>/<traceId>.jsonl}, in the OTLP/JSON file format: every
 * line is one {@code ExportTraceServiceRequest} in the protobuf JSON mapping, encoded by
 * the OpenTelemetry SDK's own OTLP marshalers ({@link OtlpJsonTraceRequests}). The
 * OpenTelemetry Collector's {@code otlpjsonfile} receiver and other OTLP tooling read
 * these files as they are.
 * <p>
 * A trace's spans arrive in several batches (children end before their parent); all of
 * them go to the file of that trace, subagents included. The date is the UTC day on which
 * the trace's file was created. Files are created readable and writable by their owner
 * only, directories accessible by their owner only (on file systems with POSIX
 * permissions).
 * <p>
 * Bounded at every write: before a line is written, the least recently written files are
 * deleted until the line fits within {@code maxTotalSize} bytes and {@code maxFiles}
 * files. The directory is read once at startup into an index in memory (files by last
 * write, with their sizes), so keeping the budget costs the same with ten files or ten
 * thousand. A background task deletes files older than {@code maxAge}. Runs on the batch
 * processor's thread, never the caller's: a batch of many traces is written by that
 * thread and by a writer thread of the exporter's own
 * ({@link JsonlSpanExporterBuilder#writerThreads(int)}), each taking a share of the
 * traces, so that the system calls of one file overlap the encoding of another. Shutdown
 * is idempotent. Which file a trace goes to is {@link JsonlTraceFiles}'s job, the budget
 * {@link JsonlRetention}'s, the file system {@link JsonlDirectory}'s.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class JsonlSpanExporter implements SpanExporter {

	/** File name suffix of trace files. */
	public static final String SUFFIX = ".jsonl";

	/** Default of {@link JsonlSpanExporterBuilder#maxAge(Duration)}: 7 days. */
	public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

	/** Default of {@link JsonlSpanExporterBuilder#maxTotalSize(long)}: 512 MB. */
	public static final long DEFAULT_MAX_TOTAL_SIZE = 512L * 1024 * 1024;

	/** Default of {@link JsonlSpanExporterBuilder#maxFiles(int)}. */
	public static final int DEFAULT_MAX_FILES = 10_000;

	private static final Log logger = LogFactory.getLog(JsonlSpanExporter.class);

	// Fewer traces than this per writer are not worth handing to another thread.
	private static final int MIN_TRACES_PER_SLICE = 8;

	private final Path directory;

	private final JsonlRetention retention;

	private final JsonlTraceFiles traceFiles;

	private final ScheduledExecutorService scheduler;

	private final int writerThreads;

	// Writes all but the first slice of a batch; the batch processor's thread writes the
	// first.
	private final ExecutorService writers;

	private final AtomicBoolean shutdown = new AtomicBoolean();

	JsonlSpanExporter(Path directory, Duration maxAge, long maxTotalSize, int maxFiles, Duration retentionInterval,
			Clock clock, int writerThreads) {
		this.directory = directory.toAbsolutePath().normalize();
		this.retention = new JsonlRetention(this.directory, maxAge, maxTotalSize, maxFiles, clock);
		try {
			// The only walk of the directory: from here on the index knows every file.
			this.retention.load();
		}
		catch (IOException | RuntimeException ex) {
			TracingFaults.report("reading the JSONL trace files under " + this.directory, ex);
		}
		this.traceFiles = new JsonlTraceFiles(this.directory, clock, this.retention);
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "agent-tracing-jsonl-retention");
			thread.setDaemon(true);
			return thread;
		});
		this.writerThreads = writerThreads;
		this.writers = Executors.newFixedThreadPool(Math.max(1, this.writerThreads - 1), (runnable) -> {
			Thread thread = new Thread(runnable, "agent-tracing-jsonl-writer");
			thread.setDaemon(true);
			return thread;
		});
		long interval = retentionInterval.toMillis();
		this.scheduler.scheduleWithFixedDelay(this::enforceRetention, 0, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Start building an exporter that writes under {@code directory}.
	 * @param directory the root directory of the trace files
	 * @return a builder
	 */
	public static JsonlSpanExporterBuilder builder(Path directory) {
		return new JsonlSpanExporterBuilder(directory);
	}

	/**
	 * Create {@code directory} (and its parents) if needed, accessible by its owner only.
	 * @param directory the directory
	 * @throws IOException if it cannot be created
	 */
	public static void createDirectory(Path directory) throws IOException {
		JsonlDirectory.create(directory);
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		if (this.shutdown.get()) {
			return CompletableResultCode.ofFailure();
		}
		Map<String, List<SpanData>> byTrace = new LinkedHashMap<>();
		for (SpanData span : spans) {
			byTrace.computeIfAbsent(span.getTraceId(), (id) -> new ArrayList<>()).add(span);
		}
		List<Future<?>> others = new ArrayList<>();
		Throwable failure = null;
		try {
			JsonlTraceFiles.BatchDays days = this.traceFiles.batchDays();
			List<List<Map.Entry<String, List<SpanData>>>> slices = slices(byTrace);
			for (int i = 1; i < slices.size(); i++) {
				List<Map.Entry<String, List<SpanData>>> slice = slices.get(i);
				others.add(this.writers.submit(() -> {
					write(slice, days);
					return null;
				}));
			}
			write(slices.get(0), days);
		}
		catch (IOException | RuntimeException ex) {
			failure = ex;
		}
		// Every slice is done before the export is: the next batch may append to the same
		// files.
		for (Future<?> other : others) {
			try {
				other.get();
			}
			catch (ExecutionException ex) {
				failure = (failure != null) ? failure : ex.getCause();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return failed(ex);
			}
		}
		return (failure != null) ? failed(failure) : CompletableResultCode.ofSuccess();
	}

	/**
	 * The traces of a batch, one slice per writer: the calling thread writes the first
	 * slice, the writer threads the others, so file creation and writing (system calls
	 * that take as long as encoding the spans) proceed on several cores. A small batch
	 * stays in one slice.
	 */
	private List<List<Map.Entry<String, List<SpanData>>>> slices(Map<String, List<SpanData>> byTrace) {
		int count = Math.max(1, Math.min(this.writerThreads, byTrace.size() / MIN_TRACES_PER_SLICE));
		List<List<Map.Entry<String, List<SpanData>>>> slices = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			slices.add(new ArrayList<>(byTrace.size() / count + 1));
		}
		int next = 0;
		for (Map.Entry<String, List<SpanData>> trace : byTrace.entrySet()) {
			slices.get(next).add(trace);
			next = (next + 1) % count;
		}
		return slices;
	}

	private void write(List<Map.Entry<String, List<SpanData>>> traces, JsonlTraceFiles.BatchDays days)
			throws IOException {
		LineBuffer line = new LineBuffer();
		for (Map.Entry<String, List<SpanData>> trace : traces) {
			line.reset();
			OtlpJsonTraceRequests.writeJson(trace.getValue(), line);
			line.write('\n');
			this.traceFiles.append(trace.getKey(), days, line.toByteBuffer());
		}
	}

	private CompletableResultCode failed(Throwable ex) {
		TracingFaults.report("writing a JSONL trace file under " + this.directory, ex);
		return CompletableResultCode.ofExceptionalFailure(ex);
	}

	/**
	 * Delete files past the maximum age, then the oldest files beyond the maximum total
	 * size. Runs periodically in the background; callable at any time.
	 */
	public void enforceRetention() {
		try {
			this.retention.run();
		}
		catch (Throwable ex) {
			TracingFaults.report("enforcing retention of JSONL trace files under " + this.directory, ex);
		}
	}

	/**
	 * The bytes of all trace files, as the exporter counts them: never more than
	 * {@code maxTotalSize}.
	 * @return the total size in bytes
	 */
	public long getTotalSize() {
		return this.retention.totalSize();
	}

	/**
	 * The number of trace files, as the exporter counts them: never more than
	 * {@code maxFiles}.
	 * @return the number of files
	 */
	public int getFileCount() {
		return this.retention.fileCount();
	}

	/**
	 * The root directory of the trace files.
	 * @return the absolute directory
	 */
	public Path getDirectory() {
		return this.directory;
	}

	@Override
	public CompletableResultCode flush() {
		// Every export writes and closes its files before it completes.
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		if (!this.shutdown.compareAndSet(false, true)) {
			logger.debug("JsonlSpanExporter already shut down");
			return CompletableResultCode.ofSuccess();
		}
		this.scheduler.shutdownNow();
		this.writers.shutdown();
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public String toString() {
		return "JsonlSpanExporter{directory=" + this.directory + "}";
	}

	/**
	 * One line of a trace file, reused for every trace of a batch and written without a
	 * copy.
	 */
	private static final class LineBuffer extends ByteArrayOutputStream {

		LineBuffer() {
			super(8192);
		}

		ByteBuffer toByteBuffer() {
			return ByteBuffer.wrap(this.buf, 0, this.count);
		}

	}

}
