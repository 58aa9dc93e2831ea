package dev.agenttracing.export.jsonl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The file system side of a JSONL trace directory,
 * {@code <root>/<yyyy-MM-dd>/<name>.jsonl}: creating directories and files accessible by
 * their owner only (on file systems with POSIX permissions), appending a line, listing
 * the trace files and removing empty day directories. Touches nothing else under the
 * root.
 *
 * @author agent-tracing
 */
final class JsonlDirectory {

	private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private static final Set<OpenOption> APPEND = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
			StandardOpenOption.APPEND);

	private static final FileAttribute<?>[] FILE_ATTRIBUTES = POSIX
			? new FileAttribute<?>[] {
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) }
			: new FileAttribute<?>[0];

	private static final FileAttribute<?>[] DIRECTORY_ATTRIBUTES = POSIX
			? new FileAttribute<?>[] {
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")) }
			: new FileAttribute<?>[0];

	private JsonlDirectory() {
	}

	/**
	 * Create a directory (and its parents) if needed, accessible by its owner only.
	 */
	static void create(Path directory) throws IOException {
		if (Files.isDirectory(directory)) {
			return;
		}
		Files.createDirectories(directory, DIRECTORY_ATTRIBUTES);
	}

	/**
	 * Append one line to a trace file, creating the file (owner-only) if needed. The day
	 * directory is not checked first: it exists nearly always, so the open is tried at
	 * once and the directory is created only when the open finds it missing (a new day,
	 * or retention removed it while it was empty).
	 */
	static void appendLine(Path file, ByteBuffer line) throws IOException {
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
			create(Objects.requireNonNull(file.getParent(), "a trace file is in a day directory"));
			return FileChannel.open(file, APPEND, FILE_ATTRIBUTES);
		}
	}

	/**
	 * Every trace file under the root with its size and last modification, in no
	 * particular order. A missing root is an empty one.
	 */
	static List<TraceFileOnDisk> traceFiles(Path root) throws IOException {
		List<TraceFileOnDisk> found = new ArrayList<>();
		if (!Files.isDirectory(root)) {
			return found;
		}
		try (DirectoryStream<Path> days = Files.newDirectoryStream(root)) {
			for (Path day : days) {
				if (!DAY.matcher(day.getFileName().toString()).matches() || !Files.isDirectory(day)) {
					continue;
				}
				try (DirectoryStream<Path> traces = Files.newDirectoryStream(day, "*" + JsonlSpanExporter.SUFFIX)) {
					for (Path file : traces) {
						BasicFileAttributes attributes = attributes(file);
						if (attributes != null && attributes.isRegularFile()) {
							found.add(new TraceFileOnDisk(file, attributes.size(),
									attributes.lastModifiedTime().toMillis()));
						}
					}
				}
			}
		}
		return found;
	}

	/**
	 * Delete the empty day directories, except today's: the exporter is about to write
	 * there, and a directory deleted between its creation and the first file in it would
	 * cost the exporter one more attempt. Lists the day directories only, a few.
	 */
	static void deleteEmptyDays(Path root, String today) throws IOException {
		if (!Files.isDirectory(root)) {
			return;
		}
		try (DirectoryStream<Path> days = Files.newDirectoryStream(root)) {
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

	/**
	 * A trace file found on disk.
	 *
	 * @param file the file
	 * @param size its size in bytes
	 * @param modified its last modification, in epoch milliseconds
	 */
	record TraceFileOnDisk(Path file, long size, long modified) {

	}

}
