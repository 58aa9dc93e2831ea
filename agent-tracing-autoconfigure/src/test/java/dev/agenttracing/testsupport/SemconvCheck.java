package dev.agenttracing.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Assumptions;

import dev.agenttracing.export.jsonl.JsonlSpanExporter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks spans against the official GenAI semantic conventions v1.41.0 model with the
 * project's {@code shared/tools/semconv_check.py} (found beside the repository, as on
 * every developer machine and in CI). The spans are written as OTLP-JSON lines by the
 * real {@link JsonlSpanExporter}, so what is checked is what a user's trace files hold.
 * Skips, with the reason, only where the checker or {@code python3} with PyYAML is
 * missing ({@code .ci/run} installs them).
 * <p>
 * Shared with the integration modules through this module's test jar.
 */
public final class SemconvCheck {

	private SemconvCheck() {
	}

	/**
	 * Assert that the checker finds nothing wrong with the given spans.
	 * @param spans the spans, at least one of them a GenAI span
	 * @param options extra checker options, such as {@code --no-provider-specific}
	 */
	public static void assertNoFindings(Collection<SpanData> spans, String... options) {
		assertThat(spans).as("spans to check").isNotEmpty();
		Path script = findScript();
		Assumptions.assumeTrue(script != null,
				"semconv check skipped: shared/tools/semconv_check.py not found beside the repository");
		try {
			Path directory = Files.createTempDirectory("semconv-check");
			JsonlSpanExporter exporter = JsonlSpanExporter.builder(directory).build();
			exporter.export(spans).join(10, TimeUnit.SECONDS);
			exporter.shutdown().join(10, TimeUnit.SECONDS);
			List<String> command = new ArrayList<>(List.of(python(), script.toString()));
			command.addAll(List.of(options));
			try (Stream<Path> files = Files.walk(directory)) {
				files.filter((file) -> file.toString().endsWith(JsonlSpanExporter.SUFFIX))
					.forEach((file) -> command.add(file.toString()));
			}
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output;
			try (InputStream in = process.getInputStream()) {
				output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("semconv check finished").isTrue();
			Assumptions.assumeFalse(output.contains("No module named 'yaml'"),
					"semconv check skipped: python3 lacks PyYAML (apt-get install python3-yaml)");
			assertThat(output).as("semconv check output").contains(" 0 findings");
			assertThat(process.exitValue()).as("semconv check exit status (output: %s)", output).isZero();
		}
		catch (IOException ex) {
			Assumptions.abort("semconv check skipped: cannot run python3 (" + ex.getMessage() + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	// Debian's python3, where .ci/run installs PyYAML, rather than whichever python3
	// comes first
	// on the PATH (a version manager's may lack it).
	private static String python() {
		return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
	}

	private static Path findScript() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null) {
			Path candidate = directory.resolve("shared/tools/semconv_check.py");
			if (Files.isRegularFile(candidate)) {
				return candidate;
			}
			directory = directory.getParent();
		}
		return null;
	}

}
