package dev.agenttracing.export.jsonl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.support.TracingFaults;

/**
 * Keeps a JSONL trace directory within its limits: at most {@code maxTotalSize} bytes and
 * {@code maxFiles} files at any time, no file older than {@code maxAge} for long.
 * <p>
 * The directory is read once, when the exporter starts; from then on an index in memory
 * holds every trace file with its size, least recently written first, and the running
 * total. The writer {@link #reserve reserves} the bytes of a line before it writes them;
 * the reservation deletes the least recently written files until the line fits, so the
 * directory never exceeds the budget, and costs one unlink per deleted file whatever the
 * number of files. Age is enforced by {@link #run()} in the background, from the head of
 * the same index. Only touches {@code <yyyy-MM-dd>/<name>.jsonl} files and empty
 * {@code <yyyy-MM-dd>} directories (through {@link JsonlDirectory}).
 *
 * @author agent-tracing
 */
final class JsonlRetention {

	private static final Log logger = LogFactory.getLog(JsonlRetention.class);

	private final Path directory;

	private final Duration maxAge;

	private final long maxTotalSize;

	private final int maxFiles;

	private final Clock clock;

	// Least recently written first (access order: every reservation moves its file last).
	private final LinkedHashMap<Path, TraceFile> files = new LinkedHashMap<>(1024, 0.75f, true);

	// Files a writer is appending to right now: never deleted under its feet.
	private final Map<Path, Integer> writing = new HashMap<>();

	private long total;

	JsonlRetention(Path directory, Duration maxAge, long maxTotalSize, int maxFiles, Clock clock) {
		this.directory = directory;
		this.maxAge = maxAge;
		this.maxTotalSize = maxTotalSize;
		this.maxFiles = maxFiles;
		this.clock = clock;
	}

	/**
	 * Read the directory once: every trace file with its size and last modification,
	 * oldest first. A missing directory is an empty one.
	 */
	synchronized void load() throws IOException {
		this.files.clear();
		this.total = 0;
		List<JsonlDirectory.TraceFileOnDisk> found = JsonlDirectory.traceFiles(this.directory);
		found.sort(Comparator.comparingLong(JsonlDirectory.TraceFileOnDisk::modified));
		for (JsonlDirectory.TraceFileOnDisk file : found) {
			this.files.put(file.file(), new TraceFile(file.size(), file.modified()));
			this.total += file.size();
		}
	}

	/**
	 * Make room for {@code bytes} more in {@code file}, deleting the least recently
	 * written files first, and count them. Every successful reservation must be followed
	 * by {@link #written}.
	 * @return whether the bytes fit: {@code false} when the line alone exceeds the
	 * budget, or no file could be deleted to make room
	 */
	synchronized boolean reserve(Path file, long bytes) {
		if (bytes > this.maxTotalSize) {
			return false;
		}
		boolean created = !this.files.containsKey(file);
		Iterator<Map.Entry<Path, TraceFile>> oldest = this.files.entrySet().iterator();
		while (this.total + bytes > this.maxTotalSize || (created && this.files.size() >= this.maxFiles)) {
			Map.Entry<Path, TraceFile> candidate = nextDeletable(oldest, file);
			if (candidate == null || !delete(candidate.getKey())) {
				return false;
			}
			this.total -= candidate.getValue().size;
			oldest.remove();
		}
		TraceFile entry = this.files.computeIfAbsent(file, (path) -> new TraceFile(0, 0));
		entry.size += bytes;
		entry.modified = this.clock.millis();
		this.total += bytes;
		this.writing.merge(file, 1, Integer::sum);
		return true;
	}

	/**
	 * A reserved write is over. When it failed, the file's size on disk replaces the
	 * reserved one (a full disk may have taken part of the line, or none).
	 */
	synchronized void written(Path file, long bytes, boolean success) {
		this.writing.computeIfPresent(file, (path, count) -> (count > 1) ? count - 1 : null);
		if (success) {
			return;
		}
		TraceFile entry = this.files.get(file);
		if (entry == null) {
			return;
		}
		long actual;
		try {
			actual = Files.size(file);
		}
		catch (NoSuchFileException ex) {
			actual = -1;
		}
		catch (IOException ex) {
			// Unknown: keep counting the reserved bytes, which errs on the safe side.
			return;
		}
		if (actual < 0) {
			this.files.remove(file);
			this.total -= entry.size;
		}
		else {
			this.total += actual - entry.size;
			entry.size = actual;
		}
	}

	private Map.@Nullable Entry<Path, TraceFile> nextDeletable(Iterator<Map.Entry<Path, TraceFile>> oldest, Path file) {
		while (oldest.hasNext()) {
			Map.Entry<Path, TraceFile> candidate = oldest.next();
			if (!candidate.getKey().equals(file) && !this.writing.containsKey(candidate.getKey())) {
				return candidate;
			}
		}
		return null;
	}

	/**
	 * Delete the files past the maximum age (from the head of the index, so only those
	 * are visited), the oldest beyond the budget should the limits have changed, and the
	 * empty day directories but today's.
	 */
	void run() throws IOException {
		int deleted = deleteExpired();
		String today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC).toString();
		JsonlDirectory.deleteEmptyDays(this.directory, today);
		if (deleted > 0 && logger.isDebugEnabled()) {
			logger.debug("Deleted " + deleted + " JSONL trace file(s) under " + this.directory);
		}
	}

	private synchronized int deleteExpired() {
		long oldest = this.clock.millis() - this.maxAge.toMillis();
		int deleted = 0;
		Iterator<Map.Entry<Path, TraceFile>> entries = this.files.entrySet().iterator();
		while (entries.hasNext()) {
			Map.Entry<Path, TraceFile> entry = entries.next();
			boolean expired = entry.getValue().modified < oldest;
			boolean over = this.total > this.maxTotalSize || this.files.size() > this.maxFiles;
			if (!expired && !over) {
				break;
			}
			if (this.writing.containsKey(entry.getKey())) {
				continue;
			}
			if (!delete(entry.getKey())) {
				break;
			}
			this.total -= entry.getValue().size;
			entries.remove();
			deleted++;
		}
		return deleted;
	}

	/**
	 * The bytes of all trace files, as counted.
	 */
	synchronized long totalSize() {
		return this.total;
	}

	/**
	 * The number of trace files, as counted.
	 */
	synchronized int fileCount() {
		return this.files.size();
	}

	/**
	 * Delete a file; one that is gone already counts as deleted.
	 * @return whether the file is gone
	 */
	private boolean delete(Path file) {
		try {
			Files.deleteIfExists(file);
			return true;
		}
		catch (IOException ex) {
			TracingFaults.report("deleting a JSONL trace file under " + this.directory + " to keep its size limit", ex);
			return false;
		}
	}

	private static final class TraceFile {

		long size;

		long modified;

		TraceFile(long size, long modified) {
			this.size = size;
			this.modified = modified;
		}

	}

}
