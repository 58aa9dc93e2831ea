package dev.agenttracing.export.jsonl;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Builds a {@link JsonlSpanExporter}; {@link JsonlSpanExporter#builder(Path)} starts one.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class JsonlSpanExporterBuilder {

	private final Path directory;

	private Duration maxAge = JsonlSpanExporter.DEFAULT_MAX_AGE;

	private long maxTotalSize = JsonlSpanExporter.DEFAULT_MAX_TOTAL_SIZE;

	private int maxFiles = JsonlSpanExporter.DEFAULT_MAX_FILES;

	private Duration retentionInterval = Duration.ofMinutes(1);

	private Clock clock = Clock.systemUTC();

	private int writerThreads = Math.min(2, Runtime.getRuntime().availableProcessors());

	JsonlSpanExporterBuilder(Path directory) {
		Assert.notNull(directory, "'directory' must not be null");
		this.directory = directory;
	}

	/**
	 * How long trace files are kept (by last modification). Default 7 days.
	 * @param maxAge the maximum age, positive
	 * @return this builder
	 */
	public JsonlSpanExporterBuilder maxAge(Duration maxAge) {
		Assert.isTrue(maxAge != null && !maxAge.isNegative() && !maxAge.isZero(), "'maxAge' must be positive");
		this.maxAge = maxAge;
		return this;
	}

	/**
	 * How many bytes all trace files may take together; the oldest go first. Default 512
	 * MB.
	 * @param maxTotalSize the maximum total size in bytes, positive
	 * @return this builder
	 */
	public JsonlSpanExporterBuilder maxTotalSize(long maxTotalSize) {
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
	public JsonlSpanExporterBuilder maxFiles(int maxFiles) {
		Assert.isTrue(maxFiles > 0, "'maxFiles' must be positive");
		this.maxFiles = maxFiles;
		return this;
	}

	/**
	 * How often files past the maximum age are deleted. Default 1 minute.
	 * @param retentionInterval the interval, positive
	 * @return this builder
	 */
	public JsonlSpanExporterBuilder retentionInterval(Duration retentionInterval) {
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
	public JsonlSpanExporterBuilder writerThreads(int writerThreads) {
		Assert.isTrue(writerThreads >= 1, "'writerThreads' must be at least 1");
		this.writerThreads = writerThreads;
		return this;
	}

	/**
	 * The clock that dates files and ages them.
	 * @param clock the clock
	 * @return this builder
	 */
	public JsonlSpanExporterBuilder clock(Clock clock) {
		this.clock = clock;
		return this;
	}

	/**
	 * Build the exporter and start its retention task.
	 * @return a new exporter
	 */
	public JsonlSpanExporter build() {
		return new JsonlSpanExporter(this.directory, this.maxAge, this.maxTotalSize, this.maxFiles,
				this.retentionInterval, this.clock, this.writerThreads);
	}

}
