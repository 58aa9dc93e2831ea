package dev.agenttracing.export.jsonl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import dev.agenttracing.TracingFaults;

/**
 * A {@link SpanExporter} that writes each trace to its own file,
 * {@code <directory>/<yyyy-MM-dd>/<traceId>.jsonl}, in the OTLP/JSON file format: every line
 * is one {@code ExportTraceServiceRequest} in the protobuf JSON mapping, encoded by the
 * OpenTelemetry SDK's own OTLP marshalers. The OpenTelemetry Collector's {@code otlpjsonfile}
 * receiver and other OTLP tooling read these files as they are.
 * <p>
 * A trace's spans arrive in several batches (children end before their parent); all of them go
 * to the file of that trace, subagents included. The date is the UTC day on which the trace's
 * file was created. Files are created readable and writable by their owner only, directories
 * accessible by their owner only (on file systems with POSIX permissions).
 * <p>
 * Bounded at every write: before a line is written, the least recently written files are
 * deleted until the line fits within {@code maxTotalSize} bytes and {@code maxFiles} files.
 * The directory is read once at startup into an index in memory (files by last write, with
 * their sizes), so keeping the budget costs the same with ten files or ten thousand. A
 * background task deletes files older than {@code maxAge}. Runs on the batch processor's
 * thread, never the caller's: a batch of many traces is written by that thread and by a writer
 * thread of the exporter's own ({@link Builder#writerThreads(int)}), each taking a share of
 * the traces, so that the system calls of one file overlap the encoding of another. Shutdown
 * is idempotent.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class JsonlSpanExporter implements SpanExporter {

	/** File name suffix of trace files. */
	public static final String SUFFIX = ".jsonl";

	/** Default of {@link Builder#maxFiles(int)}. */
	public static final int DEFAULT_MAX_FILES = 10_000;

	private static final Log logger = LogFactory.getLog(JsonlSpanExporter.class);

	private static final int MAX_REMEMBERED_TRACES = 10_000;

	// Fewer traces than this per writer are not worth handing to another thread.
	private static final int MIN_TRACES_PER_SLICE = 8;

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private static final Set<OpenOption> APPEND = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
			StandardOpenOption.APPEND);

	private static final FileAttribute<?>[] FILE_ATTRIBUTES = POSIX
			? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) }
			: new FileAttribute<?>[0];

	private static final FileAttribute<?>[] DIRECTORY_ATTRIBUTES = POSIX
			? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")) }
			: new FileAttribute<?>[0];

	private final Path directory;

	private final Clock clock;

	private final JsonlRetention retention;

	private final ScheduledExecutorService scheduler;

	private final int writerThreads;

	// Writes all but the first slice of a batch; the batch processor's thread writes the first.
	private final ExecutorService writers;

	private final AtomicBoolean shutdown = new AtomicBoolean();

	private volatile @Nullable Day day;

	// traceId -> file, so a trace that crosses midnight stays in one file. Bounded (LRU).
	private final Map<String, Path> files = new LinkedHashMap<>(256, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Path> eldest) {
			return size() > MAX_REMEMBERED_TRACES;
		}

	};

	private JsonlSpanExporter(Builder builder) {
		this.directory = builder.directory.toAbsolutePath().normalize();
		this.clock = builder.clock;
		this.retention = new JsonlRetention(this.directory, builder.maxAge, builder.maxTotalSize, builder.maxFiles,
				this.clock);
		try {
			// The only walk of the directory: from here on the index knows every file.
			this.retention.load();
		}
		catch (IOException | RuntimeException ex) {
			TracingFaults.report("reading the JSONL trace files under " + this.directory, ex);
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "agent-tracing-jsonl-retention");
			thread.setDaemon(true);
			return thread;
		});
		this.writerThreads = builder.writerThreads;
		this.writers = Executors.newFixedThreadPool(Math.max(1, this.writerThreads - 1), (runnable) -> {
			Thread thread = new Thread(runnable, "agent-tracing-jsonl-writer");
			thread.setDaemon(true);
			return thread;
		});
		long interval = builder.retentionInterval.toMillis();
		this.scheduler.scheduleWithFixedDelay(this::enforceRetention, 0, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Start building an exporter that writes under {@code directory}.
	 * @param directory the root directory of the trace files
	 * @return a builder
	 */
	public static Builder builder(Path directory) {
		return new Builder(directory);
	}

	/**
	 * Create {@code directory} (and its parents) if needed, accessible by its owner only.
	 * @param directory the directory
	 * @throws IOException if it cannot be created
	 */
	public static void createDirectory(Path directory) throws IOException {
		if (Files.isDirectory(directory)) {
			return;
		}
		Files.createDirectories(directory, DIRECTORY_ATTRIBUTES);
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
			Day day = today();
			// One stat per batch: a trace can only have a file of yesterday if that directory exists.
			boolean yesterday = Files.isDirectory(day.yesterday());
			List<List<Map.Entry<String, List<SpanData>>>> slices = slices(byTrace);
			for (int i = 1; i < slices.size(); i++) {
				List<Map.Entry<String, List<SpanData>>> slice = slices.get(i);
				others.add(this.writers.submit(() -> {
					write(slice, day, yesterday);
					return null;
				}));
			}
			write(slices.get(0), day, yesterday);
		}
		catch (IOException | RuntimeException ex) {
			failure = ex;
		}
		// Every slice is done before the export is: the next batch may append to the same files.
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
	 * The traces of a batch, one slice per writer: the calling thread writes the first slice,
	 * the writer threads the others, so file creation and writing (system calls that take as
	 * long as encoding the spans) proceed on several cores. A small batch stays in one slice.
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

	private void write(List<Map.Entry<String, List<SpanData>>> traces, Day day, boolean yesterday)
			throws IOException {
		LineBuffer line = new LineBuffer();
		for (Map.Entry<String, List<SpanData>> trace : traces) {
			line.reset();
			TraceRequestMarshaler.create(trace.getValue()).writeJsonTo(line);
			line.write('\n');
			append(fileFor(trace.getKey(), day, yesterday), line.toByteBuffer());
		}
	}

	/**
	 * Append one line within the budget: room is made (the least recently written files
	 * deleted) before the line is written, so the directory never holds more than
	 * {@code maxTotalSize} bytes nor more than {@code maxFiles} files.
	 */
	private void append(Path file, ByteBuffer line) throws IOException {
		long bytes = line.remaining();
		if (!this.retention.reserve(file, bytes)) {
			throw new IOException("No room for a line of " + bytes + " bytes within the limits of " + this.directory
					+ " (agent.tracing.export.jsonl.max-total-size / max-files)");
		}
		boolean success = false;
		try {
			appendLine(file, line);
			success = true;
		}
		finally {
			this.retention.written(file, bytes, success);
		}
	}

	private CompletableResultCode failed(Throwable ex) {
		TracingFaults.report("writing a JSONL trace file under " + this.directory, ex);
		return CompletableResultCode.ofExceptionalFailure(ex);
	}

	/**
	 * Append one line to a trace file, creating the file (owner-only) if needed. The day
	 * directory is not checked first: it exists nearly always, so the open is tried at once and
	 * the directory is created only when the open finds it missing (a new day, or retention
	 * removed it while it was empty).
	 */
	private static void appendLine(Path file, ByteBuffer line) throws IOException {
		try (FileChannel channel = open(file)) {
			while (line.hasRemaining()) {
				channel.write(line);
			}
		}
	}

	private static FileChannel open(Path file) throws IOException {
		try {
			return FileChannel.open(file, APPEND, FILE_ATTRIBUTES);
		}
		catch (NoSuchFileException ex) {
			createDirectory(file.getParent());
			return FileChannel.open(file, APPEND, FILE_ATTRIBUTES);
		}
	}

	/**
	 * The file of a trace: the one it already has, else the file of yesterday if the trace
	 * began before midnight (looked up only when yesterday's directory exists), else a file of
	 * today.
	 */
	private Path fileFor(String traceId, Day day, boolean yesterday) {
		Path file = remembered(traceId);
		if (file != null) {
			return file;
		}
		String name = traceId + SUFFIX;
		file = day.directory().resolve(name);
		if (yesterday) {
			Path started = day.yesterday().resolve(name);
			if (Files.exists(started)) {
				file = started;
			}
		}
		return remember(traceId, file);
	}

	private synchronized @Nullable Path remembered(String traceId) {
		return this.files.get(traceId);
	}

	private synchronized Path remember(String traceId, Path file) {
		Path known = this.files.putIfAbsent(traceId, file);
		return (known != null) ? known : file;
	}

	private Day today() {
		LocalDate date = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		Day day = this.day;
		if (day == null || !day.date().equals(date)) {
			day = new Day(date, this.directory.resolve(date.toString()),
					this.directory.resolve(date.minusDays(1).toString()));
			this.day = day;
		}
		return day;
	}

	/**
	 * Delete files past the maximum age, then the oldest files beyond the maximum total size.
	 * Runs periodically in the background; callable at any time.
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
	 * The directory of the current UTC day and of the day before, resolved once per day.
	 */
	private record Day(LocalDate date, Path directory, Path yesterday) {

	}

	/**
	 * One line of a trace file, reused for every trace of a batch and written without a copy.
	 */
	private static final class LineBuffer extends ByteArrayOutputStream {

		LineBuffer() {
			super(8192);
		}

		ByteBuffer toByteBuffer() {
			return ByteBuffer.wrap(this.buf, 0, this.count);
		}

	}

	/**
	 * Builds a {@link JsonlSpanExporter}.
	 */
	public static final class Builder {

		private final Path directory;

		private Duration maxAge = Duration.ofDays(7);

		private long maxTotalSize = 512L * 1024 * 1024;

		private int maxFiles = DEFAULT_MAX_FILES;

		private Duration retentionInterval = Duration.ofMinutes(1);

		private Clock clock = Clock.systemUTC();

		private int writerThreads = Math.min(2, Runtime.getRuntime().availableProcessors());

		private Builder(Path directory) {
			Assert.notNull(directory, "'directory' must not be null");
			this.directory = directory;
		}

		/**
		 * How long trace files are kept (by last modification). Default 7 days.
		 * @param maxAge the maximum age, positive
		 * @return this builder
		 */
		public Builder maxAge(Duration maxAge) {
			Assert.isTrue(maxAge != null && !maxAge.isNegative() && !maxAge.isZero(), "'maxAge' must be positive");
			this.maxAge = maxAge;
			return this;
		}

		/**
		 * How many bytes all trace files may take together; the oldest go first. Default
		 * 512 MB.
		 * @param maxTotalSize the maximum total size in bytes, positive
		 * @return this builder
		 */
		public Builder maxTotalSize(long maxTotalSize) {
			Assert.isTrue(maxTotalSize > 0, "'maxTotalSize' must be positive");
			this.maxTotalSize = maxTotalSize;
			return this;
		}

		/**
		 * How many trace files the directory may hold; the least recently written go first.
		 * Default {@value JsonlSpanExporter#DEFAULT_MAX_FILES}.
		 * @param maxFiles the maximum number of files, positive
		 * @return this builder
		 */
		public Builder maxFiles(int maxFiles) {
			Assert.isTrue(maxFiles > 0, "'maxFiles' must be positive");
			this.maxFiles = maxFiles;
			return this;
		}

		/**
		 * How often files past the maximum age are deleted. Default 1 minute.
		 * @param retentionInterval the interval, positive
		 * @return this builder
		 */
		public Builder retentionInterval(Duration retentionInterval) {
			Assert.isTrue(!retentionInterval.isNegative() && !retentionInterval.isZero(),
					"'retentionInterval' must be positive");
			this.retentionInterval = retentionInterval;
			return this;
		}

		/**
		 * How many threads write the trace files of one batch: the batch processor's thread
		 * and {@code writerThreads - 1} of the exporter's own. Default 2, or 1 on a single
		 * processor; 1 writes everything on the batch processor's thread.
		 * @param writerThreads the number of threads, at least 1
		 * @return this builder
		 */
		public Builder writerThreads(int writerThreads) {
			Assert.isTrue(writerThreads >= 1, "'writerThreads' must be at least 1");
			this.writerThreads = writerThreads;
			return this;
		}

		/**
		 * The clock that dates files and ages them.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Build the exporter and start its retention task.
		 * @return a new exporter
		 */
		public JsonlSpanExporter build() {
			return new JsonlSpanExporter(this);
		}

	}

}
