package dev.agenttracing.export.jsonl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a JSONL trace directory within its age and size limits. Only touches
 * {@code <yyyy-MM-dd>/<name>.jsonl} files and empty {@code <yyyy-MM-dd>} directories.
 *
 * @author agent-tracing
 */
final class JsonlRetention {

	private static final Log logger = LogFactory.getLog(JsonlRetention.class);

	private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

	private final Path directory;

	private final Duration maxAge;

	private final long maxTotalSize;

	private final Clock clock;

	JsonlRetention(Path directory, Duration maxAge, long maxTotalSize, Clock clock) {
		this.directory = directory;
		this.maxAge = maxAge;
		this.maxTotalSize = maxTotalSize;
		this.clock = clock;
	}

	void run() throws IOException {
		if (!Files.isDirectory(this.directory)) {
			return;
		}
		Instant oldest = this.clock.instant().minus(this.maxAge);
		List<TraceFile> kept = new ArrayList<>();
		long total = 0;
		int deleted = 0;
		try (DirectoryStream<Path> days = Files.newDirectoryStream(this.directory)) {
			for (Path day : days) {
				if (!DAY.matcher(day.getFileName().toString()).matches() || !Files.isDirectory(day)) {
					continue;
				}
				try (DirectoryStream<Path> files = Files.newDirectoryStream(day, "*" + JsonlSpanExporter.SUFFIX)) {
					for (Path file : files) {
						BasicFileAttributes attributes = attributes(file);
						if (attributes == null) {
							continue;
						}
						if (attributes.lastModifiedTime().toInstant().isBefore(oldest)) {
							deleted += delete(file);
						}
						else {
							kept.add(new TraceFile(file, attributes.lastModifiedTime().toInstant(), attributes.size()));
							total += attributes.size();
						}
					}
				}
			}
		}
		if (total > this.maxTotalSize) {
			kept.sort(Comparator.comparing(TraceFile::modified));
			for (TraceFile file : kept) {
				if (total <= this.maxTotalSize) {
					break;
				}
				deleted += delete(file.path());
				total -= file.size();
			}
		}
		deleteEmptyDays(LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC).toString());
		if (deleted > 0 && logger.isDebugEnabled()) {
			logger.debug("Deleted " + deleted + " JSONL trace file(s) under " + this.directory);
		}
	}

	/**
	 * Delete the empty day directories, except today's: the exporter is about to write there,
	 * and a directory deleted between its creation and the first file in it would cost the
	 * exporter one more attempt.
	 */
	private void deleteEmptyDays(String today) throws IOException {
		try (DirectoryStream<Path> days = Files.newDirectoryStream(this.directory)) {
			for (Path day : days) {
				String name = day.getFileName().toString();
				if (DAY.matcher(name).matches() && !name.equals(today) && Files.isDirectory(day)) {
					try (DirectoryStream<Path> entries = Files.newDirectoryStream(day)) {
						if (entries.iterator().hasNext()) {
							continue;
						}
					}
					try {
						Files.deleteIfExists(day);
					}
					catch (IOException ex) {
						// A writer created a file in it meanwhile: keep it.
					}
				}
			}
		}
	}

	private static @Nullable BasicFileAttributes attributes(Path file) throws IOException {
		try {
			return Files.readAttributes(file, BasicFileAttributes.class);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	private static int delete(Path file) throws IOException {
		return Files.deleteIfExists(file) ? 1 : 0;
	}

	private record TraceFile(Path path, Instant modified, long size) {

	}

}
