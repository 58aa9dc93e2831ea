package dev.agenttracing.export.jsonl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Which file each trace goes to, {@code <directory>/<yyyy-MM-dd>/<traceId>.jsonl}, and
 * the appending of a trace's line there within the directory's budget. The date is the
 * UTC day on which the trace's file was created: a trace that crosses midnight stays in
 * the file it began in.
 *
 * @author agent-tracing
 */
final class JsonlTraceFiles {

	private static final int MAX_REMEMBERED_TRACES = 10_000;

	private final Path directory;

	private final Clock clock;

	private final JsonlRetention retention;

	private volatile @Nullable Day day;

	// traceId -> file, so a trace that crosses midnight stays in one file. Bounded (LRU).
	private final Map<String, Path> files = new LinkedHashMap<>(256, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Path> eldest) {
			return size() > MAX_REMEMBERED_TRACES;
		}

	};

	JsonlTraceFiles(Path directory, Clock clock, JsonlRetention retention) {
		this.directory = directory;
		this.clock = clock;
		this.retention = retention;
	}

	/**
	 * The days a batch's traces are written in, looked up once per batch: a trace can
	 * only have a file of yesterday if that directory exists.
	 */
	BatchDays batchDays() {
		Day day = today();
		return new BatchDays(day, Files.isDirectory(day.yesterday()));
	}

	/**
	 * Append one line of a trace within the budget: room is made (the least recently
	 * written files deleted) before the line is written, so the directory never holds
	 * more than {@code maxTotalSize} bytes nor more than {@code maxFiles} files.
	 */
	void append(String traceId, BatchDays days, ByteBuffer line) throws IOException {
		Path file = fileFor(traceId, days);
		long bytes = line.remaining();
		if (!this.retention.reserve(file, bytes)) {
			throw new IOException("No room for a line of " + bytes + " bytes within the limits of " + this.directory
					+ " (agent.tracing.export.jsonl.max-total-size / max-files)");
		}
		boolean success = false;
		try {
			JsonlDirectory.appendLine(file, line);
			success = true;
		}
		finally {
			this.retention.written(file, bytes, success);
		}
	}

	/**
	 * The file of a trace: the one it already has, else the file of yesterday if the
	 * trace began before midnight (looked up only when yesterday's directory exists),
	 * else a file of today.
	 */
	private Path fileFor(String traceId, BatchDays days) {
		Path file = remembered(traceId);
		if (file != null) {
			return file;
		}
		String name = traceId + JsonlSpanExporter.SUFFIX;
		file = days.today().directory().resolve(name);
		if (days.yesterdayExists()) {
			Path started = days.today().yesterday().resolve(name);
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
	 * The directory of the current UTC day and of the day before, resolved once per day.
	 */
	record Day(LocalDate date, Path directory, Path yesterday) {

	}

	/**
	 * The days of one batch.
	 *
	 * @param today today's directories
	 * @param yesterdayExists whether yesterday's directory exists
	 */
	record BatchDays(Day today, boolean yesterdayExists) {

	}

}
