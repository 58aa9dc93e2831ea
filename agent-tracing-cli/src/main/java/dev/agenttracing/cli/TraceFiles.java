package dev.agenttracing.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.opentelemetry.sdk.trace.data.SpanData;

import dev.agenttracing.export.RunTree;
import dev.agenttracing.export.RunTreeAssembler;

/**
 * Trace files on disk: agent-tracing's JSONL files ({@code
 *
<dir>
 * /<day>/<traceId>.jsonl}) and any OTLP/JSON file, such as the Collector's file exporter
 * output (one {@code ExportTraceServiceRequest} a line, any number of traces a file).
 * Spans are assembled into top-level agent runs exactly as the console run log does.
 */
final class TraceFiles {

	private static final Comparator<RunTree> BY_START = Comparator
		.comparingLong((RunTree tree) -> tree.span().getStartEpochNanos());

	private TraceFiles() {
	}

	/**
	 * The trace files of a directory, recursively, or the file itself.
	 */
	static List<Path> find(Path path) {
		if (Files.isRegularFile(path)) {
			return List.of(path);
		}
		if (!Files.isDirectory(path)) {
			throw new IllegalArgumentException("No such file or directory: " + path);
		}
		try (Stream<Path> files = Files.walk(path)) {
			return files.filter(Files::isRegularFile).filter(TraceFiles::isTraceFile).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The files called {@code name} in a directory or in its immediate subdirectories
	 * (the day directories of agent-tracing's layout): a look-up per day, whatever the
	 * number of files.
	 */
	static List<Path> named(Path directory, String name) {
		if (!Files.isDirectory(directory)) {
			throw new IllegalArgumentException("No such file or directory: " + directory);
		}
		List<Path> found = new ArrayList<>();
		if (Files.isRegularFile(directory.resolve(name))) {
			found.add(directory.resolve(name));
		}
		try (Stream<Path> days = Files.list(directory)) {
			days.filter(Files::isDirectory)
				.map((day) -> day.resolve(name))
				.filter(Files::isRegularFile)
				.sorted()
				.forEach(found::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return found;
	}

	private static boolean isTraceFile(Path file) {
		String name = file.getFileName().toString();
		return name.endsWith(".jsonl") || name.endsWith(".json");
	}

	/**
	 * Every top-level agent run in the files, oldest first.
	 */
	static List<RunTree> runs(Collection<Path> files, Problems problems) {
		Map<String, List<SpanData>> byTrace = new LinkedHashMap<>();
		for (Path file : files) {
			for (SpanData span : spans(file, problems)) {
				byTrace.computeIfAbsent(span.getTraceId(), (id) -> new ArrayList<>()).add(span);
			}
		}
		// All of a trace's spans at once: no bound is needed, the files are the bound.
		RunTreeAssembler assembler = new RunTreeAssembler(Integer.MAX_VALUE, Long.MAX_VALUE);
		List<RunTree> runs = new ArrayList<>();
		for (List<SpanData> trace : byTrace.values()) {
			runs.addAll(assembler.add(trace));
		}
		runs.sort(BY_START);
		return runs;
	}

	private static List<SpanData> spans(Path file, Problems problems) {
		List<SpanData> spans = new ArrayList<>();
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			int number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				if (line.isBlank()) {
					continue;
				}
				try {
					spans.addAll(OtlpJson.spans(line));
				}
				catch (RuntimeException ex) {
					problems.report(file + ":" + number + ": not an OTLP/JSON trace request (" + ex.getMessage() + ")");
				}
			}
		}
		catch (IOException ex) {
			problems.report(file + ": " + ex.getMessage());
		}
		return spans;
	}

	/**
	 * Lines that could not be read: reported once each on standard error, never fatal.
	 */
	interface Problems {

		void report(String problem);

	}

}
